// The multiboot loader: images GNU ld links (ELF at a physical address, ELF linked
// high with physical load addresses, the a.out kludge) and the ways an image is bad.
import { describe, test, expect, beforeAll } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMultiboot, pcMemoryMap } from '../../src/machine/multiboot.js';
import type { Diagnostic } from '../../src/diagnostics.js';

const MiB = 1 << 20;
let dir = '';

/** Assembles and links `source` with GNU as and ld; returns the ELF's bytes. */
function link(name: string, source: string, script: string): Uint8Array {
  writeFileSync(join(dir, `${name}.s`), source);
  writeFileSync(join(dir, `${name}.ld`), script);
  execFileSync('as', ['--32', '-o', join(dir, `${name}.o`), join(dir, `${name}.s`)]);
  execFileSync('ld', ['-m', 'elf_i386', '-z', 'noexecstack', '-T', join(dir, `${name}.ld`), '-o', join(dir, name), join(dir, `${name}.o`)]);
  return readFileSync(join(dir, name));
}

const HEADER = (flags: number, extra = '') => `
  .section .multiboot, "a"
  .align 4
header:
  .long 0x1BADB002, ${flags}, -(0x1BADB002 + ${flags})
  ${extra}
`;

function load(image: Uint8Array, memory: Uint8Array = new Uint8Array(16 * MiB), cmdline = "") {
  return { entry: loadMultiboot({ imageName: 'k.elf', image, cmdline, modules: [], memory }), memory };
}

function failure(image: Uint8Array, memory: Uint8Array = new Uint8Array(16 * MiB)): string {
  const { entry } = load(image, memory);
  expect('severity' in entry).toBe(true);
  return (entry as Diagnostic).message;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'layermake-multiboot-'));
});

describe('multiboot loading', () => {
  test('an ELF kernel: segments at their physical addresses, bss zeroed, EAX and EBX as specified', () => {
    const image = link('plain', `${HEADER(3)}
      .text
      .globl _start
    _start: movl $0x12345678, %eax
      .data
    value: .long 0xcafebabe
      .bss
    zeros: .skip 4096`, 'ENTRY(_start) SECTIONS { . = 0x100000; .text : { *(.multiboot) *(.text) } .data : { *(.data) } .bss : { *(.bss) } }');
    const memory = new Uint8Array(16 * MiB).fill(0xee);
    const { entry } = load(image, memory);
    expect('severity' in entry).toBe(false);
    if ('severity' in entry) return;
    const symbols = execFileSync('nm', [join(dir, 'plain')]).toString();
    const address = (name: string) => parseInt(new RegExp(`([0-9a-f]+) \\w ${name}\\n`).exec(symbols)![1]!, 16);
    expect(entry.eip).toBe(address('_start'));
    expect(entry.eax).toBe(0x2badb002);
    expect(entry.ebx).toBe(0x9500);
    const view = new DataView(memory.buffer);
    expect(view.getUint32(address('value'), true)).toBe(0xcafebabe);
    expect(memory.subarray(address('zeros'), address('zeros') + 4096).every((b) => b === 0)).toBe(true);
    expect(view.getUint8(entry.eip)).toBe(0xb8); // movl $imm, %eax
  });

  test('the information structure: flags, memory sizes, command line, map', () => {
    const image = link('info', `${HEADER(3)}\n.text\n.globl _start\n_start: hlt`, 'ENTRY(_start) SECTIONS { . = 0x100000; .text : { *(.multiboot) *(.text) } }');
    const { entry, memory } = load(image, new Uint8Array(64 * MiB), 'root=/dev/null');
    if ('severity' in entry) throw new Error(entry.message);
    const view = new DataView(memory.buffer);
    const field = (offset: number) => view.getUint32(0x9500 + offset, true);
    const cString = (address: number) => Buffer.from(memory.subarray(address, memory.indexOf(0, address))).toString();
    expect(field(0)).toBe(0x24f);
    expect(field(4)).toBe(639);
    expect(field(8)).toBe((64 * MiB - MiB - 0x20000) / 1024);
    expect(cString(field(16))).toBe('k.elf root=/dev/null');
    expect(cString(field(64))).toBe('layermake');
    expect(field(20)).toBe(0);
    expect(field(24)).toBe(0x101000); // after the kernel, page-aligned
    expect(field(44)).toBe(6 * 24);
    const map = [];
    for (let at = field(48); at < field(48) + field(44); at += 24) {
      map.push([view.getUint32(at + 4, true), view.getUint32(at + 12, true), view.getUint32(at + 20, true)]);
    }
    expect(map).toEqual(pcMemoryMap(64 * MiB));
  });

  test('a kernel linked high runs first at its physical entry point', () => {
    const image = link('high', `${HEADER(3)}\n.text\n.globl _start\n_start: nop\n nop\n.globl entry2\nentry2: hlt`, `
      ENTRY(entry2)
      SECTIONS { . = 0xC0100000; .text : AT(0x100000) { *(.multiboot) *(.text) } }`);
    const { entry, memory } = load(image);
    if ('severity' in entry) throw new Error(entry.message);
    expect(entry.eip).toBe(0x10000e); // 12 header bytes, 2 nops
    expect(memory[entry.eip]).toBe(0xf4);
  });

  test('the a.out kludge loads the range the header gives', () => {
    link('kludge', `
      .section .multiboot, "a"
      .align 4
    header:
      .long 0x1BADB002, 0x10003, -(0x1BADB002 + 0x10003)
      .long header, 0x200000, 0, 0x208000, start
      .text
    start: hlt`, 'SECTIONS { . = 0x200000; .all : { *(.multiboot) *(.text) } /DISCARD/ : { *(*) } }');
    const binary = join(dir, 'kludge.bin');
    execFileSync('objcopy', ['-O', 'binary', join(dir, 'kludge'), binary]);
    const { entry, memory } = load(readFileSync(binary));
    if ('severity' in entry) throw new Error(entry.message);
    expect(entry.eip).toBe(0x200020);
    expect(memory[0x200020]).toBe(0xf4);
    expect(entry.loadEnd).toBe(0x208000);
  });
});

