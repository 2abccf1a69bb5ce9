// Garbage code never escapes the emulator: random bytes run with a valid flat GDT and
// an IDT whose gates lead back into random code (so faults, IRETs with random frames,
// segment loads of random selectors… all happen), until the budget, a halt or a triple
// fault. The CPU must never throw into the host.
import { describe, expect, test } from '@jest/globals';
import { Cpu } from '../../../src/machine/cpu/cpu.js';
import { TestHost } from './harness.js';
import { rng } from './oracleCases.js';

const RUNS = 120;
const GDT = 0x1000, IDT = 0x20000, CODE = 0x10000;

function setUp(mem: Uint8Array, next: () => number): void {
  const view = new DataView(mem.buffer);
  for (let i = 0; i < 0x30000; i += 4) view.setUint32(i, next(), true);
  view.setUint32(GDT + 8, 0x0000ffff, true);
  view.setUint32(GDT + 12, 0x00cf9a00, true);
  view.setUint32(GDT + 16, 0x0000ffff, true);
  view.setUint32(GDT + 20, 0x00cf9200, true);
  for (let v = 0; v < 256; v++) {
    const handler = CODE + (next() & 0xffff);
    view.setUint32(IDT + v * 8, (0x08 << 16) | (handler & 0xffff), true);
    view.setUint32(IDT + v * 8 + 4, (handler & 0xffff0000) | (next() % 4 === 0 ? 0xef00 : 0x8e00), true);
  }
}

describe('random code', () => {
  test(`${RUNS} random programs end in a defined state without host exceptions`, () => {
    const states = new Map<string, number>();
    const mem = new Uint8Array(1 << 20);
    const host = new TestHost();
    const cpu = new Cpu(mem, host);
    let retired = 0;
    for (let seed = 1; seed <= RUNS; seed++) {
      const next = rng(seed);
      setUp(mem, next);
      host.pendingVectors = seed % 3 === 0 ? [next() & 0xff, next() & 0xff] : [];
      host.stop = false;
      cpu.enterProtectedFlat(CODE + (next() & 0xffff), next() | 0, next() | 0);
      cpu.regs[4] = 0x80000;
      const tables = cpu as unknown as { gdtBase: number; gdtLimit: number; idtBase: number; idtLimit: number };
      tables.gdtBase = GDT; tables.gdtLimit = 0xffff; tables.idtBase = IDT; tables.idtLimit = 0x7ff;
      try {
        for (let i = 0; i < 20 && cpu.state === 'running'; i++) retired += cpu.run(1000);
        cpu.dumpRegisters();
      } catch (e) {
        throw new Error(`seed ${seed}: ${String(e)}\n${(e as Error).stack}`);
      }
      states.set(cpu.state, (states.get(cpu.state) ?? 0) + 1);
    }
    console.log(`random code: ${retired} instructions retired; end states ${JSON.stringify(Object.fromEntries(states))}`);
    expect([...states.values()].reduce((a, b) => a + b, 0)).toBe(RUNS);
  });
});
