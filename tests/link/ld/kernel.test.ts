// A small layered multiboot kernel, compiled by gcc -m32 and GNU as, linked by
// layermake's linker and booted in QEMU; then linked by GNU ld with the same layout
// imposed by a linker script, and compared symbol by symbol and byte by byte.

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LinkRequest } from '../../../src/link/api.js';
import { link } from '../../../src/link/ld/index.js';
import { binutils, bootInQemu, buildFixture, CFLAGS, FIXTURES, formatted, gnuAs, layer, module, PLAIN_CFLAGS, scratchDir } from './tools.js';

const STACK: Array<{ name: string; underlay?: string; modules: string[]; fresh: string[]; passThrough: string[]; parts?: string[] }> = [
  { name: 'MBoot', modules: ['entry.S', 'io.c'], fresh: ['serial_putc', 'qemu_exit'], passThrough: [] },
  { name: 'MPrint', underlay: 'MBoot', modules: ['print.c'], fresh: ['print_str', 'print_dec'], passThrough: ['qemu_exit'] },
  { name: 'MSum', underlay: 'MPrint', modules: ['sum.c'], fresh: ['sum_to'], passThrough: ['print_str', 'qemu_exit'] },
  { name: 'MFact', underlay: 'MPrint', modules: ['fact.c'], fresh: ['fact'], passThrough: ['print_dec'] },
  { name: 'MCalc', underlay: 'MPrint', modules: [], fresh: [], passThrough: [], parts: ['MSum', 'MFact'] },
  {
    name: 'MMain', underlay: 'MCalc', fresh: ['kernel_main'], passThrough: [],
    modules: ['kernel.c', 'weak.c', 'strong.c', 'common.S', 'common2.S', 'relocs.S', 'relocs2.S'],
  },
];

const EXPECTED_SERIAL = 'hello from MMain\nsum_to(10)=55 fact(5)=120\ngreeting from a blob\nsuffix=strong hook=no counter=1 bss=ok\n';
const EXIT_VALUE = 0x21;

const built = new Map<string, Uint8Array>();

/** Compiles each fixture once per flag set (gcc is the slow part of these tests). */
function kernelRequest(objectDir: string, cflags: string[], extraBootModules: string[] = []): LinkRequest {
  const objectOf = (file: string) => {
    const key = `${cflags.join(' ')}:${file}`;
    if (!built.has(key)) built.set(key, buildFixture(file, objectDir, cflags));
    return built.get(key)!;
  };
  const layers = STACK.map((spec) => {
    const files = spec.name === 'MBoot' ? [...extraBootModules, ...spec.modules] : spec.modules;
    const modules = files.map((file) => module(file, objectOf(file)));
    return layer(spec.name, spec.underlay, modules, spec.fresh, spec.passThrough, spec.parts);
  });
  return {
    image: 'demo', entry: 'start', upcalls: ['kernel_main'], layers,
    blobs: [{ name: 'greeting', bytes: new Uint8Array(readFileSync(join(FIXTURES, 'greeting.txt'))) }],
  };
}

let scratch: ReturnType<typeof scratchDir>;
beforeAll(() => {
  scratch = scratchDir();
});
afterAll(() => scratch.remove());

