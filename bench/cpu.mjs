// CPU throughput: millions of guest instructions per second on CPU-bound guest loops,
// hand-assembled with GNU as and loaded as raw bytes into flat protected mode.
// Usage: node bench/cpu.mjs [seconds-per-workload]
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const seconds = Number(process.argv[2] ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'lm-bench-cpu-'));

async function loadCpu() {
  await build({
    entryPoints: [new URL('../src/machine/cpu/cpu.ts', import.meta.url).pathname],
    bundle: true, platform: 'node', format: 'esm', target: 'node20',
    outfile: join(dir, 'cpu.mjs'), logLevel: 'warning',
  });
  return (await import(pathToFileURL(join(dir, 'cpu.mjs')).href)).Cpu;
}

function assemble(source) {
  writeFileSync(join(dir, 'g.s'), source);
  execFileSync('as', ['--32', '-o', join(dir, 'g.o'), join(dir, 'g.s')]);
  execFileSync('objcopy', ['-O', 'binary', '-j', '.text', join(dir, 'g.o'), join(dir, 'g.bin')]);
  return new Uint8Array(readFileSync(join(dir, 'g.bin')));
}

// An integer kernel: loads, stores, ALU, a multiply, a call and a conditional branch.
const MIXED = `
  mov $0x200000, %esi
  xor %edx, %edx
  xor %edi, %edi
  mov $1, %eax
0:
  mov $1000000, %ecx
1:
  mov (%esi,%edx,4), %ebx
  add %ebx, %eax
  imul $31, %eax, %eax
  xor %ecx, %eax
  mov %eax, (%esi,%edx,4)
  inc %edx
  and $1023, %edx
  call 2f
  dec %ecx
  jnz 1b
  jmp 0b
2:
  add %eax, %edi
  ret
`;

// A byte-copy and compare loop: string-like code without REP.
const BYTES = `
  mov $0x200000, %esi
  mov $0x300000, %edi
0:
  xor %ecx, %ecx
1:
  movzbl (%esi,%ecx), %eax
  add $3, %al
  mov %al, (%edi,%ecx)
  cmp %al, %bl
  setb %bl
  inc %ecx
  cmp $4096, %ecx
  jb 1b
  jmp 0b
`;

const host = {
  ioRead: () => 0xffffffff, ioWrite: () => {}, interruptPending: () => false,
  acknowledgeInterrupt: () => 0, stopRequested: () => false,
};

const Cpu = await loadCpu();
try {
  for (const [name, source] of [['mixed integer loop', MIXED], ['byte loop', BYTES]]) {
    const mem = new Uint8Array(16 << 20);
    mem.set(assemble(source), 0x100000);
    const cpu = new Cpu(mem, host);
    cpu.enterProtectedFlat(0x100000, 0, 0);
    cpu.regs[4] = 0x800000; // ESP
    cpu.run(2_000_000); // warm-up
    // CPU time as well as wall time: on a shared machine the process's own CPU seconds
    // are the fairer measure of the emulator's speed. Best of three rounds.
    let best = 0, bestWall = 0, total = 0;
    for (let round = 0; round < 3; round++) {
      const start = process.hrtime.bigint();
      const cpuStart = process.cpuUsage();
      let retired = 0;
      while (Number(process.hrtime.bigint() - start) < (seconds / 3) * 1e9) retired += cpu.run(1_000_000);
      const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
      const used = process.cpuUsage(cpuStart);
      best = Math.max(best, retired / ((used.user + used.system) / 1e6) / 1e6);
      bestWall = Math.max(bestWall, retired / elapsed / 1e6);
      total += retired;
    }
    console.log(`${name.padEnd(20)} ${best.toFixed(1).padStart(7)} MIPS per CPU second, ${bestWall.toFixed(1)} MIPS wall  (best of 3; ${total} instructions)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
