// CPU throughput: millions of guest instructions per second on CPU-bound guest loops,
// hand-assembled with GNU as into small multiboot kernels, run by this emulator's CPU
// and by qemu-system-i386 (TCG) in the same run. QEMU's start-up is cancelled out by
// timing two lengths of the same loop and using the difference.
// Whole kernels (a CPU-bound one and a boot-heavy one: paging, page faults, timer
// interrupts, HLT) are timed the same way by bench/machine.mjs.
// Usage: node bench/cpu.mjs [millions-of-iterations]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { assembleGuest, ENTRY, guestKernel, LOAD_AT } from './guest.mjs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const millions = Number(process.argv[2] ?? 4);
const dir = mkdtempSync(join(tmpdir(), 'lm-bench-cpu-'));

async function loadCpu() {
  await build({
    entryPoints: [new URL('../src/machine/cpu/cpu.ts', import.meta.url).pathname],
    bundle: true, platform: 'node', format: 'esm', target: 'node20', minifySyntax: true,
    outfile: join(dir, 'cpu.mjs'), logLevel: 'warning',
  });
  return (await import(pathToFileURL(join(dir, 'cpu.mjs')).href)).Cpu;
}

/** A multiboot kernel running `body` (one loop iteration) `count` times, then exiting. */
// An integer mix: loads, stores, ALU, a multiply, a call and a conditional branch.
const MIXED = {
  name: 'mixed integer loop',
  perIteration: 10, // with the called function
  body: `
  mov (%esi,%edx,4), %ebx
  add %ebx, %eax
  imul $31, %eax, %eax
  xor %ecx, %eax
  mov %eax, (%esi,%edx,4)
  inc %edx
  and $1023, %edx
  call func`,
};

// Byte processing: zero-extending loads, byte stores, compares and SETcc.
const BYTES = {
  name: 'byte loop',
  perIteration: 7,
  body: `
  movzbl (%esi,%edx), %eax
  add $3, %al
  mov %al, (%ebp,%edx)
  cmp %al, %bl
  setb %bl
  inc %edx
  and $4095, %edx`,
};

function timeQemu(elf) {
  const start = process.hrtime.bigint();
  const r = spawnSync('qemu-system-i386', ['-kernel', elf, '-display', 'none', '-m', '16', '-no-reboot', '-nodefaults',
    '-device', 'isa-debug-exit,iobase=0xf4,iosize=4'], { timeout: 600_000 });
  if (r.status !== 1) throw new Error(`qemu exited with ${r.status}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function timeEmulator(Cpu, bin) {
  let stop = false;
  const host = {
    ioRead: () => 0xffffffff, ioWrite: (port) => { if (port === 0xf4) stop = true; },
    interruptPending: () => false, acknowledgeInterrupt: () => 0, stopRequested: () => stop,
  };
  const mem = new Uint8Array(16 << 20);
  mem.set(bin, LOAD_AT);
  const cpu = new Cpu(mem, host);
  cpu.enterProtectedFlat(ENTRY, 0x2badb002, 0);
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  while (cpu.state === 'running') cpu.run(1_000_000);
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpuStart);
  if (cpu.state !== 'stopped') throw new Error(`guest ended ${cpu.state}: ${cpu.faultMessage}`);
  return { wall, cpuSeconds: (used.user + used.system) / 1e6, instructions: cpu.instructionCount };
}

const Cpu = await loadCpu();
const hasQemu = spawnSync('qemu-system-i386', ['--version']).status === 0;
try {
  console.log(`guest loops of ${millions} M iterations; the machine is shared, so CPU seconds are shown too`);
  for (const work of [MIXED, BYTES]) {
    const iterations = millions * 1e6;
    const long = assembleGuest(guestKernel(work.body, iterations), dir, 'long');
    timeEmulator(Cpu, assembleGuest(guestKernel(work.body, 200_000), dir, 'warm').bin); // let V8 optimise first
    const emu = timeEmulator(Cpu, long.bin);
    const mips = emu.instructions / emu.wall / 1e6;
    const mipsCpu = emu.instructions / emu.cpuSeconds / 1e6;
    let line = `${work.name.padEnd(20)} layermake ${mips.toFixed(1).padStart(6)} MIPS wall, ${mipsCpu.toFixed(1).padStart(6)} MIPS per CPU second`;
    if (hasQemu) {
      const short = assembleGuest(guestKernel(work.body, iterations / 4), dir, 'short');
      const qemuLoop = timeQemu(long.elf) - timeQemu(short.elf);
      const qemuMips = (work.perIteration + 2) * iterations * 0.75 / qemuLoop / 1e6;
      line += ` | qemu-system-i386 TCG ${qemuMips.toFixed(0)} MIPS wall | ratio layermake/QEMU ${(mips / qemuMips).toFixed(3)}`;
    }
    console.log(line);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
