// CPU speed of the working tree against a committed version of the CPU, run
// interleaved in one process: on a shared machine the absolute MIPS swing by 2x from
// minute to minute, but the ratio of two CPUs measured side by side holds steady.
// Usage: node bench/cpu-ab.mjs [git-ref (default HEAD)] [millions-of-iterations]
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { assembleGuest, ENTRY, guestKernel, LOAD_AT } from './guest.mjs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ref = process.argv[2] ?? 'HEAD';
const iterations = Number(process.argv[3] ?? 0.5) * 1e6;
const ROUNDS = 8;
const dir = mkdtempSync(join(tmpdir(), 'lm-bench-cpu-ab-'));

const LOOPS = {
  'dec/jnz only': '',
  'compare and branch': `
  cmp %edx, %ecx
  jl 1f
  inc %edx
1:
  cmp %ecx, %edx
  setg %bl
  test %ebx, %ebx
  jnz 2f
  nop
2:`,
  'mixed integer': `
  mov (%esi,%edx,4), %ebx
  add %ebx, %eax
  imul $31, %eax, %eax
  xor %ecx, %eax
  mov %eax, (%esi,%edx,4)
  inc %edx
  and $1023, %edx
  call func`,
  'bytes': `
  movzbl (%esi,%edx), %eax
  add $3, %al
  mov %al, (%ebp,%edx)
  cmp %al, %bl
  setb %bl
  inc %edx
  and $4095, %edx`,
};

/** The CPU sources of `ref`, bundled; the working tree's when ref is null. */
async function loadCpu(ref, name) {
  let entry = join(root, 'src/machine/cpu/cpu.ts');
  if (ref !== null) {
    const files = execFileSync('git', ['-C', root, 'ls-tree', '-r', '--name-only', ref, 'src/machine/cpu', 'src/machine/bus.ts'], { encoding: 'utf8' });
    for (const f of files.trim().split('\n')) {
      mkdirSync(dirname(join(dir, name, f)), { recursive: true });
      writeFileSync(join(dir, name, f), execFileSync('git', ['-C', root, 'show', `${ref}:${f}`]));
    }
    entry = join(dir, name, 'src/machine/cpu/cpu.ts');
  }
  const outfile = join(dir, `${name}.mjs`);
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', minifySyntax: true, outfile, logLevel: 'warning' });
  return (await import(pathToFileURL(outfile).href)).Cpu;
}

/** Guest MIPS per CPU second of one run to the exit port. */
function mipsOf(Cpu, bin) {
  let stop = false;
  const host = {
    ioRead: () => -1, ioWrite: (port) => { if (port === 0xf4) stop = true; },
    interruptPending: () => false, acknowledgeInterrupt: () => 0, stopRequested: () => stop,
  };
  const mem = new Uint8Array(16 << 20);
  mem.set(bin, LOAD_AT);
  const cpu = new Cpu(mem, host);
  cpu.enterProtectedFlat(ENTRY, 0x2badb002, 0);
  const start = process.cpuUsage();
  while (cpu.state === 'running') cpu.run(1_000_000);
  const used = process.cpuUsage(start);
  if (cpu.state !== 'stopped') throw new Error(`guest ended ${cpu.state}: ${cpu.faultMessage}`);
  return cpu.instructionCount / ((used.user + used.system) / 1e6) / 1e6;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
try {
  const Base = await loadCpu(ref, 'base');
  const Tree = await loadCpu(null, 'tree');
  console.log(`working tree against ${ref}: median MIPS per CPU second of ${ROUNDS} interleaved runs, and the best`);
  for (const [name, body] of Object.entries(LOOPS)) {
    const warm = assembleGuest(guestKernel(body, 100_000), dir, 'k').bin;
    mipsOf(Base, warm); // let V8 optimise both first
    mipsOf(Tree, warm);
    const bin = assembleGuest(guestKernel(body, iterations), dir, 'k').bin;
    const base = [], tree = [];
    for (let i = 0; i < ROUNDS; i++) {
      base.push(mipsOf(Base, bin));
      tree.push(mipsOf(Tree, bin));
    }
    const b = median(base), t = median(tree);
    // The best run of each is the one least disturbed by the other processes.
    const bBest = Math.max(...base), tBest = Math.max(...tree);
    console.log(`${name.padEnd(20)} ${ref} ${b.toFixed(1).padStart(6)}  tree ${t.toFixed(1).padStart(6)}  ratio tree/${ref} ${(t / b).toFixed(3)}` +
      `  (best runs ${bBest.toFixed(1)} / ${tBest.toFixed(1)} = ${(tBest / bBest).toFixed(3)})`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
