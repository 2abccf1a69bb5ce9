// Linking a kernel-sized layered set of objects: layermake's linker against GNU
// `ld -m elf_i386`, measured in the same run on the same objects.
//
//   node bench/link.mjs [layers=10] [modulesPerLayer=4] [runs=15]
//
// The objects come from gcc -m32 (generated C: every layer's modules call the
// primitives of the layer below, hold data, rodata and bss). Ours is timed in
// process from reading the object files to writing the image and map; ld as the
// wall time of its process doing the same (its start-up is part of its cost, as
// node's is of ours, so ours is also timed as a fresh node process).

import { build } from 'esbuild';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const [layerCount = 10, modulesPerLayer = 4, runs = 15] = process.argv.slice(2).map(Number);
const FUNCTIONS_PER_MODULE = 12;
const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'layermake-bench-link-'));

/** Our linker the way ld runs: a new process that reads the objects, links and writes. */
const COLD_RUNNER = `
import { readFileSync, writeFileSync } from 'node:fs';
import { link } from './ld.mjs';
const stack = JSON.parse(readFileSync('stack.json', 'utf8'));
const result = link({ image: 'bench', entry: 'start', upcalls: ['kernel_main'], layers: stack.map((l) => ({
  name: l.name, underlay: l.underlay ?? undefined, fresh: l.fresh, passThrough: [],
  modules: l.modules.map((m) => ({ source: m.file, object: readFileSync(m.object) })),
})) });
writeFileSync('cold.elf', result.elf);
writeFileSync('cold.map', result.map);
`;

