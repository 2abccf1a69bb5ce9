// Assembler speed: a generated kernel-sized input (~20,000 lines of AT&T i386:
// functions with prologues, memory operands, calls, relaxed branches, data and
// alignment) assembled by layermake and by GNU `as --32` in the same run.
// Prints the median times and the ratio. Run: node bench/asm.mjs [lines]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const targetLines = Number(process.argv[2] ?? 20000);
const dir = mkdtempSync(join(tmpdir(), 'layermake-bench-asm-'));

// Bundle the assembler from source so the bench needs no prior build.
const bundle = join(dir, 'asm.mjs');
await build({ entryPoints: [new URL('../src/link/asm/index.ts', import.meta.url).pathname], bundle: true, platform: 'node', format: 'esm', outfile: bundle, logLevel: 'warning' });
const { assemble } = await import(bundle);

function generate(lines) {
  let seed = 12345;
  const rand = (n) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
  const regs = ['%eax', '%ebx', '%ecx', '%edx', '%esi', '%edi'];
  const out = ['\t.text'];
  let fn = 0;
  while (out.length < lines) {
    const name = `fn${fn++}`;
    out.push('\t.p2align 4', `\t.globl ${name}`, `\t.type ${name}, @function`, `${name}:`, '\tpushl %ebp', '\tmovl %esp, %ebp', '\tpushl %ebx', '\tsubl $24, %esp');
    const body = 20 + rand(40);
    for (let i = 0; i < body; i++) {
      const r1 = regs[rand(6)];
      const r2 = regs[rand(6)];
      switch (rand(12)) {
        case 0: out.push(`\tmovl ${8 + 4 * rand(4)}(%ebp), ${r1}`); break;
        case 1: out.push(`\tmovl ${r1}, -${4 + 4 * rand(6)}(%ebp)`); break;
        case 2: out.push(`\taddl $${rand(300)}, ${r1}`); break;
        case 3: out.push(`\tleal 0(,${r1},4), ${r2}`); break;
        case 4: out.push(`\tcmpl ${r1}, ${r2}`, `\tj${['e', 'ne', 'l', 'ge', 'b', 'a'][rand(6)]} .L${name}_${rand(4)}`); break;
        case 5: out.push(`\tcall fn${rand(fn + 5)}`); break;
        case 6: out.push(`\tmovzbl (${r1},${r2}), ${r1}`); break;
        case 7: out.push(`\tmovl table${rand(50)}(,${r1},4), ${r2}`); break;
        case 8: out.push(`.L${name}_${rand(4)}${'abc'[rand(3)]}${i}:`); break;
        case 9: out.push(`\ttestl ${r1}, ${r1}`, `\tjmp .L${name}_${rand(4)}`); break;
        case 10: out.push(`\timull $${rand(1000)}, ${r1}, ${r2}`); break;
        default: out.push(`\txorl ${r1}, ${r2}`); break;
      }
    }
    for (let k = 0; k < 4; k++) out.push(`.L${name}_${k}:`, '\tnop');
    out.push('\taddl $24, %esp', '\tpopl %ebx', '\tpopl %ebp', '\tret', `\t.size ${name}, .-${name}`);
  }
  out.push('\t.data');
  for (let t = 0; t < 50; t++) out.push(`table${t}:`, `\t.long ${Array.from({ length: 8 }, (_, i) => `fn${(t * 8 + i) % fn}`).join(', ')}`);
  out.push('\t.section .rodata', 'msg:\t.asciz "layermake bench"', '\t.bss', '\t.comm buffer, 4096, 32');
  return out.join('\n') + '\n';
}

const text = generate(targetLines);
const lineCount = text.split('\n').length - 1;
const src = join(dir, 'kernel.s');
writeFileSync(src, text);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeOurs() {
  const t0 = performance.now();
  const r = assemble({ file: 'kernel.s', text, preprocess: false, includeDirs: [], defines: {}, readFile: () => undefined });
  const t = performance.now() - t0;
  if (!r.object) throw new Error('layermake failed: ' + JSON.stringify(r.diagnostics[0]));
  return t;
}

function timeGnu() {
  const t0 = performance.now();
  const r = spawnSync('as', ['--32', '-o', join(dir, 'kernel.gnu.o'), src]);
  const t = performance.now() - t0;
  if (r.status !== 0) throw new Error('as failed: ' + r.stderr);
  return t;
}

// The minimum of several runs is the least disturbed one of each side (the
// machine may be shared); the medians are printed too.
const runs = 15;
const cold = timeOurs();
for (let i = 0; i < 5; i++) timeOurs(); // warm up the JIT, as a long-lived build server (watch mode) would be
const oursTimes = [];
const gnuTimes = [];
for (let i = 0; i < runs; i++) oursTimes.push(timeOurs());
for (let i = 0; i < runs; i++) gnuTimes.push(timeGnu());
const ours = Math.min(...oursTimes);
const gnu = Math.min(...gnuTimes);
console.log(`input: ${lineCount} lines`);
console.log(`layermake assemble (in process, warm): min ${ours.toFixed(1)} ms, median ${median(oursTimes).toFixed(1)} ms`);
console.log(`layermake assemble (first run, cold JIT): ${cold.toFixed(1)} ms`);
console.log(`GNU as --32 (process):                  min ${gnu.toFixed(1)} ms, median ${median(gnuTimes).toFixed(1)} ms`);
console.log(`ratio layermake / GNU as (min): ${(ours / gnu).toFixed(2)}`);
