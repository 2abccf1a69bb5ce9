// QEMU as the oracle: the same instruction cases run as a multiboot kernel under
// qemu-system-i386 and under this CPU. The kernel dumps each case's buffer (registers,
// EFLAGS, memory) in hex to the debug port 0xe9, so every flag is compared, undefined
// ones included: where the manuals leave a flag undefined, this CPU must do what QEMU
// does. It also covers the instructions that do not exist in 64-bit mode.
import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cpu } from '../../../src/machine/cpu/cpu.js';
import { assemble, TestHost } from './harness.js';
import { caseFunction, generate32BitOnlyCases, generateCases, type OracleCase } from './oracleCases.js';

const SEED = 7;
const KERNEL_AT = 0x100000;
const hasQemu = spawnSync('qemu-system-i386', ['--version']).status === 0;
if (!hasQemu) console.warn('qemu-system-i386 not installed: QEMU instruction oracle skipped');

function kernelSource(cases: OracleCase[]): string {
  return `
.text
.globl _start
.align 4
multiboot: .long 0x1badb002, 0, -0x1badb002
_start:
  cli
  mov $0xff, %al           # mask the PICs: the cases set IF with POPF
  outb %al, $0x21
  outb %al, $0xa1
  mov $stack_top, %esp
  movl $0, index
next_case:
  mov index, %eax
  cmp $${cases.length}, %eax
  jae finished
  # The buffer pattern (same as fillPattern in oracleCases.ts).
  imul $2654435761, %eax, %ecx
  add $12345, %ecx
  xor %edi, %edi
1:
  imul $1103515245, %ecx, %ecx
  add $12345, %ecx
  mov %ecx, %eax
  shr $16, %eax
  mov %al, buffer(%edi)
  inc %edi
  cmp $256, %edi
  jb 1b
  mov index, %eax
  pushl $buffer
  call *case_table(,%eax,4)
  add $4, %esp
  # Dump the buffer in hex, one line per case.
  xor %edi, %edi
2:
  movzbl buffer(%edi), %eax
  mov %eax, %ebx
  shr $4, %eax
  movb hexdigits(%eax), %al
  outb %al, $0xe9
  and $15, %ebx
  movb hexdigits(%ebx), %al
  outb %al, $0xe9
  inc %edi
  cmp $256, %edi
  jb 2b
  mov $10, %al
  outb %al, $0xe9
  incl index
  jmp next_case
finished:
  mov $0, %eax
  outl %eax, $0xf4
  cli
  hlt

${cases.map((c, i) => caseFunction(c, i, 32)).join('\n')}

.balign 4
case_table: ${cases.map((_, i) => `.long case_${i}`).join('\n')}
hexdigits: .ascii "0123456789abcdef"
index: .long 0
.balign 16
buffer: .fill 256, 1, 0
.fill 8192, 1, 0
stack_top:
`;
}

function linkKernel(source: string, dir: string): string {
  const elf = join(dir, 'k.elf');
  require_ok(spawnSync('as', ['--32', '-o', join(dir, 'k.o'), '-'], { input: source }));
  require_ok(spawnSync('ld', ['-m', 'elf_i386', `-Ttext=0x${KERNEL_AT.toString(16)}`, '-e', '_start', '-o', elf, join(dir, 'k.o')]));
  return elf;
}

function require_ok(r: ReturnType<typeof spawnSync>): void {
  if (r.status !== 0) throw new Error(String(r.stderr));
}

function runQemu(elf: string, dir: string): string[] {
  const out = join(dir, 'debugcon.txt');
  spawnSync('qemu-system-i386', [
    '-kernel', elf, '-display', 'none', '-m', '32', '-no-reboot', '-nodefaults',
    '-debugcon', `file:${out}`, '-device', 'isa-debug-exit,iobase=0xf4,iosize=4',
  ], { timeout: 120_000 });
  return readFileSync(out, 'latin1').trim().split('\n');
}

function runEmulator(source: string): string[] {
  const { code, symbols } = assemble(source, '--32', KERNEL_AT);
  const mem = new Uint8Array(32 << 20);
  mem.set(code, KERNEL_AT);
  let text = '';
  const host = new TestHost();
  host.ioWrite = (port, _size, value) => {
    if (port === 0xe9) text += String.fromCharCode(value & 0xff);
    if (port === 0xf4) host.stop = true;
  };
  const cpu = new Cpu(mem, host);
  cpu.enterProtectedFlat(symbols.get('_start')!, 0x2badb002, 0);
  while (cpu.state === 'running') cpu.run(1_000_000);
  if (cpu.state !== 'stopped') throw new Error(`emulator ended ${cpu.state}: ${cpu.faultMessage}\n${cpu.dumpRegisters()}`);
  return text.trim().split('\n');
}

describe('instruction cases against QEMU', () => {
  (hasQemu ? test : test.skip)('random cases, every flag compared (QEMU TCG semantics)', () => {
    const cases = [...generateCases(SEED, 50), ...generate32BitOnlyCases(SEED, 120)];
    const source = kernelSource(cases);
    if (process.env.LM_DUMP_KERNEL) require_write(process.env.LM_DUMP_KERNEL, source);
    const dir = mkdtempSync(join(tmpdir(), 'lm-qemu-oracle-'));
    try {
      const expected = runQemu(linkKernel(source, dir), dir);
      const actual = runEmulator(source);
      expect(expected.length).toBe(cases.length);
      const failures: string[] = [];
      cases.forEach((c, i) => {
        if (expected[i] !== actual[i]) {
          const e = Buffer.from(expected[i], 'hex'), a = Buffer.from(actual[i] ?? '', 'hex');
          const diffs: string[] = [];
          for (let off = 0; off < 256; off += 4) {
            const ev = e.readUInt32LE(off), av = a.length >= off + 4 ? a.readUInt32LE(off) : -1;
            if (ev !== av) diffs.push(`+${off}: qemu=${ev.toString(16)} emulator=${(av >>> 0).toString(16)}`);
          }
          failures.push(`#${i} ${c.body.replace(/\n/g, '; ')} regs=${c.regs.map((r) => (r >>> 0).toString(16))} flags=${c.flags.toString(16)}: ${diffs.slice(0, 4).join(', ')}`);
        }
      });
      if (failures.length) console.log(`${failures.length} of ${cases.length} differ from QEMU:\n${failures.slice(0, 30).join('\n')}`);
      expect(failures).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});


function require_write(path: string, text: string): void {
  writeFileSync(path, text);
}
