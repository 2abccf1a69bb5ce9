// Exceptions and segmentation: each test kernel provokes faults and the IDT stubs
// log vector, error code and faulting EIP; expectations follow the Intel SDM.
import { describe, expect, test } from '@jest/globals';
import { runKernel, SEL, toRing3 } from './testKernel.js';

const FAULT = (label: string) => `movl $${label}, resume`;

describe('architectural exceptions', () => {
  test('#DE, #UD, #BR, INT3, INTO: vector, error code and EIP (fault vs trap)', () => {
    const k = runKernel(`
      ${FAULT('1f')}
      xor %ecx, %ecx
    de: div %ecx
    1: ${FAULT('2f')}
    ud: ud2
    2: ${FAULT('3f')}
      mov $5, %eax
    br: bound %eax, bounds
    3: int3
    after_int3:
      mov $0x7fffffff, %eax
      add $1, %eax
      into
    after_into:
      ${FAULT('4f')}
    lockud: .byte 0xf0, 0x90
    4: ${FAULT('5f')}
      mov $0x80000000, %eax
      cltd
      mov $-1, %ecx
    de2: idiv %ecx
    5:
    `, `bounds: .long 10, 20`);
    expect(k.cpu.state).toBe('halted');
    expect(k.log.map((e) => e.vector)).toEqual([0, 6, 5, 3, 4, 6, 0]);
    expect(k.log[0].eip).toBe(k.sym('de'));
    expect(k.log[1].eip).toBe(k.sym('ud'));
    expect(k.log[2].eip).toBe(k.sym('br'));
    expect(k.log[3].eip).toBe(k.sym('after_int3'));
    expect(k.log[4].eip).toBe(k.sym('after_into'));
    expect(k.log[5].eip).toBe(k.sym('lockud'));
    expect(k.log[6].eip).toBe(k.sym('de2'));
    for (const e of k.log) expect(e.error).toBe(0);
  });

  test('segment loads: #GP with the selector, #NP, #SS, null SS, RPL/DPL checks', () => {
    const k = runKernel(`
      ${FAULT('1f')}
      mov $0x1008, %ax
    gp_limit: mov %ax, %ds
    1: ${FAULT('2f')}
      mov $${SEL.notPresent}, %ax
    np: mov %ax, %es
    2: ${FAULT('3f')}
      mov $${SEL.notPresent}, %ax
    ss_np: mov %ax, %ss
    3: ${FAULT('4f')}
      xor %eax, %eax
    ss_null: mov %ax, %ss
    4: ${FAULT('5f')}
      mov $${SEL.code0}, %ax
    ss_code: mov %ax, %ss
    5: ${FAULT('6f')}
      mov $${SEL.data3}, %ax
    ss_dpl: mov %ax, %ss
    6: ${FAULT('7f')}
      mov $${SEL.tss}, %ax
    ds_system: mov %ax, %ds
    7:
      xor %eax, %eax
      mov %ax, %fs
      mov $${SEL.code0Conforming}, %ax
      mov %ax, %gs
      mov $${SEL.data3}, %ax
      mov %ax, %es
    `);
    expect(k.cpu.state).toBe('halted');
    expect(k.log.map((e) => [e.vector, e.error])).toEqual([
      [13, 0x1008], [11, SEL.notPresent], [12, SEL.notPresent], [13, 0], [13, SEL.code0], [13, SEL.data3 & ~3], [13, SEL.tss],
    ]);
    expect(k.log[0].eip).toBe(k.sym('gp_limit'));
    expect(k.cpu.segSel[4]).toBe(0);
    expect(k.cpu.segSel[5]).toBe(SEL.code0Conforming);
    expect(k.cpu.segSel[0]).toBe(SEL.data3);
  });

  test('segment limits and null segments: #GP(0) on use', () => {
    const k = runKernel(`
      mov $${SEL.small}, %ax
      mov %ax, %fs
      movl $5, %fs:0xfc
      ${FAULT('1f')}
    beyond: mov %fs:0x100, %eax
    1: ${FAULT('2f')}
      xor %eax, %eax
      mov %ax, %gs
    null_use: mov %gs:0, %eax
    2:
    `);
    expect(k.log.map((e) => [e.vector, e.error])).toEqual([[13, 0], [13, 0]]);
    expect(k.log[0].eip).toBe(k.sym('beyond'));
    expect(k.log[1].eip).toBe(k.sym('null_use'));
    expect(k.word(0x3000fc)).toBe(5);
  });

  test('accessed bit is set in the GDT when a segment is loaded', () => {
    const k = runKernel(`
      mov $${SEL.data0Dpl0}, %ax
      mov %ax, %fs
    `);
    const desc = k.sym('gdt') + SEL.data0Dpl0;
    expect(k.mem[desc + 5] & 1).toBe(1);
  });

  test('LAR, LSL, VERR, VERW report visibility in ZF', () => {
    const k = runKernel(`
      mov $${SEL.data0}, %ecx
      lar %ecx, %eax
      setz scratch
      lsl %ecx, %ebx
      setz scratch+1
      mov $${SEL.code0}, %ecx
      verw %cx
      setz scratch+2
      verr %cx
      setz scratch+3
      mov $0x1008, %ecx
      lar %ecx, %edx
      setz scratch+4
      mov $${SEL.tss}, %ecx
      lsl %ecx, %esi
      setz scratch+5
    `);
    const s = k.sym('scratch');
    expect(Array.from(k.mem.slice(s, s + 6))).toEqual([1, 1, 0, 1, 0, 1]);
    expect(k.cpu.regs[0] >>> 0).toBe(0x00c09300); // limit bits 19:16 are not access rights
    expect(k.cpu.regs[3] >>> 0).toBe(0xffffffff);
    expect(k.cpu.regs[6]).toBe(0x67);
  });

  test('SGDT/SIDT/SLDT/STR, SMSW/LMSW, CLTS', () => {
    const k = runKernel(`
      sgdt scratch
      sidt scratch+8
      str %eax
      sldt %ebx
      smsw %ecx
      lmsw %cx
      mov %cr0, %edx
      or $8, %edx
      mov %edx, %cr0
      clts
      mov %cr0, %esi
    `);
    const s = k.sym('scratch');
    expect(k.word(s) & 0xffff).toBe(11 * 8 - 1); // 11 descriptors
    expect(k.word(s + 2)).toBe(k.sym('gdt'));
    expect(k.word(s + 8) & 0xffff).toBe(256 * 8 - 1);
    expect(k.cpu.regs[0]).toBe(SEL.tss);
    expect(k.cpu.regs[3]).toBe(0);
    expect(k.cpu.regs[1] & 1).toBe(1);
    expect(k.cpu.regs[6] & 8).toBe(0);
  });

  test('a fault while delivering a contributory fault is a double fault', () => {
    // #NP handler gate marked not present: #GP during #NP delivery → #DF.
    const k = runKernel(`
      andb $0x7f, idt+11*8+5
      ${FAULT('1f')}
      mov $${SEL.notPresent}, %ax
    np: mov %ax, %ds
    1:
    `);
    expect(k.log.map((e) => [e.vector, e.error])).toEqual([[8, 0]]);
    expect(k.log[0].eip).toBe(k.sym('np'));
  });

  test('triple fault stops the CPU with the chain in faultMessage', () => {
    const k = runKernel(`
      movl $0, idt_ptr
      lidt idt_ptr
      xor %ecx, %ecx
      div %ecx
    `);
    expect(k.cpu.state).toBe('triple-fault');
    expect(k.cpu.faultMessage).toMatch(/^triple fault: #GP\(0x43\) while delivering #DF\(0x0\) while delivering #GP\(0x3\) while delivering #DE at eip=/);
    expect(k.cpu.dumpRegisters()).toMatch(/EIP=/);
  });

  test('privileged instructions and I/O at ring 3 raise #GP(0); INT to a DPL 0 gate raises #GP(vector*8+2)', () => {
    const k = runKernel(`
      ${toRing3('ring3')}
    ring3:
      ${FAULT('1f')}
    hlt3: hlt
    1: ${FAULT('2f')}
    cli3: cli
    2: ${FAULT('3f')}
    out3: outb %al, $0x80
    3: ${FAULT('4f')}
    int3gp: int $0x81
    4: ${FAULT('5f')}
    cr3: mov %cr0, %eax
    5: ${FAULT('6f')}
    lgdt3: lgdt scratch
    6: ${FAULT('7f')}
      mov $0x174, %ecx
    rdmsr3: rdmsr
    7:
      mov $41, %eax
      int $0x80
      mov %eax, scratch
      jmp .
    `, '', undefined, 20_000);
    expect(k.log.map((e) => [e.vector, e.error, e.cs])).toEqual([
      [13, 0, SEL.code3], [13, 0, SEL.code3], [13, 0, SEL.code3], [13, 0x81 * 8 + 2, SEL.code3], [13, 0, SEL.code3], [13, 0, SEL.code3], [13, 0, SEL.code3],
    ]);
    expect(k.log[0].eip).toBe(k.sym('hlt3'));
    expect(k.log[3].eip).toBe(k.sym('int3gp'));
    // Ring-3 faults arrive on the ring-0 stack from the TSS (ESP0 = 0x7f000).
    expect(k.log[0].esp).toBe(0x7f000 - 24 - 4 - 8); // SS, ESP, EFLAGS, CS, EIP, error; vector; two saves
    expect(k.word(k.sym('scratch'))).toBe(1041);
    expect(k.word(k.sym('syscall_esp'))).toBe(0x7f000 - 20);
    expect(k.word(k.sym('syscall_ss'))).toBe(SEL.data0);
    expect(k.cpu.cpl).toBe(3);
    expect(k.cpu.segSel[1]).toBe(SEL.code3);
  });

  test('IRET to ring 3 nulls data segments the new CPL may not use; call gate from ring 3 switches stacks', () => {
    const k = runKernel(`
      mov $${SEL.data0}, %ax
      mov %ax, %ds
      pushl $${SEL.data3}
      pushl $0x60000
      pushl $0x2
      pushl $${SEL.code3}
      pushl $ring3
      iret
    ring3:
      mov %ds, %ebx
      mov $${SEL.data3}, %ax
      mov %ax, %ds
      pushl $77
      lcall $${SEL.callGate | 3}, $0
      mov %eax, %esi
      mov %esp, %edi
      jmp .
    `, '', undefined, 20_000);
    expect(k.cpu.regs[3] & 0xffff).toBe(0);
    expect(k.cpu.regs[6]).toBe(77);
    expect(k.cpu.regs[7]).toBe(0x60000); // the parameter was released on both stacks
    expect(k.word(k.sym('syscall_esp'))).toBe(0x7f000 - 20);
    expect(k.word(k.sym('syscall_cs'))).toBe(SEL.code0);
    expect(k.cpu.cpl).toBe(3);
  });

  test('far JMP and CALL/RETF through code segments', () => {
    const k = runKernel(`
      ljmp $${SEL.code0Conforming}, $1f
    1: mov %cs, %eax
      lcall $${SEL.code0}, $far_fn
      mov %cs, %ebx
      ${FAULT('2f')}
    badjmp: ljmp $${SEL.data0}, $0
    2:
    `, `far_fn: mov $9, %ecx
      lret`);
    expect(k.cpu.regs[0] & 0xffff).toBe(SEL.code0Conforming);
    expect(k.cpu.regs[3] & 0xffff).toBe(SEL.code0Conforming);
    expect(k.cpu.regs[1]).toBe(9);
    expect(k.log.map((e) => [e.vector, e.error])).toEqual([[13, SEL.data0]]);
  });

  test('SYSENTER/SYSEXIT use the SYSENTER MSRs', () => {
    const k = runKernel(`
      mov $0x174, %ecx
      mov $0x08, %eax
      xor %edx, %edx
      wrmsr
      inc %ecx
      mov $0x7e000, %eax
      wrmsr
      inc %ecx
      mov $kernel_entry, %eax
      wrmsr
      mov $0x176, %ecx
      rdmsr
      mov %eax, scratch
      mov $user, %edx
      mov $0x61000, %ecx
      sysexit
    user:
      mov %cs, %eax
      mov %ss, %ebx
      mov %esp, %esi
      sysenter
    kernel_entry:
      mov %cs, %ecx
      mov %ss, %edx
      mov %esp, %edi
    `);
    expect(k.cpu.state).toBe('halted');
    expect(k.word(k.sym('scratch'))).toBe(k.sym('kernel_entry'));
    expect(k.cpu.regs[0] & 0xffff).toBe(0x1b);
    expect(k.cpu.regs[3] & 0xffff).toBe(0x23);
    expect(k.cpu.regs[6]).toBe(0x61000);
    expect(k.cpu.regs[1] & 0xffff).toBe(0x08);
    expect(k.cpu.regs[2] & 0xffff).toBe(0x10);
    expect(k.cpu.regs[7]).toBe(0x7e000);
  });

  test('unknown MSRs raise #GP(0); CPUID reports AMD and the features it implements', () => {
    const k = runKernel(`
      ${FAULT('1f')}
      mov $0x1b, %ecx
    badmsr: rdmsr
    1:
      xor %eax, %eax
      cpuid
      mov %ebx, scratch
      mov %edx, scratch+4
      mov %ecx, scratch+8
      mov $1, %eax
      cpuid
      mov %edx, scratch+12
      fninit
      fnstsw %ax
      fnstcw scratch+16
      mov %ax, scratch+18
      rdtsc
      mov %eax, %esi
      rdtsc
      sub %esi, %eax
    `);
    expect(k.log.map((e) => [e.vector, e.error, e.eip])).toEqual([[13, 0, k.sym('badmsr')]]);
    const s = k.sym('scratch');
    expect(Buffer.from(k.mem.slice(s, s + 12)).toString('latin1')).toBe('AuthenticAMD');
    const features = k.word(s + 12);
    for (const bit of [0, 3, 4, 5, 8, 11, 15]) expect((features >> bit) & 1).toBe(1);
    expect(k.word(s + 16) & 0xffff).toBe(0x37f);
    expect(k.word(s + 16) >>> 16).toBe(0);
    expect(k.cpu.regs[0]).toBe(2); // two instructions retired between the reads
  });
});
