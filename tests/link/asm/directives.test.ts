// Directives, relocations and symbols, compared with GNU as: section contents
// byte for byte, relocations (readelf -r) and named symbols (readelf -s) as sets,
// since the order of relocations and symbol indices may legitimately differ.

import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gnuAs, haveGnuAs, ours, sectionBytes, tool, work } from './oracle.js';

const hasAs = haveGnuAs();
const run = hasAs ? test : test.skip;
if (!hasAs) console.warn('GNU as not installed: directive tests skipped');

const SOURCE = `
	.file "kernel.c"
	.text
	.globl start
	.type start, @function
start:
	movl $stack_top, %esp
	call kmain
	addl $(msg_end - msg), %eax
	movl $counter, %eax
	movl counter+4, %ebx
	leal table(,%ecx,4), %edx
	jmp *jump_table(,%eax,4)
1:	hlt
	jmp 1b
	.size start, . - start
	.p2align 4
	.globl kmain
	.type kmain, @function
kmain:
	pushl %ebp
	movl %esp, %ebp
	pushl $msg
	call printk
	addl $4, %esp
	cmpl $0, counter
	jne 2f
	incl counter
2:	leave
	ret
	.size kmain, .-kmain
	.weak weak_hook
weak_hook:
	ret
	.hidden hidden_fn
	.globl hidden_fn
hidden_fn:
	call weak_hook
	ret

	.section .rodata
msg:	.asciz "hello, kernel\\n"
	.ascii "a\\tb\\\\c\\"\\101\\x42"
	.string "two", "strings"
msg_end:
	.align 4
jump_table:
	.long start, kmain, 1b, 2b, ext_sym, ext_sym+8, msg_end - msg
	.section .data
	.globl counter
	.type counter, @object
	.size counter, 8
counter:
	.long 0, 0
table:	.byte 1, 2, -1, 255, 'a, 0x7f
	.short 0x1234, -2, table - counter
	.word 65535
	.int 0xdeadbeef
	.quad 0x123456789abcdef0, -1
	.fill 3, 2, 0x4142
	.skip 5, 0xaa
	.zero 3
	.p2align 3
	.balign 8, 0x55
	.byte 9
	.balign 8, 0x55
	.long . - table
	.long ext_sym - .
	.set SIZE, 16 * 4
	.equ MASK, ~(SIZE - 1)
	SHIFT = SIZE >> 2
	.long SIZE, MASK, SHIFT, SIZE % 5, (1 << 12) | 3, 7 & 3, 6 ^ 3, SIZE == 64, 3 < 2
	.section .mysec, "aw", @progbits
	.long msg, counter, table
	.section .note.custom, "a", @note
	.long 4
	.pushsection .rodata.str, "aMS", @progbits, 1
	.asciz "pushed"
	.popsection
	.long 5
	.bss
	.lcomm lbuf, 100
	.comm common_buf, 4096, 32
	.comm small_common, 4
stack:	.skip 8192
stack_top:
	.local loc_sym
	.set loc_sym, 42
	.ident "layermake test"
	.section .note.GNU-stack,"",@progbits
`;

function relocations(path: string): string[] {
  const out = tool('readelf', ['-rW', path]);
  const lines: string[] = [];
  let section = '';
  for (const l of out.split('\n')) {
    const m = /Relocation section '([^']+)'/.exec(l);
    if (m) section = m[1];
    const r = /^([0-9a-f]{8})\s+[0-9a-f]{8}\s+(R_386_\w+)\s+[0-9a-f]{8}\s+(\S+)/.exec(l);
    if (r) lines.push(`${section} ${r[1]} ${r[2]} ${r[3]}`);
  }
  return lines.sort();
}

function symbols(path: string): string[] {
  const out = tool('readelf', ['-sW', path]);
  const sections = tool('readelf', ['-SW', path]);
  const names = new Map<string, string>();
  for (const l of sections.split('\n')) {
    const m = /\[\s*(\d+)\]\s+(\S+)/.exec(l);
    if (m) names.set(m[1], m[2]);
  }
  return out
    .split('\n')
    .map((l) => /^\s*\d+:\s+([0-9a-f]{8})\s+(\d+)\s+(\w+)\s+(\w+)\s+(\w+)\s+(\w+)\s+(\S+)$/.exec(l))
    .filter((m): m is RegExpExecArray => !!m && m[3] !== 'SECTION')
    .map((m) => `${m[7]} ${m[1]} ${m[2]} ${m[3]} ${m[4]} ${m[5]} ${names.get(m[6]) ?? m[6]}`)
    .sort();
}

