// --explain: why a job ran, from what changed among the inputs of its cache key.

/** The named inputs of a job's key at its last successful run. */
export interface JobRecord {
  parts: Record<string, string>;
}

const describe: Record<string, string> = {
  tool: 'layermake itself changed',
  source: 'source changed',
  path: 'source moved',
  flags: 'flags changed',
  interface: 'interface of its underlay changed',
  inline: 'an inlined primitive changed',
  input: 'compiler output changed',
  request: 'link settings changed',
  objects: 'objects changed',
  blobs: 'embedded programs changed',
};

export function changedParts(before: Record<string, string>, after: Record<string, string>): string {
  const reasons: string[] = [];
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (before[name] === after[name]) continue;
    if (name.startsWith('header ')) {
      const path = name.slice('header '.length);
      reasons.push(before[name] === undefined ? `now includes ${path}` : after[name] === undefined ? `no longer includes ${path}` : `${path} changed`);
    } else {
      reasons.push(describe[name] ?? `${name} changed`);
    }
  }
  return reasons.length ? reasons.join('; ') : 'cache entry was missing';
}
