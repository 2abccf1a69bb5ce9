// Hide sets (Prosser's algorithm): the names of the macros a token came out of. A
// macro is never expanded in a token whose hide set holds its name, which is what
// stops `#define f f` or mutual recursion from expanding forever. Sets are immutable
// and shared; most tokens have none (undefined).

export type HideSet = ReadonlySet<string> | undefined;

const singletons = new Map<string, ReadonlySet<string>>();

export function hideSetOf(name: string): ReadonlySet<string> {
  let set = singletons.get(name);
  if (!set) {
    set = new Set([name]);
    singletons.set(name, set);
  }
  return set;
}

export function hideSetUnion(a: HideSet, b: HideSet): HideSet {
  if (!a || a.size === 0) return b;
  if (!b || b.size === 0 || a === b) return a;
  const out = new Set(a);
  for (const name of b) out.add(name);
  return out;
}

export function hideSetIntersection(a: HideSet, b: HideSet): HideSet {
  if (!a || !b) return undefined;
  if (a === b) return a;
  const out = new Set<string>();
  for (const name of a) if (b.has(name)) out.add(name);
  return out.size ? out : undefined;
}

export function hideSetAdd(set: HideSet, name: string): HideSet {
  if (!set || set.size === 0) return hideSetOf(name);
  if (set.has(name)) return set;
  return new Set(set).add(name);
}
