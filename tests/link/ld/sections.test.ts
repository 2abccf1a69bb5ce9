// Input section kinds beyond .text/.data/.bss: COMDAT groups, notes, unwind tables,
// mergeable strings, and sections the image leaves out.

import { describe, expect, test } from '@jest/globals';
import { link } from '../../../src/link/ld/index.js';
import { binutils, formatted, gnuAs, layer, module } from './tools.js';

const comdatHelper = (value: number, user: string) => gnuAs(`
	.section .text.helper,"axG",@progbits,helper,comdat
	.globl helper
helper:
	movl $${value}, %eax
	ret
	.text
	.globl ${user}
${user}:
	call helper
	ret
`);

function symbolAddress(elf: Uint8Array, name: string): number {
  const line = binutils('nm', [], elf).stdout.split('\n').find((l) => l.endsWith(` ${name}`));
  return parseInt(line!.split(' ')[0]!, 16);
}

function bytesAt(elf: Uint8Array, address: number, count: number): number[] {
  const view = new DataView(elf.buffer, elf.byteOffset);
  for (let i = 0; i < view.getUint16(44, true); i++) {
    const at = view.getUint32(28, true) + i * 32;
    const [offset, vaddr, , filesz] = [4, 8, 12, 16].map((f) => view.getUint32(at + f, true));
    if (address >= vaddr! && address + count <= vaddr! + filesz!) return [...elf.subarray(offset! + address - vaddr!, offset! + address - vaddr! + count)];
  }
  return [];
}

describe('COMDAT groups', () => {
  test('the first copy of a group is kept, later copies are dropped without a duplicate error', () => {
    const start = gnuAs('\t.text\n\t.globl start\nstart:\n\tcall user_a\n\tcall user_b\n\tret\n');
    const result = link({
      image: 'comdat', entry: 'start',
      layers: [layer('L', undefined, [module('start.S', start), module('a.S', comdatHelper(1, 'user_a')), module('b.S', comdatHelper(2, 'user_b'))])],
    });
    expect(formatted(result.diagnostics)).toBe('');
    const helper = symbolAddress(result.elf!, 'helper');
    expect(bytesAt(result.elf!, helper, 5)).toEqual([0xb8, 1, 0, 0, 0]);
    expect(result.map).toContain('.text.helper');
    expect(result.map!.match(/\.text\.helper/g)).toHaveLength(1);
  });
  test("a layer's own discarded copy is not a use of the layer that kept it", () => {
    const start = gnuAs('\t.text\n\t.globl start\nstart:\n\tcall user_a\n\tret\n');
    const result = link({
      image: 'comdat', entry: 'start', upcalls: ['user_b'],
      layers: [
        layer('Bottom', undefined, [module('start.S', start), module('a.S', comdatHelper(1, 'user_a'))], ['user_a']),
        layer('Top', 'Bottom', [module('b.S', comdatHelper(2, 'user_b'))], ['user_b']),
      ],
    });
    expect(formatted(result.diagnostics)).toBe('');
  });
});

describe('other section kinds', () => {
  test('allocated notes and unwind tables are loaded read-only; non-allocated and GNU-stack notes are left out', () => {
    const object = gnuAs(`
	.text
	.globl start
	.cfi_startproc
start:
	ret
	.cfi_endproc
	.section .note.layermake,"a",@note
	.long 4, 4, 1
	.ascii "lmk\\0"
	.long 42
	.section .comment,"MS",@progbits,1
	.asciz "a compiler"
	.section .debug_info,"",@progbits
	.long start
	.section .note.GNU-stack,"",@progbits
	.section .rodata.str1.1,"aMS",@progbits,1
	.asciz "merge me"
`);
    const result = link({ image: 'kinds', entry: 'start', layers: [layer('L', undefined, [module('k.S', object)])] });
    expect(formatted(result.diagnostics)).toBe('');
    const { stdout, stderr } = binutils('readelf', ['-S', '-W'], result.elf!);
    expect(stderr).toBe('');
    expect(stdout).not.toMatch(/\.comment|\.debug_info|GNU-stack/);
    expect(result.map).toMatch(/\.note\.layermake/);
    expect(result.map).toMatch(/\.eh_frame/);
    expect(result.map).toMatch(/\.rodata\.str1\.1/);
    const rodata = binutils('objdump', ['-s', '-j', '.rodata'], result.elf!).stdout;
    expect(rodata).toContain('merge me');
  });
});

describe('ring-3 programs', () => {
  test('load at 0x40000000 by default, with no multiboot section, and readelf accepts them', () => {
    const main = gnuAs('\t.text\n\t.globl _start\n_start:\n\tcall write\n\tmovl $msg, %eax\n\tret\n\t.data\nmsg:\t.asciz "hi"\n\t.bss\nbuf:\t.skip 64\n');
    const lib = gnuAs('\t.text\n\t.globl write\nwrite:\n\tint $0x30\n\tret\n');
    const result = link({ image: 'ping', entry: '_start', kind: 'program', layers: [layer('ping', undefined, [module('user/ping.S', main), module('user/ulib.S', lib)])] });
    expect(formatted(result.diagnostics)).toBe('');
    const { stdout, stderr } = binutils('readelf', ['-h', '-l', '-S', '-s', '-W'], result.elf!);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/Entry point address:\s+0x40000000/);
    expect(stdout).not.toContain('.multiboot');
    expect(stdout).toMatch(/LOAD\s+0x001000 0x40000000 0x40000000 0x0000e 0x0000e R E 0x1000/);
    expect(stdout).toMatch(/LOAD\s+0x002000 0x40001000 0x40001000 0x00003 0x00043 RW  0x1000/);
    expect(result.map).toContain('Link map of image ping (program)');
  });
  test('an explicit load address is honoured', () => {
    const main = gnuAs('\t.text\n\t.globl _start\n_start:\n\tret\n');
    const result = link({ image: 'p', entry: '_start', kind: 'program', loadAddress: 0x8048000, layers: [layer('p', undefined, [module('p.S', main)])] });
    expect(new DataView(result.elf!.buffer).getUint32(24, true)).toBe(0x8048000);
  });
});
