#!/usr/bin/env node
// Compiler figures, measured against peers in the same run (prints, never asserts):
//
//  1. Throughput: one large preprocessed C file (a big Csmith program, preprocessed
//     once) compiled by layermake (in-process, -O1 and -O0), `gcc -m32 -O0 -S` and
//     `tcc -m32 -c`; lines per second and ratios.
//  2. Code quality: instructions executed by kernel-like programs (bench/compile-programs)
//     and Csmith programs built by layermake -O1 and by gcc -m32 -O1 and -O0, counted
//     with valgrind (callgrind) where i386 binaries run natively, else with qemu-i386
//     single-stepping (a kernel without 32-bit support cannot run them directly).
//
// Usage: node bench/compile.mjs [--seed N] [--csmith K] [--repeat R]
// The compiler is bundled from src/compile/index.ts with esbuild, as dist/ is.
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const SEED = option('--seed', 424242);
const CSMITH_PROGRAMS = option('--csmith', 4);
const REPEAT = option('--repeat', 3);
const CSMITH_INCLUDE = '/usr/include/csmith';
const LIBC = join(root, 'tests/compile/libc');

const work = mkdtempSync(join(tmpdir(), 'lm-bench-compile-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

const has = (cmd, a = ['--version']) => {
  try {
    return spawnSync(cmd, a, { stdio: 'ignore' }).status === 0;
  } catch {
    return false;
  }
};

// ------------------------------------------------------------------ the compiler
const bundle = join(work, 'compile.mjs');
await build({
  entryPoints: [join(root, 'src/compile/index.ts')], outfile: bundle, bundle: true, platform: 'node',
  target: 'node20', format: 'esm', logLevel: 'warning',
});
const { compileModule } = await import(pathToFileURL(bundle).href);
const readFile = (p) => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
};
const preprocessBundle = join(work, 'preprocess.mjs');
await build({
  entryPoints: [join(root, 'src/compile/preprocess/index.ts')], outfile: preprocessBundle, bundle: true, platform: 'node',
  target: 'node20', format: 'esm', logLevel: 'warning',
});
const { preprocessToText, BUILTIN_HEADERS } = await import(pathToFileURL(preprocessBundle).href);

function compileWithLayermake(file, text, includeDirs, optLevel) {
  const result = compileModule({ file, text, includeDirs, defines: {}, readFile, optLevel });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (result.asm === undefined || errors.length) {
    const first = errors[0];
    throw new Error(`layermake rejected ${file}: ${first ? `${first.location?.line}:${first.location?.col}: ${first.message}` : 'no output'}`);
  }
  return result.asm;
}

/** Csmith's headers without the float helpers (layermake has no floating point yet). */
function floatFreeCsmithHeaders() {
  const dir = join(work, 'csmith-include');
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(CSMITH_INCLUDE, { withFileTypes: true })) if (f.isFile()) copyFileSync(join(CSMITH_INCLUDE, f.name), join(dir, f.name));
  const safeMath = readFileSync(join(CSMITH_INCLUDE, 'safe_math.h'), 'utf8');
  const cut = safeMath.search(/#ifdef __STDC__\s+STATIC float/);
  writeFileSync(join(dir, 'safe_math.h'), safeMath.slice(0, cut) + '\n#endif\n');
  // layermake's shipped headers as files, for gcc -E in the preprocessing comparison.
  mkdirSync(join(work, 'builtin'), { recursive: true });
  for (const [name, text] of Object.entries(BUILTIN_HEADERS)) writeFileSync(join(work, 'builtin', name), text);
  return dir;
}

function timeBest(fn) {
  let best = Infinity;
  for (let i = 0; i < REPEAT; i++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return best / 1000;
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');

// ------------------------------------------------------------------ 1. throughput
console.log('== compile throughput ==');
const csmithHeaders = floatFreeCsmithHeaders();
const bigSource = join(work, 'big.c');
// csmith writes platform.info into its working directory: keep it in the scratch folder.
execFileSync('csmith', ['--seed', String(SEED), '--no-float', '--no-packed-struct', '--max-funcs', '120', '-o', bigSource], { cwd: work });

/** Preprocessed text without line markers, written to `name`. */
function preprocessedInput(source, text, includeDirs, name) {
  const pre = preprocessToText(source, text, { includeDirs, defines: {}, readFile });
  if (pre.diagnostics.some((d) => d.severity === 'error')) throw new Error(`preprocessing ${source} failed`);
  const path = join(work, name);
  writeFileSync(path, pre.text.replace(/^# \d+ ".*"$/gm, ''));
  return path;
}

const C_KEYWORDS = new Set(('auto break case char const continue default do double else enum extern float for goto if inline int long ' +
  'register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while _Bool _Complex ' +
  '_Imaginary _Noreturn _Static_assert _Alignof _Alignas asm __asm__ __attribute__ __volatile__').split(' '));

/**
 * Kernel-like input of any size: the bench programs, preprocessed, repeated with every
 * identifier renamed per copy (typedefs and all), so the copies do not collide.
 */
function kernelLikeInput(copies) {
  const dir = join(root, 'bench/compile-programs');
  const parts = readdirSync(dir).filter((f) => f.endsWith('.c')).sort().map((f) => {
    const path = preprocessedInput(join(dir, f), readFileSync(join(dir, f), 'utf8'), [LIBC], `${f}.i`);
    return readFileSync(path, 'utf8');
  });
  let out = '';
  for (let k = 0; k < copies; k++) {
    for (const [n, part] of parts.entries()) {
      out += part.replace(/("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|\b([A-Za-z_]\w*)\b/g, (m, literal, id) =>
        literal ?? (C_KEYWORDS.has(id) || id.startsWith('__builtin') ? id : `${id}_${k}_${n}`));
    }
  }
  const path = join(work, 'kernel-like.i');
  writeFileSync(path, out);
  return path;
}

const inputs = [
  { label: `csmith --seed ${SEED} --max-funcs 120`, path: preprocessedInput(bigSource, readFileSync(bigSource, 'utf8'), [csmithHeaders, LIBC], 'big.i') },
  { label: 'kernel-like (bench/compile-programs x 60, renamed)', path: kernelLikeInput(60) },
];

for (const { label, path } of inputs) {
  const input = readFileSync(path, 'utf8');
  const lines = input.split('\n').length;
  console.log(`\ninput: ${label}, preprocessed: ${fmt(lines)} lines, ${fmt(input.length / 1024)} KiB`);
  const rows = [];
  let ours;
  try {
    compileWithLayermake(path, input, [], 1); // warm up the JIT
    ours = timeBest(() => compileWithLayermake(path, input, [], 1));
    rows.push(['layermake -O1 (in-process)', ours]);
    rows.push(['layermake -O0 (in-process)', timeBest(() => compileWithLayermake(path, input, [], 0))]);
  } catch (e) {
    console.log(`layermake: ${e.message}`);
  }
  const gcc = timeBest(() => execFileSync('gcc', ['-m32', '-O0', '-S', '-w', '-x', 'c', path, '-o', join(work, 'gcc.s')], { stdio: 'pipe' }));
  rows.push(['gcc -m32 -O0 -S', gcc]);
  let tcc;
  if (has('tcc', ['-v'])) {
    try {
      tcc = timeBest(() => execFileSync('tcc', ['-m32', '-w', '-c', path, '-o', join(work, 'tcc.o')], { stdio: 'pipe' }));
      rows.push(['tcc -m32 -c', tcc]);
    } catch (e) {
      console.log(`tcc could not compile the input: ${String(e.stderr ?? e.message).split('\n')[0]}`);
    }
  }
  for (const [name, seconds] of rows) {
    const ratios = [];
    if (ours !== undefined && name.startsWith('layermake')) {
      ratios.push(`${(gcc / seconds).toFixed(2)}x gcc -O0's speed`);
      if (tcc) ratios.push(`${(tcc / seconds).toFixed(2)}x tcc's speed`);
    }
    console.log(`${name.padEnd(28)} ${(seconds * 1000).toFixed(0).padStart(7)} ms  ${fmt(lines / seconds).padStart(10)} lines/s  ${ratios.join(', ')}`);
  }
}

// The preprocessor alone, on the original (unpreprocessed) Csmith program and its headers.
const bigText = readFileSync(bigSource, 'utf8');
const ppOptions = { includeDirs: [csmithHeaders, LIBC], defines: {}, readFile };
preprocessToText(bigSource, bigText, ppOptions);
const ppOurs = timeBest(() => preprocessToText(bigSource, bigText, ppOptions));
const ppGcc = timeBest(() => execFileSync('gcc', ['-E', '-undef', '-nostdinc', '-I', csmithHeaders, '-I', LIBC, '-I', join(work, 'builtin'), bigSource, '-o', join(work, 'big-gcc.i')]));
console.log(`\npreprocessing only (csmith input): layermake ${(ppOurs * 1000).toFixed(0)} ms, gcc -E ${(ppGcc * 1000).toFixed(0)} ms (${(ppGcc / ppOurs).toFixed(2)}x gcc's speed)`);

// ------------------------------------------------------------------ 2. code quality
console.log('\n== instructions executed (fewer is better) ==');
const nativeI386 = (() => {
  const probe = join(work, 'probe');
  execFileSync('gcc', ['-m32', '-static', '-x', 'c', '-', '-o', probe], { input: 'int main(void){return 0;}' });
  return spawnSync(probe, [], { stdio: 'ignore' }).status === 0;
})();
const counter = nativeI386 && has('valgrind') ? 'valgrind --tool=callgrind' : has('qemu-i386', ['--version']) ? 'qemu-i386 -singlestep' : undefined;
if (!counter) {
  console.log('no way to count instructions: i386 binaries do not run here and qemu-i386 is not installed');
  process.exit(0);
}
console.log(`counted with ${counter}; binaries linked statically by gcc -m32 (same C library start-up in each)`);

function countInstructions(exe) {
  if (counter.startsWith('valgrind')) {
    const r = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', exe], { encoding: 'utf8', timeout: 600_000 });
    const m = /Collected : (\d+)/.exec(r.stderr);
    return m ? Number(m[1]) : NaN;
  }
  // Every executed instruction is one translation block, logged as one "Trace" line.
  const r = spawnSync('sh', ['-c', `qemu-i386 -singlestep -d nochain,exec -D /dev/stderr "${exe}" 2>&1 >/dev/null | grep -c '^Trace'`], { encoding: 'utf8', timeout: 1_800_000, maxBuffer: 1 << 20 });
  return Number(r.stdout.trim());
}

function gccBuild(source, opt, includes, out) {
  execFileSync('gcc', ['-m32', '-static', opt, '-w', ...includes.flatMap((d) => ['-I', d]), source, '-o', out]);
  return out;
}

const programs = readdirSync(join(root, 'bench/compile-programs')).filter((f) => f.endsWith('.c')).sort()
  .map((f) => ({ name: f, path: join(root, 'bench/compile-programs', f), ours: [LIBC], gcc: [] }));
for (let i = 0; i < CSMITH_PROGRAMS; i++) {
  const path = join(work, `csmith-${SEED + i}.c`);
  execFileSync('csmith', ['--seed', String(SEED + i), '--no-float', '--no-packed-struct', '--max-funcs', '6', '-o', path], { cwd: work });
  programs.push({ name: `csmith seed ${SEED + i}`, path, ours: [csmithHeaders, LIBC], gcc: [CSMITH_INCLUDE] });
}

const o1Ratios = [];
console.log(`${'program'.padEnd(22)} ${'layermake -O1'.padStart(14)} ${'gcc -O1'.padStart(14)} ${'gcc -O0'.padStart(14)}  ours/gcc-O1  ours/gcc-O0`);
for (const p of programs) {
  const base = join(work, p.name.replace(/\W+/g, '_'));
  const o1 = gccBuild(p.path, '-O1', p.gcc, `${base}-gcc1`);
  const o0 = gccBuild(p.path, '-O0', p.gcc, `${base}-gcc0`);
  // A program gcc's -O1 build cannot finish quickly is too slow to single-step.
  if (spawnSync(counter.startsWith('valgrind') ? o1 : 'qemu-i386', counter.startsWith('valgrind') ? [] : [o1], { timeout: 5000, stdio: 'ignore' }).error) {
    console.log(`${p.name.padEnd(22)} skipped: gcc's binary runs too long`);
    continue;
  }
  let ours = NaN;
  let note = '';
  try {
    const asm = compileWithLayermake(p.path, readFileSync(p.path, 'utf8'), p.ours, 1);
    writeFileSync(`${base}.s`, asm);
    execFileSync('gcc', ['-m32', '-static', `${base}.s`, '-o', `${base}-lm`]);
    ours = countInstructions(`${base}-lm`);
  } catch (e) {
    note = `  (layermake: ${String(e.message).split('\n')[0].slice(0, 100)})`;
  }
  const g1 = countInstructions(o1);
  const g0 = countInstructions(o0);
  if (Number.isFinite(ours) && g1) o1Ratios.push(ours / g1);
  const ratio = (a, b) => (Number.isFinite(a) && b ? (a / b).toFixed(2) : '—').padStart(11);
  console.log(`${p.name.padEnd(22)} ${(Number.isFinite(ours) ? fmt(ours) : '—').padStart(14)} ${fmt(g1).padStart(14)} ${fmt(g0).padStart(14)}  ${ratio(ours, g1)}  ${ratio(ours, g0)}${note}`);
}
if (o1Ratios.length) {
  const geomean = Math.exp(o1Ratios.reduce((sum, r) => sum + Math.log(r), 0) / o1Ratios.length);
  console.log(`${'geometric mean'.padEnd(22)} ${''.padStart(14)} ${''.padStart(14)} ${''.padStart(14)}  ${geomean.toFixed(2).padStart(11)}`);
}
