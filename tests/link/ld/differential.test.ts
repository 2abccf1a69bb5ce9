// Differential: random sets of GNU as modules (sections of random alignment, local
// and global labels, every supported relocation kind with addends, against globals,
// locals and section symbols, commons and absolute symbols) linked by layermake and
// by GNU ld under the same layout. Symbol addresses and loaded bytes must agree.

import { describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { link } from '../../../src/link/ld/index.js';
import { formatted, gnuAs, layer, module, scratchDir } from './tools.js';

const KERNELS = 16;
const LOAD = 0x40000000;

function random(seed: number): (n: number) => number {
  let state = seed >>> 0 || 1;
  return (n) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
}

interface Module {
  name: string;
  source: string;
}

/** Modules m0..mN; module i defines g<i>_<k> and may use any global of any module. */
function generate(seed: number): Module[] {
  const pick = random(seed);
  const count = 2 + pick(5);
  const globals = (i: number) => Array.from({ length: 3 }, (_, k) => `g${i}_${k}`);
  const all = Array.from({ length: count }, (_, i) => globals(i)).flat();
  const modules: Module[] = [];
  for (let i = 0; i < count; i++) {
    const lines: string[] = [`\t.globl ${globals(i).join(', ')}`, `\t.globl abs${i}`, `\t.set abs${i}, ${pick(200)}`];
    const sections = ['.text', '.data', '.section .rodata', '.bss', '.section .text.extra,"ax",@progbits'];
    const ownGlobals = [...globals(i)];
    for (let s = 0; s < 4 + pick(4); s++) {
      const section = sections[pick(sections.length)]!;
      lines.push(`\t${section}`, `\t.p2align ${pick(5)}`);
      const label = ownGlobals.shift() ?? `.Llocal${i}_${s}`;
      lines.push(`${label}:`, `local${i}_${s}:`);
      if (section === '.bss') {
        lines.push(`\t.skip ${1 + pick(64)}`);
        continue;
      }
      for (let k = 0; k < 1 + pick(6); k++) lines.push(item(section, pick, all, i, s));
    }
    for (const rest of ownGlobals) lines.push('\t.data', `${rest}:`, '\t.long 0');
    // One common name per set: GNU ld allocates several in its hash table's order, which no layout can imitate.
    if (pick(2) === 0) lines.push(`\t.comm common, ${4 * (1 + pick(4))}, ${[1, 2, 4, 8][pick(4)]}`);
    modules.push({ name: `m${i}`, source: lines.join('\n') + '\n' });
  }
  return modules;
}

function item(section: string, pick: (n: number) => number, globals: string[], i: number, s: number): string {
  // Another module's absolute symbol: one of this module's own GNU as resolves itself, leaving no relocation.
  const abs = `abs${pick(globals.length / 3)}`;
  const target = () => (pick(3) === 0 ? `local${i}_${s}` : globals[pick(globals.length)]!);
  const addend = () => (pick(2) === 0 ? '' : `+${pick(100)}`);
  if (section.includes('text')) {
    return [`\tcall ${target()}`, `\tjmp ${target()}`, `\tmovl ${target()}${addend()}, %eax`, '\tnop', `\tmovl $${target()}${addend()}, %ebx`][pick(5)]!;
  }
  return [
    `\t.long ${target()}${addend()}`, `\t.long ${target()} - .`, `\t.word ${abs}`, `\t.byte ${abs}`, `\t.long ${abs}${addend()}`,
    `\t.byte ${pick(256)}`, `\t.asciz "s${pick(1000)}"`, `\t.word ${target()} - .`,
  ][pick(8)]!;
}

function ldScript(objects: string[]): string {
  const each = (patterns: string) => objects.map((o) => `    ${o}(${patterns})`).join('\n');
  return `SECTIONS {
  . = ${LOAD};
  .text : {
${each('.text .text.*')}
  }
  . = ALIGN(0x1000);
  .rodata : {
${each('.rodata .rodata.*')}
  }
  . = ALIGN(0x1000);
  .data : {
${each('.data .data.*')}
  }
  .bss : {
${each('.bss .bss.*')}
    *(COMMON)
  }
  /DISCARD/ : { *(.comment) *(.note.GNU-stack) }
}
`;
}

/** Defined, named symbols from .symtab (parsed here rather than by nm: a process per image is costly on a loaded CI box). */
function symbols(elf: Uint8Array): Map<string, number> {
  const view = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  const shoff = view.getUint32(32, true);
  const header = (i: number) => [0, 4, 16, 20, 24].map((f) => view.getUint32(shoff + i * 40 + f, true));
  const found = new Map<string, number>();
  for (let i = 0; i < view.getUint16(48, true); i++) {
    const [, type, offset, size, linked] = header(i);
    if (type !== 2) continue;
    const strtab = header(linked!)[2]!;
    for (let at = offset! + 16; at < offset! + size!; at += 16) {
      const shndx = view.getUint16(at + 14, true);
      const kind = elf[at + 12]! & 0xf;
      if (shndx === 0 || kind === 3 || kind === 4) continue;
      const nameAt = strtab + view.getUint32(at, true);
      const name = Buffer.from(elf.subarray(nameAt, elf.indexOf(0, nameAt))).toString('latin1');
      if (name) found.set(name, view.getUint32(at + 4, true));
    }
  }
  return found;
}

function loaded(elf: Uint8Array): Map<number, number> {
  const view = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  const memory = new Map<number, number>();
  for (let i = 0; i < view.getUint16(44, true); i++) {
    const at = view.getUint32(28, true) + i * 32;
    if (view.getUint32(at, true) !== 1) continue;
    const [offset, address, , fileSize, memorySize] = [4, 8, 12, 16, 20].map((f) => view.getUint32(at + f, true));
    for (let j = 0; j < memorySize!; j++) memory.set(address! + j, j < fileSize! ? elf[offset! + j]! : 0);
  }
  return memory;
}

describe('random modules linked by layermake and by GNU ld', () => {
  test(`${KERNELS} random link sets agree on every symbol and loaded byte`, () => {
    const { dir, remove } = scratchDir();
    try {
      for (let seed = 1; seed <= KERNELS; seed++) {
        const modules = generate(seed * 7919);
        const objects = modules.map((m) => gnuAs(m.source));
        const result = link({ image: `random${seed}`, entry: 'g0_0', kind: 'program', layers: [layer('L', undefined, modules.map((m, i) => module(`${m.name}.s`, objects[i]!)))] });
        expect(formatted(result.diagnostics)).toBe('');

        const files = modules.map((m, i) => {
          writeFileSync(join(dir, `${m.name}.o`), objects[i]!);
          return `${m.name}.o`;
        });
        writeFileSync(join(dir, 'layout.ld'), ldScript(files));
        execFileSync('ld', ['-m', 'elf_i386', '-e', 'g0_0', '-T', 'layout.ld', '-o', 'ld.elf', ...files], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
        const theirs = new Uint8Array(readFileSync(join(dir, 'ld.elf')));

        const ourSymbols = symbols(result.elf!);
        const theirSymbols = symbols(theirs);
        expect(theirSymbols.size).toBeGreaterThan(modules.length * 3);
        for (const [name, address] of theirSymbols) expect([seed, name, ourSymbols.get(name)]).toEqual([seed, name, address]);
        const ourMemory = loaded(result.elf!);
        const theirMemory = loaded(theirs);
        const differences: string[] = [];
        for (const [address, byte] of theirMemory) if ((ourMemory.get(address) ?? 0) !== byte) differences.push(`0x${address.toString(16)}`);
        for (const [address, byte] of ourMemory) if (!theirMemory.has(address) && byte !== 0) differences.push(`0x${address.toString(16)} (ours only)`);
        expect([seed, differences.slice(0, 5)]).toEqual([seed, []]);
      }
    } finally {
      remove();
    }
  });
});
