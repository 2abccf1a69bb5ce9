import { describe, expect, test } from '@jest/globals';
import { runSource } from './harness.js';

describe('cpu smoke', () => {
  test('a loop summing 1..100 in flat protected mode', () => {
    const { cpu } = runSource(`
      mov $0, %eax
      mov $100, %ecx
    1: add %ecx, %eax
      loop 1b
      hlt
    `);
    expect(cpu.state).toBe('halted');
    expect(cpu.regs[0]).toBe(5050);
  });
});
