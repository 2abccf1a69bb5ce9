// Reads kernels/mcertikos/Layerfile (docs/layerfile.md) for the oracle
// toolchain scripts: layers in bottom-up order, stacks, interfaces, programs.
// It trusts the file's shape; layermake's own loader is the one that
// validates Layerfiles and reports errors with positions.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const kernelDir = path.join(repoRoot, 'kernels/mcertikos');

const nameOf = (entry) => (typeof entry === 'string' ? entry : entry.name);

export function loadKernelLayerfile(file = path.join(kernelDir, 'Layerfile')) {
  const doc = YAML.parse(fs.readFileSync(file, 'utf8'));
  const base = path.dirname(file);
  const defaults = doc.defaults ?? {};
  const layers = new Map();
  for (const [name, l] of Object.entries(doc.layers)) {
    if (l.compose) {
      layers.set(name, { name, compose: l.compose, underlay: undefined });
      continue;
    }
    const dir = path.join(base, l.dir ?? '.');
    layers.set(name, {
      name,
      underlay: l.underlay,
      dir,
      modules: (l.modules ?? []).map((m) => path.join(dir, m)),
      exportFile: l.export ? path.join(dir, l.export) : undefined,
      importFile: l.import ? path.join(dir, l.import) : undefined,
      test: l.test ? path.join(dir, l.test) : undefined,
      fresh: (l.provides?.fresh ?? []).map(nameOf),
      passthrough: (l.provides?.passthrough ?? []).map(nameOf),
      inline: (l.provides?.fresh ?? []).filter((e) => typeof e === 'object' && e.inline).map(nameOf),
      cflags: [...(defaults.cflags ?? []), ...(l.cflags ?? [])],
      include: [...(defaults.include ?? []), ...(l.include ?? [])].map((d) => path.join(base, d)),
    });
  }
  // A composition sits where a layer would: its underlay is its parts' common underlay.
  for (const l of layers.values())
    if (l.compose) l.underlay = layers.get(l.compose[0]).underlay;
  const programs = new Map();
  for (const [name, p] of Object.entries(doc.programs ?? {})) {
    const dir = path.join(base, p.dir ?? '.');
    programs.set(name, {
      name,
      sources: p.sources.map((s) => path.join(dir, s)),
      loadAddress: p['load-address'] ?? 0x40000000,
      entry: p.entry ?? '_start',
    });
  }
  const images = new Map(Object.entries(doc.images ?? {}));
  return { layers, programs, images, defaultImage: doc['default-image'] };
}

/** Everything a layer offers the layer above: fresh and passed-through primitives. */
export function provides(lf, name) {
  const l = lf.layers.get(name);
  if (l.compose) return new Set(l.compose.flatMap((p) => [...provides(lf, p)]));
  return new Set([...l.fresh, ...l.passthrough]);
}

/** The stack under (and including) `top`, bottom-up, compositions expanded into their parts. */
export function stack(lf, top) {
  const chain = [];
  for (let name = top; name; name = lf.layers.get(name).underlay) chain.unshift(name);
  return chain.flatMap((name) => {
    const l = lf.layers.get(name);
    return l.compose ? l.compose : [name];
  });
}

/** Which layer's modules define each primitive (following pass-throughs down). */
export function definingLayer(lf, name, prim) {
  const l = lf.layers.get(name);
  if (l.compose) {
    for (const p of l.compose) if (provides(lf, p).has(prim)) return definingLayer(lf, p, prim);
    return undefined;
  }
  if (l.fresh.includes(prim)) return name;
  if (l.passthrough.includes(prim) && l.underlay) return definingLayer(lf, l.underlay, prim);
  return undefined;
}