describe('a layered multiboot kernel linked by layermake', () => {
  let elf: Uint8Array;
  let map: string;

  beforeAll(() => {
    const result = link(kernelRequest(scratch.dir, CFLAGS));
    expect(formatted(result.diagnostics)).toBe('');
    elf = result.elf!;
    map = result.map!;
  });

  test('boots in QEMU, prints through every layer and exits with its status', () => {
    const run = bootInQemu(elf);
    expect(run.timedOut).toBe(false);
    expect(run.serial).toBe(EXPECTED_SERIAL);
    expect(run.status).toBe((EXIT_VALUE << 1) | 1);
  });

  test('readelf accepts the image without warnings and sees three PT_LOAD segments', () => {
    const { stdout, stderr } = binutils('readelf', ['-h', '-l', '-S', '-s', '-W'], elf);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/Type:\s+EXEC/);
    expect(stdout).toMatch(/Machine:\s+Intel 80386/);
    const loads = stdout.split('\n').filter((l) => l.trim().startsWith('LOAD'));
    expect(loads.map((l) => l.trim().split(/\s+/)[6])).toEqual(['R', 'R', 'RW']);
    expect(loads[0]).toMatch(/0x00100000 0x00100000/);
    expect(loads[0]).toMatch(/R E 0x1000$/);
  });

  test('objdump shows function names and the multiboot header comes first', () => {
    const { stdout } = binutils('objdump', ['-d', '-j', '.text'], elf);
    for (const name of ['start', 'serial_putc', 'print_str', 'sum_to', 'fact', 'kernel_main']) expect(stdout).toContain(`<${name}>:`);
    const header = binutils('objdump', ['-s', '-j', '.multiboot'], elf).stdout;
    expect(header).toMatch(/100000 02b0ad1b 03000000 fb4f52e4/);
  });

  test('the entry point is the entry symbol, and linker symbols bracket the image', () => {
    const symbols = nmSymbols(elf);
    const entry = new DataView(elf.buffer, elf.byteOffset).getUint32(24, true);
    expect(entry).toBe(symbols.get('start'));
    expect(symbols.get('_start_of_image')).toBe(0x100000);
    expect(symbols.get('etext')).toBeGreaterThan(symbols.get('kernel_main')!);
    expect(symbols.get('_end')).toBe(symbols.get('end'));
    expect(symbols.get('__bss_start')).toBeGreaterThanOrEqual(symbols.get('edata')!);
    expect(symbols.get('_binary_greeting_end')! - symbols.get('_binary_greeting_start')!).toBe(symbols.get('_binary_greeting_size'));
  });

  test('the link map lists each layer, module and section, then symbols by address', () => {
    expect(map).toContain('layer MCalc (horizontal composition of MSum, MFact)');
    expect(map).toMatch(/layer MPrint over MBoot\n {4}fresh: print_str, print_dec\n {4}passthrough: qemu_exit\n {4}print\.c\n {6}0x[0-9a-f]{8} {2}0x000000[0-9a-f]{2} {2}\.text/);
    expect(map).toMatch(/COMMON shared_counter/);
    const symbolLines = map.slice(map.indexOf('Symbols by address:')).split('\n').slice(1).filter(Boolean);
    const addresses = symbolLines.map((l) => parseInt(l.trim().split(/\s+/)[0]!, 16));
    expect(addresses).toEqual([...addresses].sort((a, b) => a - b));
    expect(map).toMatch(/0x[0-9a-f]{8} {2}kernel_main {2}\(MMain: kernel\.c\)/);
  });
});

describe('a layer-discipline violation planted in the kernel', () => {
  test('MPrint no longer passes qemu_exit through: the build names the layers and the fix', () => {
    const request = kernelRequest(scratch.dir, CFLAGS);
    request.layers.find((l) => l.name === 'MPrint')!.passThrough = [];
    const result = link(request);
    expect(result.elf).toBeUndefined();
    expect(formatted(result.diagnostics)).toBe(
      'sum.c: error: layer MSum passes `qemu_exit` through, but its underlay MPrint does not provide it (it is defined in layer MBoot (io.c)); ' +
      "fix: add `qemu_exit` to MPrint's passthrough list");
  });
  test('MMain calls serial_putc, three layers down', () => {
    const request = kernelRequest(scratch.dir, CFLAGS);
    const main = request.layers.find((l) => l.name === 'MMain')!;
    main.modules.push(module('direct.S', gnuAs('\t.text\n\t.globl direct\ndirect:\n\tpushl $65\n\tcall serial_putc\n\taddl $4, %esp\n\tret\n')));
    expect(formatted(link(request).diagnostics)).toBe(
      'direct.S: error: layer MMain uses `serial_putc`, defined in layer MBoot (io.c), which its underlay MCalc does not provide; ' +
      "fix: add `serial_putc` to MPrint's passthrough list, and add `serial_putc` to the passthrough list of one of MCalc's parts (MSum or MFact)\n" +
      'io.c: note: `serial_putc` is defined here');
  });
});

describe('the same objects linked by GNU ld with the same layout', () => {
  let ours: Uint8Array;
  let theirs: Uint8Array;

  beforeAll(() => {
    const request = kernelRequest(scratch.dir, PLAIN_CFLAGS, ['multiboot.S']);
    const result = link(request);
    expect(formatted(result.diagnostics)).toBe('');
    ours = result.elf!;
    const blob = join(scratch.dir, 'greeting');
    copyFileSync(join(FIXTURES, 'greeting.txt'), blob);
    const objects = request.layers.flatMap((l) => l.modules.map((m) => m.source.replace(/\.[cS]$/, '.o')));
    writeFileSync(join(scratch.dir, 'layout.ld'), ldScript(objects));
    const out = join(scratch.dir, 'ld.elf');
    const ld = (args: string[]) => execFileSync('ld', ['-m', 'elf_i386', ...args], { cwd: scratch.dir, stdio: ['ignore', 'ignore', 'pipe'] });
    ld(['-r', '-b', 'binary', '-o', 'greeting.o', 'greeting']);
    ld(['-T', 'layout.ld', '-o', out, ...objects, 'greeting.o']);
    theirs = new Uint8Array(readFileSync(out));
  });

  test('every symbol GNU ld defines has the same address in our image', () => {
    const ourSymbols = nmSymbols(ours);
    const theirSymbols = nmSymbols(theirs);
    expect(theirSymbols.size).toBeGreaterThan(25);
    for (const [name, address] of theirSymbols) expect([name, ourSymbols.get(name)]).toEqual([name, address]);
  });

  // GNU ld loads rodata and data as one segment here (the blob's input section is
  // writable), so it also loads the page padding between them: bytes only one image
  // loads must be that zero padding.
  test('the loaded bytes are identical', () => {
    const ourMemory = loadedMemory(ours);
    const theirMemory = loadedMemory(theirs);
    expect(theirMemory.size).toBeGreaterThan(0x4000);
    const differences: string[] = [];
    for (const [address, byte] of theirMemory) {
      if ((ourMemory.get(address) ?? 0) !== byte) differences.push(`0x${address.toString(16)}: ld ${byte}, ours ${ourMemory.get(address)}`);
    }
    for (const [address, byte] of ourMemory) if (!theirMemory.has(address) && byte !== 0) differences.push(`0x${address.toString(16)}: only ours loads ${byte}`);
    expect(differences.slice(0, 10)).toEqual([]);
  });

  test('both images boot and print the same', () => {
    const ourRun = bootInQemu(ours);
    const theirRun = bootInQemu(theirs);
    expect(ourRun.serial).toBe(EXPECTED_SERIAL);
    expect(theirRun.serial).toBe(ourRun.serial);
    expect(theirRun.status).toBe(ourRun.status);
  });
});

