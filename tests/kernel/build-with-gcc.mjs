#!/usr/bin/env node
// Builds the mCertiKOS kernel and its per-layer test images with the external
// oracle toolchain, gcc -m32 / GNU as / GNU ld, from the module lists of
// kernels/mcertikos/Layerfile, and optionally boots one in QEMU.
//
//   node tests/kernel/build-with-gcc.mjs [--test LAYER | --all-tests] [--out DIR] [--cc i386-tcc]
//                                         [--boot] [--timeout S]
//
// Prints the image paths; with --boot, streams the serial console of the
// kernel (or of LAYER's test image) and exits with the status the kernel
// wrote to the exit device.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadKernelLayerfile, stack, repoRoot } from './layerfile.mjs';
import { bootInQemu } from './qemu.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

// The Layerfile's own cflags (e.g. -O1) come after these.
export const KERNEL_CFLAGS = ['-m32', '-ffreestanding', '-nostdlib', '-fno-pic', '-fno-stack-protector',
  '-fno-asynchronous-unwind-tables', '-Wall', '-Werror', '-std=gnu99'];
const PROGRAM_CFLAGS = ['-O1'];

function run(cmd, args) {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')}\n${stdout}${stderr}`));
      else resolve();
    });
  });
}

/** Runs `jobs` (functions returning promises) at most `width` at a time, in order of results. */
async function pool(jobs, width = Math.max(1, os.cpus().length)) {
  const results = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, worker));
  return results;
}

/**
 * Compiles (.c) or preprocesses and assembles (.S, always with gcc/as) one
 * module. cc 'i386-tcc' compiles the C with TinyCC instead: a second,
 * independent compiler, to keep the kernel's C free of gcc-isms.
 */
export async function compileModule(src, obj, includeDirs, cflags = ['-O1'], cc = 'gcc') {
  fs.mkdirSync(path.dirname(obj), { recursive: true });
  const inc = includeDirs.flatMap((d) => ['-I', d]);
  if (src.endsWith('.c') && cc === 'i386-tcc') await run(cc, ['-Wall', '-Werror', ...inc, '-c', src, '-o', obj]);
  else if (src.endsWith('.c')) await run(cc, [...KERNEL_CFLAGS, ...cflags, ...inc, '-c', src, '-o', obj]);
  else await run('gcc', ['-m32', '-fno-pic', ...inc, '-c', src, '-o', obj]);
  return obj;
}

const objName = (dir, src) => path.join(dir, path.basename(src).replace(/\.[cSs]$/, '.o'));

async function buildProgram(p, outDir, cc) {
  const objs = await Promise.all(p.sources.map((src) => compileModule(src, objName(path.join(outDir, 'user', p.name), src), [], PROGRAM_CFLAGS, cc)));
  const exe = path.join(outDir, 'user', p.name, p.name);
  await run('ld', ['-m', 'elf_i386', '-T', path.join(here, 'user.ld'), '--build-id=none', '-o', exe, ...objs]);
  return exe;
}

/** An assembly file that embeds each program as _binary_<name>_start/_end. */
async function buildBlobs(programs, outDir) {
  const lines = ['        .section .rodata'];
  for (const [name, exe] of programs)
    lines.push('        .align 4', `        .globl _binary_${name}_start`, `        .globl _binary_${name}_end`,
      `_binary_${name}_start:`, `        .incbin "${exe}"`, `_binary_${name}_end:`);
  const src = path.join(outDir, 'blobs.S');
  fs.writeFileSync(src, lines.join('\n') + '\n');
  return compileModule(src, path.join(outDir, 'blobs.o'), []);
}

async function link(elf, objects) {
  await run('ld', ['-m', 'elf_i386', '-T', path.join(here, 'kernel.ld'), '--build-id=none', '-o', elf, ...objects]);
  return elf;
}

/**
 * Builds the default image and the test images of `tests` (layer names, or
 * 'all'). Returns { lf, image, objects: Map(layer -> [obj]), testObjects,
 * testImages: Map(layer -> elf) }.
 */