describe('bad images', () => {
  const good = () => link('good', `${HEADER(3)}\n.text\n.globl _start\n_start: hlt`, 'ENTRY(_start) SECTIONS { . = 0x100000; .text : { *(.multiboot) *(.text) } }');

  test('no header', () => {
    expect(failure(new Uint8Array(100))).toBe('k.elf: no multiboot header in the first 8 KiB (is this a multiboot kernel?)');
  });

  test('a bad checksum', () => {
    const image = good();
    const at = Buffer.from(image).indexOf(Buffer.from([0x02, 0xb0, 0xad, 0x1b]));
    image[at + 8]! ^= 1;
    expect(failure(image)).toMatch(/bad checksum/);
  });

  test('requirements the loader does not know', () => {
    const image = link('video', `${HEADER(0x8003)}\n.text\n.globl _start\n_start: hlt`, 'ENTRY(_start) SECTIONS { . = 0x100000; .text : { *(.multiboot) *(.text) } }');
    expect(failure(image)).toMatch(/requires features this loader does not know \(flags 0x8000\)/);
  });

  test('a 64-bit ELF file', () => {
    const image = good();
    image[4] = 2;
    expect(failure(image)).toMatch(/not a 32-bit ELF file/);
  });

  test('another machine', () => {
    const image = good();
    image[18] = 62;
    expect(failure(image)).toMatch(/ELF machine 62 is not i386/);
  });

  test('a relocatable object', () => {
    const image = good();
    image[16] = 1;
    expect(failure(image)).toMatch(/not an ELF executable/);
  });

  test('a segment beyond guest memory', () => {
    expect(failure(good(), new Uint8Array(1 * MiB))).toMatch(/at least 2 MiB/);
    const image = link('big', `${HEADER(3)}\n.text\n.globl _start\n_start: hlt\n.bss\n.skip 0x300000`, 'ENTRY(_start) SECTIONS { . = 0x100000; .text : { *(.multiboot) *(.text) } .bss : { *(.bss) } }');
    expect(failure(image, new Uint8Array(2 * MiB))).toMatch(/does not fit in 2 MiB of guest memory/);
  });

  test('truncated program headers', () => {
    const image = good();
    const view = new DataView(image.buffer, image.byteOffset);
    view.setUint32(28, image.length - 8, true); // e_phoff near the end
    expect(failure(image)).toMatch(/program headers are missing or truncated/);
  });

  test('random corruption never throws', () => {
    const base = good();
    const memory = new Uint8Array(4 * MiB);
    let seed = 1;
    for (let i = 0; i < 2000; i++) {
      const image = Uint8Array.from(base);
      for (let j = 0; j < 4; j++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        image[seed % Math.min(image.length, 256)] = seed >>> 24;
      }
      expect(() => load(image, memory)).not.toThrow();
    }
  });
});
