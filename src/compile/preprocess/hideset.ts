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

/**
 * Unions by identity of their operands: every token of an expansion takes the union
 * of its own set and the invocation's, mostly the same two sets, so one copy serves
 * them all. Weak maps let unused sets go.
 */
const unions = new WeakMap<ReadonlySet<string>, WeakMap<ReadonlySet<string>, ReadonlySet<string>>>();

export function hideSetUnion(a: HideSet, b: HideSet): HideSet {
  if (!a || a.size === 0) return b;
  if (!b || b.size === 0 || a === b) return a;
  let withA = unions.get(a);
  if (!withA) unions.set(a, (withA = new WeakMap()));
  let out = withA.get(b);
  if (!out) {
    const union = new Set(a);
    for (const name of b) union.add(name);
    withA.set(b, (out = union));
  }
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
