// A tiny protected-mode test kernel around a test body: a GDT (ring 0 and ring 3
// flat segments, a TSS, a not-present segment), an IDT whose 32 exception stubs log
// (vector, error code, EIP, CS, CR2, ESP) and resume at the address in `resume`.
// Tests read the log to check what the CPU raised, with what error code, where.
import { Cpu } from '../../../src/machine/cpu/cpu.js';
import { assemble, TestHost } from './harness.js';

export const KERNEL_BASE = 0x10000;
export const LOG_ENTRY = 24;

const WITH_ERROR = new Set([8, 10, 11, 12, 13, 14, 17]);

function stubs(): string {
  const lines: string[] = [];
  for (let v = 0; v < 32; v++) {
    lines.push('.balign 16', `stub_${v}:`);
    if (!WITH_ERROR.has(v)) lines.push('pushl $0');
    lines.push(`pushl $${v}`, 'jmp common_handler');
  }
  return lines.join('\n');
}

/** Selectors of the test GDT. */
export const SEL = { code0: 0x08, data0: 0x10, code3: 0x1b, data3: 0x23, tss: 0x28, notPresent: 0x30, code0Conforming: 0x38, data0Dpl0: 0x40, callGate: 0x48, small: 0x50 };

/** Enters ring 3 at `label` with DS/ES usable there (ring-0 data would be nulled by IRET). */
export function toRing3(label: string, esp = 0x60000): string {
  return `
  mov $${SEL.data3}, %ax
  mov %ax, %ds
  mov %ax, %es
  pushl $${SEL.data3}
  pushl $${esp}
  pushl $0x2
  pushl $${SEL.code3}
  pushl $${label}
  iret`;
}

export function kernelSource(body: string, extra = ''): string {
  return `
.code32
.text
.globl _start
_start:
  mov $tss, %eax
  mov %ax, tss_desc+2
  shr $16, %eax
  mov %al, tss_desc+4
  mov %ah, tss_desc+7
  mov $gate_target, %eax
  mov %ax, call_gate
  shr $16, %eax
  mov %ax, call_gate+6
  lgdt gdt_ptr
  ljmp $0x08, $1f
1:
  mov $0x10, %ax
  mov %ax, %ds
  mov %ax, %es
  mov %ax, %fs
  mov %ax, %gs
  mov %ax, %ss
  mov $0x80000, %esp
  # IDT: interrupt gates (DPL 0) to the stubs, 16 bytes apart.
  mov $idt, %edi
  mov $stub_0, %edx
  mov $32, %ecx
2:
  mov %edx, %eax
  and $0xffff, %eax
  or $0x00080000, %eax
  mov %eax, (%edi)
  mov %edx, %eax
  and $0xffff0000, %eax
  or $0x8e00, %eax
  mov %eax, 4(%edi)
  add $8, %edi
  add $16, %edx
  loop 2b
  # 0x80: a DPL 3 trap gate (system call); 0x81: a DPL 0 interrupt gate.
  mov $syscall_handler, %edx
  mov %edx, %eax
  and $0xffff, %eax
  or $0x00080000, %eax
  mov %eax, idt+0x80*8
  mov %edx, %eax
  and $0xffff0000, %eax
  or $0xef00, %eax
  mov %eax, idt+0x80*8+4
  mov idt+13*8, %eax
  mov %eax, idt+0x81*8
  mov idt+13*8+4, %eax
  mov %eax, idt+0x81*8+4
  lidt idt_ptr
  movl $0x7f000, tss+4
  movl $0x10, tss+8
  movw $0x68, tss+0x66
  mov $0x28, %ax
  ltr %ax
  movl $log_area, log_ptr
  jmp test_main

common_handler:
  push %eax
  push %ebx
  mov log_ptr, %ebx
  mov 8(%esp), %eax
  mov %eax, 0(%ebx)
  mov 12(%esp), %eax
  mov %eax, 4(%ebx)
  mov 16(%esp), %eax
  mov %eax, 8(%ebx)
  mov 20(%esp), %eax
  mov %eax, 12(%ebx)
  mov %cr2, %eax
  mov %eax, 16(%ebx)
  mov %esp, %eax
  mov %eax, 20(%ebx)
  add $${LOG_ENTRY}, %ebx
  mov %ebx, log_ptr
  mov resume, %eax
  test %eax, %eax
  jz 1f
  mov %eax, 16(%esp)
  movl $0, resume
1:
  pop %ebx
  pop %eax
  add $8, %esp
  iret

syscall_handler:
  mov %esp, syscall_esp
  mov %ss, syscall_ss
  mov %cs, syscall_cs
  add $1000, %eax
  iret

gate_target:
  mov %esp, syscall_esp
  mov %cs, syscall_cs
  mov 8(%esp), %eax
  lret $4

${stubs()}

test_main:
${body}
  hlt
${extra}

.balign 8
gdt:
  .quad 0
  .quad 0x00cf9a000000ffff
  .quad 0x00cf92000000ffff
  .quad 0x00cffa000000ffff
  .quad 0x00cff2000000ffff
tss_desc:
  .quad 0x0000890000000067
  .quad 0x00cf12000000ffff
  .quad 0x00cf9e000000ffff
  .quad 0x00cf92000000ffff
call_gate:
  .word 0, 0x08, 0xec01, 0
  .quad 0x00409230000000ff
gdt_end:
gdt_ptr:
  .word gdt_end - gdt - 1
  .long gdt
.balign 8
idt:
  .fill 256, 8, 0
idt_ptr:
  .word 256*8 - 1
  .long idt
.balign 4
tss:
  .fill 0x68, 1, 0
log_ptr: .long 0
resume: .long 0
syscall_esp: .long 0
syscall_ss: .long 0
syscall_cs: .long 0
scratch: .fill 64, 1, 0
log_area: .fill ${LOG_ENTRY * 16}, 1, 0
`;
}

export interface LogEntry {
  vector: number;
  error: number;
  eip: number;
  cs: number;
  cr2: number;
  esp: number;
}

export interface KernelRun {
  cpu: Cpu;
  host: TestHost;
  mem: Uint8Array;
  sym: (name: string) => number;
  word: (address: number) => number;
  log: LogEntry[];
}

export function runKernel(body: string, extra = '', setup?: (cpu: Cpu, host: TestHost) => void, budget = 200_000): KernelRun {
  const { code, symbols } = assemble(kernelSource(body, extra), '--32', KERNEL_BASE);
  const mem = new Uint8Array(16 << 20);
  mem.set(code, KERNEL_BASE);
  const host = new TestHost();
  const cpu = new Cpu(mem, host);
  cpu.enterProtectedFlat(KERNEL_BASE, 0, 0);
  setup?.(cpu, host);
  cpu.run(budget);
  const word = (a: number) => (mem[a] | (mem[a + 1] << 8) | (mem[a + 2] << 16) | (mem[a + 3] << 24)) >>> 0;
  const sym = (name: string) => {
    const v = symbols.get(name);
    if (v === undefined) throw new Error(`no symbol ${name}`);
    return v;
  };
  const log: LogEntry[] = [];
  const end = word(sym('log_ptr'));
  for (let at = sym('log_area'); at < end; at += LOG_ENTRY) {
    log.push({ vector: word(at), error: word(at + 4), eip: word(at + 8), cs: word(at + 12), cr2: word(at + 16), esp: word(at + 20) });
  }
  return { cpu, host, mem, sym, word, log };
}