export async function buildKernel({ layerfile, outDir = path.join(repoRoot, 'build/gcc'), tests = [], cc = 'gcc' } = {}) {
  const lf = loadKernelLayerfile(layerfile);
  const image = lf.images.get(lf.defaultImage);
  const order = stack(lf, image.top);
  const testLayers = tests === 'all' ? order.filter((n) => lf.layers.get(n).test) : tests;
  fs.rmSync(outDir, { recursive: true, force: true });

  const jobs = [];
  for (const name of order) {
    const l = lf.layers.get(name);
    for (const src of l.modules) jobs.push({ layer: name, run: () => compileModule(src, objName(path.join(outDir, 'obj', name), src), l.include, l.cflags, cc) });
  }
  for (const name of testLayers) {
    const l = lf.layers.get(name);
    jobs.push({ test: name, run: () => compileModule(l.test, path.join(outDir, 'obj', 'tests', `${name}.o`), l.include, l.cflags, cc) });
  }
  const programs = (image.programs ?? []).map((p) => lf.programs.get(p));
  const [objs, exes] = await Promise.all([pool(jobs.map((j) => j.run)), pool(programs.map((p) => () => buildProgram(p, outDir, cc)), 1)]);
  const blobs = await buildBlobs(programs.map((p, i) => [p.name, exes[i]]), outDir);

  const objects = new Map(order.map((n) => [n, []]));
  const testObjects = new Map();
  jobs.forEach((j, i) => (j.layer ? objects.get(j.layer).push(objs[i]) : testObjects.set(j.test, objs[i])));
  const elf = await link(path.join(outDir, `${lf.defaultImage}.elf`), [...[...objects.values()].flat(), blobs]);
  const testImages = new Map();
  await pool(testLayers.map((name) => async () => {
    const layerObjs = stack(lf, name).flatMap((n) => objects.get(n));
    testImages.set(name, await link(path.join(outDir, `test-${name}.elf`), [...layerObjs, testObjects.get(name), blobs]));
  }));
  return { lf, image: elf, objects, testObjects, testImages, programs: new Map(programs.map((p, i) => [p.name, exes[i]])) };
}

/** The serial pattern a layer's test image must print. */
export const testVerdict = (layer) => new RegExp(`^${layer}: (PASS|FAIL[^\n]*)\r?\n`, 'm');

/** Test images of layers that pass no exit primitive up print their verdict and spin. */
export const bootTestImage = (layer, elf, opts = {}) => bootInQemu(elf, { stopOn: testVerdict(layer), ...opts });

async function main() {
  const args = process.argv.slice(2);
  const opt = (flag) => { const i = args.indexOf(flag); return i >= 0 ? args[i + 1] : undefined; };
  const testLayer = opt('--test');
  let built;
  try {
    built = await buildKernel({ outDir: opt('--out'), cc: opt('--cc'), tests: args.includes('--all-tests') ? 'all' : testLayer ? [testLayer] : [] });
  } catch (e) {
    process.stderr.write(`build-with-gcc: ${e.message}\n`);
    process.exit(1);
  }
  const elf = testLayer ? built.testImages.get(testLayer) : built.image;
  for (const f of [built.image, ...built.testImages.values()]) process.stdout.write(`${path.relative(process.cwd(), f)}\n`);
  if (!args.includes('--boot')) return;
  const opts = { timeoutMs: Number(opt('--timeout') ?? 60) * 1000, onOutput: (s) => process.stdout.write(s) };
  const result = testLayer ? await bootTestImage(testLayer, elf, opts) : await bootInQemu(elf, opts);
  if (result.timedOut) process.stderr.write('build-with-gcc: QEMU timed out\n');
  if (result.stopped) process.exit(testVerdict(testLayer).exec(result.output)[1] === 'PASS' ? 0 : 1);
  process.exit(result.exitCode ?? 1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