try {
  const { link } = await loadLinker();
  const stack = generateKernel();
  await compileAll(stack);
  const request = () => ({
    image: 'bench', entry: 'start', upcalls: ['kernel_main'],
    layers: stack.map((l) => ({
      name: l.name, underlay: l.underlay, fresh: l.fresh, passThrough: [],
      modules: l.modules.map((m) => ({ source: m.file, object: readFileSync(join(work, m.object)) })),
    })),
  });
  const objects = stack.flatMap((l) => l.modules.map((m) => m.object));
  const asmLines = objects.reduce((n, o) => n + readFileSync(join(work, o.replace(/\.o$/, '.s')), 'utf8').split('\n').length, 0);

  const first = link(request());
  if (!first.elf) throw new Error(first.diagnostics.map((d) => d.message).join('\n'));
  writeFileSync(join(work, 'layout.ld'), ldScript());

  const ours = measure(() => {
    const result = link(request());
    writeFileSync(join(work, 'ours.elf'), result.elf);
    writeFileSync(join(work, 'ours.map'), result.map);
  });
  writeFileSync(join(work, 'stack.json'), JSON.stringify(stack));
  writeFileSync(join(work, 'cold.mjs'), COLD_RUNNER);
  const oursCold = measure(() => execFileSync(process.execPath, ['cold.mjs'], { cwd: work }));
  const theirs = measure(() => {
    execFileSync('ld', ['-m', 'elf_i386', '-T', 'layout.ld', '-Map', 'ld.map', '-o', 'ld.elf', ...objects], { cwd: work });
  });

  console.log(`input: ${objects.length} objects in ${stack.length} layers, ${asmLines} lines of gcc assembly, ${(objects.reduce((n, o) => n + readFileSync(join(work, o)).length, 0) / 1024).toFixed(0)} KiB of objects`);
  console.log(`image: ${first.elf.length} bytes`);
  console.log(`layermake link (in process, read objects .. write image+map): median ${ours.toFixed(1)} ms over ${runs} runs`);
  console.log(`GNU ld -m elf_i386 (process wall time, same objects and map): median ${theirs.toFixed(1)} ms over ${runs} runs`);
  console.log(`layermake link as a fresh node process (start-up included): median ${oursCold.toFixed(1)} ms over ${runs} runs`);
  console.log(`ratio layermake / ld, in process: ${(ours / theirs).toFixed(2)}; as a process: ${(oursCold / theirs).toFixed(2)} (below 1: faster than ld)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

function measure(run) {
  run(); // warm-up: JIT, page cache
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function loadLinker() {
  const out = join(work, 'ld.mjs');
  await build({ entryPoints: [join(root, 'src/link/ld/index.ts')], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'warning' });
  return import(out);
}

/** Layer i's modules define primitives p<i>_<m>_<f>, calling layer i-1's; the top defines kernel_main. */
function generateKernel() {
  const stack = [];
  for (let i = 0; i < layerCount; i++) {
    const layer = { name: `L${i}`, underlay: i > 0 ? `L${i - 1}` : undefined, fresh: [], modules: [] };
    for (let m = 0; m < modulesPerLayer; m++) {
      const file = `l${i}_m${m}.c`;
      const lines = [`static int table_${m}[64] = {${Array.from({ length: 64 }, (_, k) => k * 7 + m).join(',')}};`, `static char scratch_${m}[256];`, `int counter_${i}_${m};`];
      for (let f = 0; f < FUNCTIONS_PER_MODULE; f++) {
        const below = i > 0 ? `p${i - 1}_${(m + f) % modulesPerLayer}_${f}` : undefined;
        if (below) lines.push(`int ${below}(int);`);
        const name = `p${i}_${m}_${f}`;
        layer.fresh.push(name);
        lines.push(`int ${name}(int x) {`, `  static const char *names[] = {"${name}", "layer ${i}", "module ${m}"};`,
          `  int acc = x ^ ${f};`, `  for (int k = 0; k < ${8 + f}; k++) acc += table_${m}[(acc + k) & 63] * (k | 1);`,
          `  scratch_${m}[acc & 255] = names[acc & 1][0];`, `  counter_${i}_${m} += acc;`,
          below ? `  if (acc & 1) acc += ${below}(acc >> 1);` : '', '  return acc;', '}');
      }
      if (i === layerCount - 1 && m === 0) lines.push(`void kernel_main(void) { p${i}_0_0(1); for (;;) {} }`);
      if (i === 0 && m === 0) lines.push('void kernel_main(void);', '__attribute__((naked)) void start(void) { __asm__("movl $0x90000, %esp; call kernel_main"); }');
      writeFileSync(join(work, file), lines.join('\n') + '\n');
      layer.modules.push({ file, object: file.replace(/\.c$/, '.o') });
    }
    stack.push(layer);
  }
  return stack;
}

async function compileAll(stack) {
  const run = promisify(execFile);
  const files = stack.flatMap((l) => l.modules.map((m) => m.file));
  const flags = ['-m32', '-ffreestanding', '-fno-pic', '-fno-stack-protector', '-O1', '-fno-asynchronous-unwind-tables'];
  const workers = Array.from({ length: 2 }, async (_, w) => {
    for (let i = w; i < files.length; i += 2) {
      await run('gcc', [...flags, '-S', files[i], '-o', files[i].replace(/\.c$/, '.s')], { cwd: work });
      await run('as', ['--32', files[i].replace(/\.c$/, '.s'), '-o', files[i].replace(/\.c$/, '.o')], { cwd: work });
    }
  });
  await Promise.all(workers);
}

/**
 * The same layout for ld. Wildcards keep command-line order, so they give the same
 * placement as naming every object, without making ld match each file name.
 */
function ldScript() {
  const each = (patterns) => `    *(${patterns})`;
  return `ENTRY(start)
SECTIONS {
  . = 0x100000;
  .text : {
${each('.text .text.*')}
  }
  . = ALIGN(0x1000);
  .rodata : {
${each('.rodata .rodata.*')}
  }
  . = ALIGN(0x1000);
  .data : {
${each('.data .data.*')}
  }
  .bss : {
${each('.bss .bss.*')}
    *(COMMON)
  }
  /DISCARD/ : { *(.comment) *(.note.GNU-stack) }
}
`;
}
