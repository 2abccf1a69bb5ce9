import { describe, expect, test } from '@jest/globals';
import { assemble, machineWith, runSource, u32 } from './harness.js';

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

  test('setDescriptorTables: the firmware GDTR and IDTR, as SGDT and SIDT store them (SDM vol. 2)', () => {
    const { cpu, mem } = machineWith(assemble('sgdt 0x3000\n sidt 0x3008\n hlt').code);
    cpu.setDescriptorTables(0xcb2b8, 0x27, 0, 0x3ff);
    cpu.run(100);
    expect(cpu.state).toBe('halted');
    expect(mem[0x3000] | (mem[0x3001] << 8)).toBe(0x27);
    expect(u32(mem, 0x3002)).toBe(0xcb2b8);
    expect(mem[0x3008] | (mem[0x3009] << 8)).toBe(0x3ff);
    expect(u32(mem, 0x300a)).toBe(0);
  });
});
