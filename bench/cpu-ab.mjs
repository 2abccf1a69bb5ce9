// CPU speed of the working tree against a committed version of the CPU, run
// interleaved in one process: on a shared machine the absolute MIPS swing by 2x from
// minute to minute, but the ratio of two CPUs measured side by side holds steady.
// Usage: node bench/cpu-ab.mjs [git-ref (default HEAD)] [millions-of-iterations]
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ref = process.argv[2] ?? 'HEAD';
const iterations = Number(process.argv[3] ?? 0.5) * 1e6;
const ROUNDS = 8;
const LOAD_AT = 0x100000;
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
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'warning' });
  return (await import(pathToFileURL(outfile).href)).Cpu;
}

function kernel(body, count) {
  const source = `.text
  .long 0x1badb002, 0, -0x1badb002
_start:
  mov $0x800000, %esp
  mov $0x200000, %esi
  mov $0x300000, %ebp
  xor %edx, %edx
  xor %edi, %edi
  mov $1, %eax
  mov $${count}, %ecx
loop:
${body}
  dec %ecx
  jnz loop
  mov $0, %eax
  outl %eax, $0xf4
  hlt
func:
  add %eax, %edi
  ret
`;
  writeFileSync(join(dir, 'k.s'), source);
  execFileSync('as', ['--32', '-o', join(dir, 'k.o'), join(dir, 'k.s')]);
  execFileSync('ld', ['-m', 'elf_i386', `-Ttext=0x${LOAD_AT.toString(16)}`, '-e', `0x${(LOAD_AT + 12).toString(16)}`, '-o', join(dir, 'k.elf'), join(dir, 'k.o')]);
  execFileSync('objcopy', ['-O', 'binary', '-j', '.text', join(dir, 'k.elf'), join(dir, 'k.bin')]);
  return new Uint8Array(readFileSync(join(dir, 'k.bin')));
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
  cpu.enterProtectedFlat(LOAD_AT + 12, 0x2badb002, 0);
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
  console.log(`working tree against ${ref}: median MIPS per CPU second of ${ROUNDS} interleaved runs`);
  for (const [name, body] of Object.entries(LOOPS)) {
    const warm = kernel(body, 100_000);
    mipsOf(Base, warm); // let V8 optimise both first
    mipsOf(Tree, warm);
    const bin = kernel(body, iterations);
    const base = [], tree = [];
    for (let i = 0; i < ROUNDS; i++) {
      base.push(mipsOf(Base, bin));
      tree.push(mipsOf(Tree, bin));
    }
    const b = median(base), t = median(tree);
    console.log(`${name.padEnd(20)} ${ref} ${b.toFixed(1).padStart(6)}  tree ${t.toFixed(1).padStart(6)}  ratio tree/${ref} ${(t / b).toFixed(3)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
