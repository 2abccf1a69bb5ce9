// Test harness for the CPU: assemble with GNU as, load the raw bytes into guest RAM,
// run them on the emulated CPU with a host that records port I/O.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CpuHost } from '../../../src/machine/bus.js';
import { Cpu } from '../../../src/machine/cpu/cpu.js';

export interface Assembled {
  code: Uint8Array;
  /** Offsets of the labels in the code. */
  symbols: Map<string, number>;
}

/** Assembles AT&T source with `as --32` (or --64) into raw .text bytes and label offsets. */
export function assemble(source: string, mode: '--32' | '--64' = '--32', linkAt?: number): Assembled {
  const dir = mkdtempSync(join(tmpdir(), 'lm-cpu-'));
  try {
    writeFileSync(join(dir, 'a.s'), source);
    execFileSync('as', [mode, '-o', join(dir, 'a.o'), join(dir, 'a.s')]);
    let object = join(dir, 'a.o');
    if (linkAt !== undefined) {
      // Linked at its load address, so that code can hold absolute addresses.
      object = join(dir, 'a.elf');
      execFileSync('ld', ['-m', 'elf_i386', '-Ttext=0x' + linkAt.toString(16), '-e', '0x' + linkAt.toString(16), '-o', object, join(dir, 'a.o')]);
    }
    execFileSync('objcopy', ['-O', 'binary', '-j', '.text', object, join(dir, 'a.bin')]);
    const symbols = new Map<string, number>();
    for (const line of execFileSync('nm', [object], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')) {
      const m = /^([0-9a-f]+) [tT] (\S+)$/.exec(line);
      if (m) symbols.set(m[2], parseInt(m[1], 16));
    }
    return { code: new Uint8Array(readFileSync(join(dir, 'a.bin'))), symbols };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export class TestHost implements CpuHost {
  readonly writes: Array<[number, number, number]> = [];
  pendingVectors: number[] = [];
  stop = false;
  ioRead(port: number, size: 1 | 2 | 4): number {
    return port === 0x1234 ? 0x12345678 & (size === 4 ? -1 : (1 << (8 * size)) - 1) : size === 4 ? -1 : (1 << (8 * size)) - 1;
  }
  ioWrite(port: number, size: 1 | 2 | 4, value: number): void {
    this.writes.push([port, size, value]);
    if (port === 0xf4) this.stop = true;
  }
  interruptPending(): boolean {
    return this.pendingVectors.length > 0;
  }
  acknowledgeInterrupt(): number {
    return this.pendingVectors.shift() ?? 0xff;
  }
  stopRequested(): boolean {
    return this.stop;
  }
}

export const CODE_BASE = 0x10000;

/** A CPU in flat protected mode with `code` at CODE_BASE and ESP at 0x80000. */
export function machineWith(code: Uint8Array, memoryBytes = 4 << 20): { cpu: Cpu; host: TestHost; mem: Uint8Array } {
  const mem = new Uint8Array(memoryBytes);
  mem.set(code, CODE_BASE);
  const host = new TestHost();
  const cpu = new Cpu(mem, host);
  cpu.enterProtectedFlat(CODE_BASE, 0, 0);
  cpu.regs[4] = 0x80000;
  return { cpu, host, mem };
}

/** Assembles, runs until HLT (or the budget), returns the machine. */
export function runSource(source: string, budget = 1_000_000, memoryBytes?: number) {
  const { code, symbols } = assemble(source);
  const m = machineWith(code, memoryBytes);
  m.cpu.run(budget);
  return { ...m, symbols };
}

export function u32(mem: Uint8Array, at: number): number {
  return (mem[at] | (mem[at + 1] << 8) | (mem[at + 2] << 16) | (mem[at + 3] << 24)) >>> 0;
}
