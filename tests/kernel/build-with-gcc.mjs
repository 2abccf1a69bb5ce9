#!/usr/bin/env node
// Builds the mCertiKOS kernel (or one layer's test image) with the external
// oracle toolchain, gcc -m32 / GNU as / GNU ld, from the module lists of
// kernels/mcertikos/Layerfile, and optionally boots it in QEMU.
//
//   node tests/kernel/build-with-gcc.mjs [--test LAYER] [--out DIR] [--boot] [--timeout S]
//
// Prints the image path; with --boot, streams the serial console and exits
// with the kernel's exit-device status (0 when it wrote 0 to port 0xf4).
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadKernelLayerfile, stack, repoRoot, kernelDir } from './layerfile.mjs';
import { bootInQemu } from './qemu.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

export const KERNEL_CFLAGS = ['-m32', '-ffreestanding', '-nostdlib', '-fno-pic', '-fno-stack-protector',
  '-fno-asynchronous-unwind-tables', '-O1', '-Wall', '-Werror', '-std=gnu99'];

function run(cmd, args) {
  try {
    execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const out = `${e.stdout ?? ''}${e.stderr ?? ''}`;
    throw new Error(`${cmd} ${args.join(' ')}\n${out}`);
  }
}

function objectName(outDir, layer, src) {
  return path.join(outDir, 'obj', layer, path.basename(src).replace(/\.[cSs]$/, '.o'));
}

/** Compiles or assembles one module into an object; returns the object path. */
export function compileModule(src, obj, includeDirs) {
  fs.mkdirSync(path.dirname(obj), { recursive: true });
  const inc = includeDirs.flatMap((d) => ['-I', d]);
  if (src.endsWith('.c')) run('gcc', [...KERNEL_CFLAGS, ...inc, '-c', src, '-o', obj]);
  else run('gcc', ['-m32', '-fno-pic', ...inc, '-c', src, '-o', obj]);
  return obj;
}

/** Builds every layer of the stack; returns { layer: [objects] } in stack order. */
export function buildLayers(lf, layerNames, outDir) {
  const objects = new Map();
  for (const name of layerNames) {
    const l = lf.layers.get(name);
    objects.set(name, l.modules.map((src) => compileModule(src, objectName(outDir, name, src), l.include)));
  }
  return objects;
}

function buildProgram(p, outDir) {
  const objs = p.sources.map((src) =>
    compileModule(src, path.join(outDir, 'user', p.name, path.basename(src).replace(/\.c$/, '.o')), []));
  const exe = path.join(outDir, 'user', p.name, p.name);
  run('ld', ['-m', 'elf_i386', '-T', path.join(here, 'user.ld'), '--build-id=none', '-o', exe, ...objs]);
  return exe;
}

/** An assembly file that embeds each program as _binary_<name>_start/_end. */
function buildBlobs(programs, outDir) {
  const lines = ['        .section .rodata'];
  for (const [name, exe] of programs) {
    lines.push('        .align 4', `        .globl _binary_${name}_start`, `        .globl _binary_${name}_end`,
      `_binary_${name}_start:`, `        .incbin "${exe}"`, `_binary_${name}_end:`);
  }
  const src = path.join(outDir, 'blobs.S');
  fs.writeFileSync(src, lines.join('\n') + '\n');
  return compileModule(src, path.join(outDir, 'blobs.o'), []);
}

/**
 * Builds the default image, or with `testLayer` that layer's test image (its
 * stack plus its test.c as a module one layer up). Returns the paths.
 */
export function buildImage({ testLayer, outDir = path.join(repoRoot, 'build/gcc') } = {}) {
  const lf = loadKernelLayerfile();
  const image = lf.images.get(lf.defaultImage);
  const top = testLayer ?? image.top;
  const layerNames = stack(lf, top);
  const name = testLayer ? `test-${testLayer}` : lf.defaultImage;
  const dir = path.join(outDir, name);
  fs.rmSync(dir, { recursive: true, force: true });
  const objects = buildLayers(lf, layerNames, dir);
  const all = [...objects.values()].flat();
  if (testLayer) {
    const l = lf.layers.get(testLayer);
    all.push(compileModule(l.test, path.join(dir, 'obj', `test-${testLayer}`, 'test.o'), l.include));
  }
  const programs = (image.programs ?? []).map((p) => [p, buildProgram(lf.programs.get(p), dir)]);
  all.push(buildBlobs(programs, dir));
  const elf = path.join(dir, `${name}.elf`);
  run('ld', ['-m', 'elf_i386', '-T', path.join(here, 'kernel.ld'), '--build-id=none', '-o', elf, ...all]);
  return { elf, dir, layers: layerNames, objects, programs: new Map(programs) };
}

async function main() {
  const args = process.argv.slice(2);
  const opt = (flag) => { const i = args.indexOf(flag); return i >= 0 ? args[i + 1] : undefined; };
  const testLayer = opt('--test');
  const outDir = opt('--out');
  let built;
  try {
    built = buildImage({ testLayer, outDir });
  } catch (e) {
    process.stderr.write(`build-with-gcc: ${e.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`${path.relative(process.cwd(), built.elf)}\n`);
  if (!args.includes('--boot')) return;
  const expect = testLayer ? new RegExp(`${testLayer}: (PASS|FAIL)`) : undefined;
  const result = await bootInQemu(built.elf, {
    timeoutMs: Number(opt('--timeout') ?? 60) * 1000,
    stopOn: testLayer === 'MConsole' ? expect : undefined,
    onOutput: (s) => process.stdout.write(s),
  });
  if (result.timedOut) process.stderr.write('build-with-gcc: QEMU timed out\n');
  process.exit(result.exitCode ?? 1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
export { kernelDir };
