#!/usr/bin/env node
// Checks the layer discipline of kernels/mcertikos on the objects the oracle
// toolchain builds, as layermake's linker will enforce it:
//  - every undefined symbol of a module is defined by its own layer or
//    provided (fresh or passed through) by its immediate underlay; the only
//    exceptions are the image's upcalls (from the bottom layer) and the
//    embedded programs' _binary_* symbols (from the top layer);
//  - every fresh primitive is defined by the layer's modules, every
//    pass-through is provided by the underlay, no symbol is defined twice,
//    and the parts of a horizontal composition provide disjoint primitives;
//  - export.h declares exactly what the layer provides, import.h only what
//    the underlay provides, each with the defining layer's prototype;
//  - each layer's test.c, compiled as in its test image, uses only that
//    layer's primitives and defines the upcall.
//
//   node tests/kernel/check-layers.mjs [--layerfile PATH]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadKernelLayerfile, stack, provides, definingLayer, repoRoot } from './layerfile.mjs';
import { buildKernel } from './build-with-gcc.mjs';

const symbolCache = new Map();
const cacheKey = (obj) => `${obj}@${fs.statSync(obj).mtimeMs}`;

/** Reads the symbols of many objects with one nm run: { defined (global), undefined } each. */
function loadSymbols(objs) {
  const todo = objs.filter((o) => !symbolCache.has(cacheKey(o)));
  if (todo.length === 0) return;
  const fresh = new Map(todo.map((o) => [o, { defined: new Set(), undefined: new Set() }]));
  const out = execFileSync('nm', ['-P', '-A', ...todo], { encoding: 'utf8', maxBuffer: 64 << 20 });
  for (const line of out.split('\n')) {
    // "<object>: <name> <type> [value size]"
    const m = line.match(/^(.*?): (\S+) (\S)/);
    if (!m || !fresh.has(m[1])) continue;
    const s = fresh.get(m[1]);
    if (m[3] === 'U') s.undefined.add(m[2]);
    else if (/[A-Z]/.test(m[3])) s.defined.add(m[2]);
  }
  for (const [o, s] of fresh) symbolCache.set(cacheKey(o), s);
}

function symbols(obj) {
  loadSymbols([obj]);
  return symbolCache.get(cacheKey(obj));
}

/** Prototypes declared in a header: name -> normalised text. */
export function prototypes(file) {
  const map = new Map();
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line.endsWith(');') || line.startsWith('#') || line.startsWith('/*') || line.startsWith('*')) continue;
    const m = line.match(/([A-Za-z_][A-Za-z_0-9]*)\s*\(/);
    if (m) map.set(m[1], line.replace(/\s+/g, ' '));
  }
  return map;
}

/** Where `prim` lives and which layers would have to pass it up to `user`. */
function whereabouts(lf, order, prim, user) {
  const owner = order.find((n) => !lf.layers.get(n).compose && lf.layers.get(n).fresh.includes(prim));
  if (!owner) return `it is defined by no layer of the stack`;
  const from = order.indexOf(owner);
  const to = order.indexOf(user);
  if (from > to) return `it lives in ${owner}, above ${user}: a call upward is never allowed`;
  const mustPass = [];
  for (let name = lf.layers.get(user).underlay; name && name !== owner; name = lf.layers.get(name).underlay) {
    if (!provides(lf, name).has(prim)) mustPass.unshift(name);
  }
  return `it is defined by ${owner}; ${mustPass.join(', ')} would have to pass it through`;
}

/**
 * Checks the objects of a build from buildKernel (with tests: 'all'), or
 * builds the kernel into a temporary directory first.
 */
