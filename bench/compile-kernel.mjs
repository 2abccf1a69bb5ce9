#!/usr/bin/env node
// Compile + assemble CPU for the bundled kernel, in one process: every C and .S
// module of kernels/mcertikos's plan goes through the same work items a build's
// workers run (compile with the inline bodies of its underlay, then assemble), for
// several rounds. Prints ms per round (the first, cold-JIT round, and the median of
// the others), the CPU time, and a sha256 over all outputs, which a speed change
// must leave unchanged.
//
//   node bench/compile-kernel.mjs [--rounds N] [--kernel DIR] [--image NAME|all] [--dump DIR]
//
// The code is bundled from src/ with the options dist/ uses (scripts/build.mjs),
// so the figures are those of the worker bundle without needing `npm run build`.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const DUMP = option('--dump', undefined);
const ROUNDS = Number(option('--rounds', 8));
const KERNEL = resolve(option('--kernel', join(root, 'kernels/mcertikos')));
// What `layermake build IMAGE` compiles: the image's modules and those of the programs it embeds ("all": every module).
const IMAGE = option('--image', 'mcertikos');

const work = mkdtempSync(join(tmpdir(), 'lm-bench-compile-kernel-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

// One entry with what the bench needs: planning (graph + scheduler) and the worker's performWork.
const bundle = join(work, 'bench.mjs');
await build({
  stdin: {
    contents: [
      "export { loadLayerfile } from './src/graph/load.ts';",
      "export { planFromProject } from './src/scheduler/fromGraph.ts';",
      "export { performWork } from './src/scheduler/work.ts';",
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  outfile: bundle,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minifySyntax: true,
  external: ['piscina', 'chokidar'],
  banner: { js: "import { createRequire as __layermakeRequire } from 'node:module'; const require = __layermakeRequire(import.meta.url);" },
  define: { LAYERMAKE_VERSION: '"bench"', LAYERMAKE_BUILD_ID: '"bench"' },
  logLevel: 'warning',
});
const { loadLayerfile, planFromProject, performWork } = await import(pathToFileURL(bundle).href);

const { project, graph, diagnostics } = loadLayerfile(join(KERNEL, 'Layerfile'));
if (!project) throw new Error(`cannot load ${KERNEL}/Layerfile: ${diagnostics.map((d) => d.message).join('; ')}`);
const { plan } = planFromProject(project, graph);
const byId = new Map(plan.modules.map((m) => [m.id, m]));

const imagesByName = new Map(plan.images.map((i) => [i.name, i]));
const imageModules = (name) => {
  const image = imagesByName.get(name);
  if (!image) throw new Error(`no image ${name} (known: ${[...imagesByName.keys()].join(', ')})`);
  return [...image.link.layers.flatMap((layer) => layer.modules), ...image.blobs.flatMap(imageModules)];
};
const roots = IMAGE === 'all' ? plan.modules : [...new Set(imageModules(IMAGE))].map((id) => byId.get(id));

// Modules in an order where every module's inline sources come first (as the DAG runs them).
const ordered = [];
const placed = new Set();
const place = (module) => {
  if (placed.has(module.id)) return;
  placed.add(module.id);
  for (const from of module.inlineFrom) place(byId.get(from));
  ordered.push(module);
};
roots.forEach(place);

if (DUMP) mkdirSync(DUMP, { recursive: true });
const sources = new Map(plan.modules.map((m) => [m.id, readFileSync(m.source, 'utf8')]));
const interfaces = new Map(plan.modules.map((m) => [m.id, plan.fullInterface?.(m) ?? m.iface]));

/** One build's worth of compile + assemble work; returns every output, in plan order. */
function round(perModule) {
  const compiled = new Map();
  const outputs = [];
  for (const module of ordered) {
    const started = performance.now();
    const text = sources.get(module.id);
    let asmText = text;
    let file = module.source;
    if (module.language === 'c') {
      const wanted = new Set((module.iface?.underlayPrimitives ?? []).filter((p) => p.inline).map((p) => p.name));
      const inlineBodies = module.inlineFrom
        .flatMap((from) => compiled.get(from).inlineExports.filter((b) => wanted.has(b.name)))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const request = {
        file: module.source, text, optLevel: module.optLevel, includeDirs: module.includeDirs,
        defines: module.defines, iface: interfaces.get(module.id), inlineBodies,
      };
      const { result } = performWork({ kind: 'compile', toolchain: module.toolchain, request });
      if (result.asm === undefined) throw new Error(`${module.id}: ${result.diagnostics.map((d) => d.message).join('; ')}`);
      compiled.set(module.id, result);
      outputs.push(result.asm, JSON.stringify(result.inlineExports));
      asmText = result.asm;
      if (DUMP) writeFileSync(join(DUMP, module.id.replace(/[/.]/g, '_') + '.s'), result.asm);
      file = module.source.replace(/\.c$/, '.s');
    }
    const preprocess = module.language !== 'c' && module.source.endsWith('.S');
    const request = { file, text: asmText, preprocess, includeDirs: module.includeDirs, defines: module.defines };
    const { result } = performWork({ kind: 'assemble', toolchain: module.toolchain, request });
    if (!result.object) throw new Error(`${module.id}: ${result.diagnostics.map((d) => d.message).join('; ')}`);
    outputs.push(Buffer.from(result.object));
    perModule?.push(performance.now() - started);
  }
  return outputs;
}

/** CPU time of this thread alone (ns), as a worker thread's own time; 0 where Linux's schedstat is missing. */
function threadCpuMs() {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return 0;
  }
}

const firstRound = [];
const threadCpu = [];
const wall = [];
const cpu = [];
let digest;
for (let r = 0; r < ROUNDS; r++) {
  const usage = process.cpuUsage();
  const threadStart = threadCpuMs();
  const start = performance.now();
  const outputs = round(r === 0 ? firstRound : undefined);
  wall.push(performance.now() - start);
  threadCpu.push(threadCpuMs() - threadStart);
  const used = process.cpuUsage(usage);
  cpu.push((used.user + used.system) / 1000);
  const hash = createHash('sha256');
  for (const o of outputs) hash.update(o);
  const d = hash.digest('hex');
  if (digest && d !== digest) throw new Error('outputs differ between rounds');
  digest = d;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const cModules = ordered.filter((m) => m.language === 'c').length;
console.log(`kernel: ${KERNEL}, image ${IMAGE} (${ordered.length} modules, ${cModules} C, ${ordered.length - cModules} asm)`);
console.log(`round 1 (cold JIT): ${wall[0].toFixed(1)} ms wall, ${cpu[0].toFixed(1)} ms process CPU, ${threadCpu[0].toFixed(1)} ms main-thread CPU`);
if (ROUNDS > 1) {
  console.log(`rounds 2..${ROUNDS} median: ${median(wall.slice(1)).toFixed(1)} ms wall, ${median(cpu.slice(1)).toFixed(1)} ms process CPU, ${median(threadCpu.slice(1)).toFixed(1)} ms main-thread CPU`);
}
// Where the cold round's time goes: one-time warm-up (the first modules) or work per module.
const tenth = Math.ceil(firstRound.length / 10);
const deciles = [];
for (let k = 0; k < firstRound.length; k += tenth) deciles.push(firstRound.slice(k, k + tenth).reduce((a, b) => a + b, 0));
console.log(`round 1 by tenths of the modules: ${deciles.map((d) => d.toFixed(0)).join(' ')} ms`);
console.log(`all rounds: ${wall.map((w) => w.toFixed(0)).join(' ')} ms`);
console.log(`outputs sha256: ${digest}`);