describe('directives, relocations and symbols match GNU as', () => {
  run('section contents, relocations and the symbol table', () => {
    const gnu = gnuAs('directives', SOURCE);
    expect(gnu.errors).toBe('');
    const mine = ours('directives', SOURCE);
    expect(mine.errors).toBe('');
    for (const name of ['.text', '.data', '.rodata', '.mysec', '.note.custom', '.rodata.str', '.bss', '.comment']) {
      const a = sectionBytes(mine.object!, name);
      const b = sectionBytes(gnu.object!, name);
      expect({ name, bytes: a && Buffer.from(a).toString('hex') }).toEqual({ name, bytes: b && Buffer.from(b).toString('hex') });
    }
    const gnuPath = join(work, 'directives.gnu.o');
    expect(relocations(mine.path)).toEqual(relocations(gnuPath));
    expect(symbols(mine.path)).toEqual(symbols(gnuPath));
  });

  run('section header flags and types', () => {
    const gnuPath = join(work, 'directives.gnu.o');
    gnuAs('directives', SOURCE);
    const mine = ours('directives', SOURCE);
    const flags = (path: string) =>
      tool('readelf', ['-SW', path])
        .split('\n')
        .map((l) => /\]\s+(\.(?!rel|symtab|strtab|shstrtab)\S+)\s+(\w+)\s+\w+\s+\w+\s+(\w+)\s+(\w+)\s+([A-Z]*)/.exec(l))
        .filter((m): m is RegExpExecArray => !!m)
        .map((m) => `${m[1]} ${m[2]} size=${m[3]} es=${m[4]} ${m[5]}`)
        .sort();
    expect(flags(mine.path)).toEqual(flags(gnuPath));
  });

  run('macros (parameters, defaults, keywords, vararg, \\@), .rept/.irp/.irpc and the .if family', () => {
    const source = readFileSync(new URL('./macros.s', import.meta.url), 'utf8');
    const gnu = gnuAs('macros', source);
    expect(gnu.errors).toBe('');
    const mine = ours('macros', source);
    expect(mine.errors).toBe('');
    expect(Buffer.from(sectionBytes(mine.object!, '.text')!).toString('hex')).toBe(Buffer.from(sectionBytes(gnu.object!, '.text')!).toString('hex'));
    expect(symbols(mine.path)).toEqual(symbols(join(work, 'macros.gnu.o')));
  });

  run('symbolic operands: immediates, displacements, calls and branches to local, global and external symbols', () => {
    const source = readFileSync(new URL('./relocations.s', import.meta.url), 'utf8');
    const gnu = gnuAs('relocations', source);
    expect(gnu.errors).toBe('');
    const mine = ours('relocations', source);
    expect(mine.errors).toBe('');
    for (const name of ['.text', '.data']) {
      expect(Buffer.from(sectionBytes(mine.object!, name)!).toString('hex')).toBe(Buffer.from(sectionBytes(gnu.object!, name)!).toString('hex'));
    }
    expect(relocations(mine.path)).toEqual(relocations(join(work, 'relocations.gnu.o')));
  });

  run('.org after relaxable branches (a boot sector with its signature)', () => {
    const source = ['.code16', 'start: cli', '1: jmp 2f', '.fill 100, 1, 0x90', '2: jne 1b', 'jmp start', '.p2align 4', 'msg: .asciz "boot"', '.org 510', '.word 0xaa55'].join('\n') + '\n';
    const gnu = gnuAs('org', source);
    expect(gnu.errors).toBe('');
    const mine = ours('org', source);
    expect(mine.errors).toBe('');
    const text = sectionBytes(mine.object!, '.text')!;
    expect(text.length).toBe(512);
    expect(Buffer.from(text).toString('hex')).toBe(Buffer.from(sectionBytes(gnu.object!, '.text')!).toString('hex'));
  });

  run('kernel idioms: .text.boot + .previous, far jump to a numeric label, global aliases, weak calls, labelled .rept, page-aligned .bss', () => {
    const source = readFileSync(new URL('./idioms.s', import.meta.url), 'utf8');
    const gnu = gnuAs('idioms', source);
    expect(gnu.errors).toBe('');
    const mine = ours('idioms', source);
    expect(mine.errors).toBe('');
    for (const name of ['.text', '.text.boot', '.data']) {
      expect(Buffer.from(sectionBytes(mine.object!, name)!).toString('hex')).toBe(Buffer.from(sectionBytes(gnu.object!, name)!).toString('hex'));
    }
    const gnuPath = join(work, 'idioms.gnu.o');
    expect(relocations(mine.path)).toEqual(relocations(gnuPath));
    expect(symbols(mine.path)).toEqual(symbols(gnuPath));
  });
});
