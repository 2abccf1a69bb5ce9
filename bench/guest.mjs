// The CPU benchmarks' guest: a multiboot kernel that runs one loop body COUNT times
// and ends through the exit device (port 0xf4), assembled with GNU as and ld.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOAD_AT = 0x100000;
/** _start follows the 12-byte multiboot header. */
export const ENTRY = LOAD_AT + 12;

export function guestKernel(body, count) {
  return `
.text
.globl _start
.align 4
  .long 0x1badb002, 0, -0x1badb002
_start:
  cli
  mov $0xff, %al
  outb %al, $0x21
  outb %al, $0xa1
  mov $0x800000, %esp
  mov $0x200000, %esi
  mov $0x300000, %ebp
  xor %edx, %edx
  xor %edi, %edi
  mov $1, %eax
  mov $${count}, %ecx
loop:
${body}
  dec %ecx
  jnz loop
  mov $0, %eax
  outl %eax, $0xf4
  hlt
func:
  add %eax, %edi
  ret
`;
}

/** Assembles and links a guest in DIR: its ELF path, and its .text as raw bytes to load at LOAD_AT. */
export function assembleGuest(source, dir, name) {
  const file = (ext) => join(dir, `${name}.${ext}`);
  writeFileSync(file('s'), source);
  execFileSync('as', ['--32', '-o', file('o'), file('s')]);
  execFileSync('ld', ['-m', 'elf_i386', `-Ttext=0x${LOAD_AT.toString(16)}`, '-e', '_start', '-o', file('elf'), file('o')]);
  execFileSync('objcopy', ['-O', 'binary', '-j', '.text', file('elf'), file('bin')]);
  return { elf: file('elf'), bin: new Uint8Array(readFileSync(file('bin'))) };
}
