// External interrupts through CpuHost, the interrupt shadow of STI and MOV SS, HLT
// waiting for an interrupt, single-stepping with TF, port I/O and the stop request.
import { describe, expect, test } from '@jest/globals';
import { runKernel } from './testKernel.js';
import { assemble, TestHost } from './harness.js';
import { Cpu } from '../../../src/machine/cpu/cpu.js';

/** Installs an interrupt gate for vector 0x20 whose handler records the return EIP. */
const IRQ_GATE = `
  mov $irq_handler, %edx
  mov %edx, %eax
  and $0xffff, %eax
  or $0x00080000, %eax
  mov %eax, idt+0x20*8
  mov %edx, %eax
  and $0xffff0000, %eax
  or $0x8e00, %eax
  mov %eax, idt+0x20*8+4
`;
const IRQ_HANDLER = `
irq_handler:
  push %eax
  mov 4(%esp), %eax
  mov %eax, irq_eip
  incl irq_count
  pop %eax
  iret
irq_eip: .long 0
irq_count: .long 0
`;

describe('interrupts', () => {
  test('a pending interrupt is taken only after the instruction following STI', () => {
    const k = runKernel(`${IRQ_GATE}
      sti
    shadowed: nop
    after: nop
      cli
    `, IRQ_HANDLER, (_cpu, host) => host.pendingVectors.push(0x20));
    expect(k.word(k.sym('irq_count'))).toBe(1);
    expect(k.word(k.sym('irq_eip'))).toBe(k.sym('after'));
  });

  test('HLT waits until the host has an interrupt, then resumes after HLT', () => {
    const k = runKernel(`${IRQ_GATE}
      sti
      hlt
    after_hlt:
      movl $1, done
      cli
    `, IRQ_HANDLER + 'done: .long 0');
    expect(k.cpu.state).toBe('halted');
    expect(k.word(k.sym('done'))).toBe(0);
    const retired = k.cpu.run(1000);
    expect(retired).toBe(0);
    k.host.pendingVectors.push(0x20);
    k.cpu.run(1000);
    expect(k.word(k.sym('irq_count'))).toBe(1);
    expect(k.word(k.sym('irq_eip'))).toBe(k.sym('after_hlt'));
    expect(k.word(k.sym('done'))).toBe(1);
  });

  test('with IF=0 no interrupt is acknowledged', () => {
    const k = runKernel(`${IRQ_GATE}
      nop
      nop
    `, IRQ_HANDLER, (_cpu, host) => host.pendingVectors.push(0x20));
    expect(k.word(k.sym('irq_count'))).toBe(0);
    expect(k.host.pendingVectors).toEqual([0x20]);
  });

  test('TF traps (#DB) after each instruction', () => {
    const k = runKernel(`
      pushf
      orl $0x100, (%esp)
      popf
    s1: nop
    s2: mov $1, %eax
    s3: pushf
    s4: andl $~0x100, (%esp)
    s5: popf
    s6: nop
    `);
    const eips = k.log.filter((e) => e.vector === 1).map((e) => e.eip);
    // A trap follows each instruction that began with TF=1: not the POPF that set it,
    // but the POPF that clears it.
    expect(eips).toEqual(['s2', 's3', 's4', 's5', 's6'].map((s) => k.sym(s)));
  });

  test('MOV SS delays the single-step trap by one instruction', () => {
    const k = runKernel(`
      pushf
      orl $0x100, (%esp)
      popf
    s1: mov %ss, %ax
    s2: mov %ax, %ss
    s3: nop
    s4: pushf
      andl $~0x100, (%esp)
      popf
    `);
    const eips = k.log.filter((e) => e.vector === 1).map((e) => e.eip);
    expect(eips.slice(0, 3)).toEqual([k.sym('s2'), k.sym('s4'), k.sym('s4') + 1]);
  });

  test('OUT reaches the host; a stop request ends run()', () => {
    const { code } = assemble(`
      mov $0x3f8, %dx
      mov $65, %al
      out %al, %dx
      mov $0x1234, %dx
      in %dx, %eax
      mov %eax, %ebx
      outw %ax, $0x80
      mov $0, %al
      out %al, $0xf4
      jmp .
    `);
    const mem = new Uint8Array(1 << 20);
    mem.set(code, 0x10000);
    const host = new TestHost();
    const cpu = new Cpu(mem, host);
    cpu.enterProtectedFlat(0x10000, 0, 0);
    cpu.run(1000);
    expect(cpu.state).toBe('stopped');
    expect(host.writes).toEqual([[0x3f8, 1, 65], [0x80, 2, 0x5678], [0xf4, 1, 0]]);
    expect(cpu.regs[3]).toBe(0x12345678);
  });
});
