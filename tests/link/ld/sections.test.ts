// Input section kinds beyond .text/.data/.bss: COMDAT groups, notes, unwind tables,
// mergeable strings, and sections the image leaves out.

import { describe, expect, test } from '@jest/globals';
import { link } from '../../../src/link/ld/index.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { binutils, buildFixture, CFLAGS, FIXTURES, formatted, gnuAs, layer, module, scratchDir } from './tools.js';

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
  test('allocated notes and unwind tables are loaded read-only; .comment and GNU-stack notes are left out, debug sections kept', () => {
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
    expect(stdout).not.toMatch(/\.comment|GNU-stack/);
    expect(stdout).toMatch(/\.debug_info +PROGBITS +00000000/);
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

describe('debug information', () => {
  test('DWARF sections are kept and relocated, so addr2line finds each function\'s source line', () => {
    const { dir, remove } = scratchDir();
    try {
      const built = (file: string) => module(file, buildFixture(file, dir, [...CFLAGS, '-g']));
      const result = link({
        image: 'debug', entry: 'start', upcalls: ['kernel_main'],
        layers: [
          layer('MBoot', undefined, [built('entry.S'), built('io.c')], ['serial_putc', 'qemu_exit']),
          layer('MPrint', 'MBoot', [built('print.c')], ['print_str', 'print_dec'], ['qemu_exit']),
          layer('MFact', 'MPrint', [built('fact.c')], ['fact']),
          layer('MTop', 'MFact', [module('top.S', gnuAs('\t.text\n\t.globl kernel_main\nkernel_main:\n\tret\n'))], ['kernel_main']),
        ],
      });
      expect(formatted(result.diagnostics)).toBe('');
      const elf = result.elf!;
      expect(binutils('readelf', ['--debug-dump=info,line,aranges'], elf).stderr).toBe('');
      for (const [name, file] of [['serial_putc', 'io.c'], ['print_dec', 'print.c'], ['fact', 'fact.c']] as const) {
        const line = readFileSync(join(FIXTURES, file), 'utf8').split('\n').findIndex((l) => l.includes(` ${name}(`) && l.endsWith('{')) + 1;
        const where = binutils('addr2line', ['-e'], elf, [`0x${symbolAddress(elf, name).toString(16)}`]).stdout.trim();
        expect(where).toBe(`${join(FIXTURES, file)}:${line}`);
      }
    } finally {
      remove();
    }
  });
});

describe('RELA relocation sections', () => {
  /** Rewrites every SHT_REL section of `object` as SHT_RELA, moving each addend out of the patched bytes. */
  function toRela(object: Uint8Array): Uint8Array {
    const view = new DataView(object.buffer, object.byteOffset, object.byteLength);
    const shoff = view.getUint32(32, true);
    const appended: Uint8Array[] = [];
    let end = object.length;
    const headers: Array<{ at: number; offset: number; size: number }> = [];
    for (let i = 0; i < view.getUint16(48, true); i++) {
      const at = shoff + i * 40;
      if (view.getUint32(at + 4, true) !== 9) continue;
      const [offset, size, target] = [16, 20, 28].map((f) => view.getUint32(at + f, true));
      const targetOffset = view.getUint32(shoff + target! * 40 + 16, true);
      const rela = new DataView(new ArrayBuffer((size! / 8) * 12));
      for (let k = 0; k < size! / 8; k++) {
        const where = view.getUint32(offset! + k * 8, true);
        const info = view.getUint32(offset! + k * 8 + 4, true);
        const type = info & 0xff;
        const width = type === 1 || type === 2 || type === 4 ? 4 : type === 20 || type === 21 ? 2 : 1;
        const field = targetOffset + where;
        const addend = width === 4 ? view.getInt32(field, true) : width === 2 ? view.getInt16(field, true) : view.getInt8(field);
        for (let b = 0; b < width; b++) object[field + b] = 0;
        rela.setUint32(k * 12, where, true);
        rela.setUint32(k * 12 + 4, info, true);
        rela.setInt32(k * 12 + 8, addend, true);
      }
      headers.push({ at, offset: end, size: rela.byteLength });
      appended.push(new Uint8Array(rela.buffer));
      end += rela.byteLength;
    }
    const result = new Uint8Array(end);
    result.set(object);
    let cursor = object.length;
    for (const bytes of appended) {
      result.set(bytes, cursor);
      cursor += bytes.length;
    }
    const out = new DataView(result.buffer);
    for (const h of headers) {
      out.setUint32(h.at + 4, 4, true);
      out.setUint32(h.at + 16, h.offset, true);
      out.setUint32(h.at + 20, h.size, true);
      out.setUint32(h.at + 36, 12, true);
    }
    return result;
  }

  test('give the same image as the REL form of the same object', () => {
    const { dir, remove } = scratchDir();
    try {
      const files = ['entry.S', 'io.c', 'relocs.S', 'relocs2.S'];
      const objects = files.map((file) => buildFixture(file, dir));
      const main = gnuAs('\t.text\n\t.globl kernel_main\nkernel_main:\n\tcall reloc_code\n\tret\n');
      const request = (transform: (o: Uint8Array) => Uint8Array) => link({
        image: 'rela', entry: 'start', upcalls: ['kernel_main'],
        layers: [layer('L', undefined, [...files.map((file, i) => module(file, transform(objects[i]!.slice()))), module('main.S', main)])],
      });
      const rel = request((o) => o);
      const rela = request(toRela);
      expect(formatted(rela.diagnostics)).toBe('');
      expect(Buffer.from(rela.elf!).equals(Buffer.from(rel.elf!))).toBe(true);
    } finally {
      remove();
    }
  });
});