export async function checkLayers({ layerfile, built } = {}) {
  const lf = loadKernelLayerfile(layerfile);
  const image = lf.images.get(lf.defaultImage);
  const upcalls = new Set(image.upcalls ?? []);
  const order = stack(lf, image.top);          // parts expanded
  const chain = [];                             // compositions as one entry, for "who is above whom"
  for (let n = image.top; n; n = lf.layers.get(n).underlay) chain.unshift(n);
  const position = (name) => {
    const i = chain.indexOf(name);
    if (i >= 0) return i;
    return chain.findIndex((c) => lf.layers.get(c).compose?.includes(name));
  };
  const orderForMessages = [...lf.layers.keys()].sort((a, b) => position(a) - position(b));
  const dir = built ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'layercheck-'));
  const { objects, testObjects } = built ?? await buildKernel({ layerfile, outDir: dir, tests: 'all' });
  loadSymbols([...[...objects.values()].flat(), ...testObjects.values()]);
  const errors = [];
  const definedBy = new Map();
  const rel = (f) => path.relative(repoRoot, f);

  for (const name of order) {
    const l = lf.layers.get(name);
    const below = l.underlay ? provides(lf, l.underlay) : new Set();
    const syms = objects.get(name).map((o, i) => ({ module: l.modules[i], ...symbols(o) }));
    const own = new Set(syms.flatMap((s) => [...s.defined]));
    for (const s of syms) {
      for (const sym of s.defined) {
        if (definedBy.has(sym)) errors.push(`${rel(s.module)}: ${sym} is defined by both ${definedBy.get(sym)} and ${name}`);
        else definedBy.set(sym, name);
      }
      for (const sym of s.undefined) {
        if (own.has(sym) || below.has(sym)) continue;
        if (!l.underlay && upcalls.has(sym)) continue;
        if (name === image.top && /^_binary_.*_(start|end)$/.test(sym)) continue;
        errors.push(`${rel(s.module)}: layer ${name} uses ${sym}, which ${l.underlay ?? 'its underlay'} does not provide: ${whereabouts(lf, orderForMessages, sym, name)}`);
      }
    }
    for (const f of l.fresh) if (!own.has(f)) errors.push(`${name}: fresh primitive ${f} is not defined by its modules`);
    for (const p of l.passthrough) if (!below.has(p)) errors.push(`${name}: passes through ${p}, which ${l.underlay} does not provide`);
  }

  for (const l of lf.layers.values()) {
    if (!l.compose) continue;
    const seen = new Map();
    for (const part of l.compose)
      for (const p of provides(lf, part)) {
        if (seen.has(p)) errors.push(`${l.name}: ${p} is provided by both ${seen.get(p)} and ${part}`);
        seen.set(p, part);
      }
  }

  // Headers: export.h is the layer's interface; import.h a subset of the underlay's.
  const protoOf = (prim, user) => {
    const owner = definingLayer(lf, user, prim);
    return owner ? prototypes(lf.layers.get(owner).exportFile).get(prim) : undefined;
  };
  for (const name of order) {
    const l = lf.layers.get(name);
    const declared = prototypes(l.exportFile);
    const offered = provides(lf, name);
    for (const p of offered) {
      if (!declared.has(p)) errors.push(`${rel(l.exportFile)}: ${p} is provided by ${name} but not declared`);
      else if (declared.get(p) !== protoOf(p, name)) errors.push(`${rel(l.exportFile)}: prototype of ${p} differs from its definer's: ${declared.get(p)} vs ${protoOf(p, name)}`);
    }
    for (const p of declared.keys()) if (!offered.has(p)) errors.push(`${rel(l.exportFile)}: declares ${p}, which ${name} does not provide`);
    if (l.importFile) {
      const below = provides(lf, l.underlay);
      for (const [p, text] of prototypes(l.importFile)) {
        if (!below.has(p)) errors.push(`${rel(l.importFile)}: imports ${p}, which ${l.underlay} does not provide`);
        else if (text !== protoOf(p, l.underlay)) errors.push(`${rel(l.importFile)}: prototype of ${p} differs from its definer's`);
      }
    }
    // The test image: test.c one layer up, against exactly this layer's interface.
    if (l.test) {
      const s = symbols(testObjects.get(name));
      if (!s.defined.has('kernel_main')) errors.push(`${rel(l.test)}: does not define the upcall kernel_main`);
      for (const sym of s.undefined)
        if (!offered.has(sym)) errors.push(`${rel(l.test)}: the test of ${name} uses ${sym}, which ${name} does not provide: ${whereabouts(lf, orderForMessages, sym, name)}`);
    }
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  const passthroughs = order.reduce((n, name) => n + lf.layers.get(name).passthrough.length, 0);
  return { errors, layers: lf.layers.size, modules: order.reduce((n, name) => n + lf.layers.get(name).modules.length, 0), passthroughs };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--layerfile');
  let result;
  try {
    result = await checkLayers({ layerfile: i >= 0 ? path.resolve(args[i + 1]) : undefined });
  } catch (e) {
    process.stderr.write(`check-layers: ${e.message}\n`);
    process.exit(1);
  }
  for (const e of result.errors) process.stderr.write(`error: ${e}\n`);
  process.stdout.write(`${result.layers} layers, ${result.modules} modules, ${result.passthroughs} pass-throughs: ` +
    `${result.errors.length === 0 ? 'layer discipline holds' : `${result.errors.length} violations`}\n`);
  process.exit(result.errors.length === 0 ? 0 : 1);
}