/** A GNU ld script imposing layermake's layout: classes in stack and module order, segments on page boundaries. */
function ldScript(objects: string[]): string {
  const each = (patterns: string) => objects.map((o) => `    ${o}(${patterns})`).join('\n');
  return `ENTRY(start)
SECTIONS {
  . = 0x100000;
  _start_of_image = .;
  .multiboot : { multiboot.o(.multiboot) }
  .text : {
${each('.text .text.*')}
  }
  etext = .;
  . = ALIGN(0x1000);
  .rodata : {
${each('.rodata .rodata.*')}
    . = ALIGN(16);
    greeting.o(.data)
  }
  . = ALIGN(0x1000);
  .data : {
${each('.data .data.*')}
  }
  edata = .;
  .bss : {
    __bss_start = .;
${each('.bss .bss.*')}
    *(COMMON)
  }
  end = .;
  _end = .;
  /DISCARD/ : { *(.comment) *(.note.GNU-stack) }
}
`;
}

function nmSymbols(elf: Uint8Array): Map<string, number> {
  const symbols = new Map<string, number>();
  for (const line of binutils('nm', ['--defined-only'], elf).stdout.split('\n')) {
    const [address, type, name] = line.trim().split(/\s+/);
    if (name && type && type === type.toUpperCase()) symbols.set(name, parseInt(address!, 16));
  }
  return symbols;
}

/** Address → byte for everything the PT_LOAD headers load (bss as zeros). */
function loadedMemory(elf: Uint8Array): Map<number, number> {
  const view = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  const memory = new Map<number, number>();
  const phoff = view.getUint32(28, true);
  for (let i = 0; i < view.getUint16(44, true); i++) {
    const at = phoff + i * 32;
    if (view.getUint32(at, true) !== 1) continue;
    const [offset, address, , fileSize, memorySize] = [4, 8, 12, 16, 20].map((f) => view.getUint32(at + f, true));
    for (let j = 0; j < memorySize!; j++) memory.set(address! + j, j < fileSize! ? elf[offset! + j]! : 0);
  }
  return memory;
}

describe('a user program linked as a program and embedded in a kernel', () => {
  test('the kernel finds the program ELF, entry 0x40000000, in its blob', () => {
    const program = link({
      image: 'ping', entry: '_start', kind: 'program',
      layers: [layer('ping', undefined, ['ping.c', 'ulib.c'].map((f) => module(`user/${f}`, buildFixture(f, scratch.dir))))],
    });
    expect(formatted(program.diagnostics)).toBe('');
    const built = (file: string) => module(file, buildFixture(file, scratch.dir));
    const kernel = link({
      image: 'loader', entry: 'start', upcalls: ['kernel_main'],
      layers: [
        layer('MBoot', undefined, [built('entry.S'), built('io.c')], ['serial_putc', 'qemu_exit']),
        layer('MPrint', 'MBoot', [built('print.c')], ['print_str', 'print_dec'], ['qemu_exit']),
        layer('MLoader', 'MPrint', [built('loader.c')], ['kernel_main']),
      ],
      blobs: [{ name: 'ping', bytes: program.elf! }],
    });
    expect(formatted(kernel.diagnostics)).toBe('');
    const run = bootInQemu(kernel.elf!);
    expect(run.serial).toBe(`ping is ELF entry=${0x40000000} size=${program.elf!.length}\n`);
    expect(run.status).toBe((0x11 << 1) | 1);
  });
});
