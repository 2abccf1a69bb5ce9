// `layermake as`: the command line around the assembler (output naming, -I/-D for
// .S files through layermake's preprocessor, diagnostics and exit codes), and the
// object's acceptance by readelf -a and its determinism.

import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { assemble } from '../../../src/link/asm/index.js';
import { gnuAs, haveGnuAs, ours, sectionBytes, tool, work } from './oracle.js';

const bin = resolve('bin/layermake.js');

function layermake(args: string[], cwd = work) {
  return spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 60000 });
}

describe('layermake as', () => {
  test('writes FILE.o by default and -o OUT when given', () => {
    const dir = join(work, 'cli');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'boot.s'), '.globl start\nstart: movl $1, %eax\n ret\n');
    const r = layermake(['as', 'boot.s'], dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, 'boot.o'))).toBe(true);
    expect(layermake(['as', 'boot.s', '-o', 'other.o'], dir).status).toBe(0);
    expect(readFileSync(join(dir, 'other.o'))).toEqual(readFileSync(join(dir, 'boot.o')));
  });

  test('.S files are preprocessed with -I and -D, and errors point at the original lines', () => {
    const dir = join(work, 'cli-pp');
    mkdirSync(join(dir, 'inc'), { recursive: true });
    writeFileSync(join(dir, 'inc', 'mmu.h'), '#define CR0_PG 0x80000000\n#define ENTRY(x) .globl x; x:\n');
    writeFileSync(join(dir, 'entry.S'), '#include "mmu.h"\nENTRY(entry)\n  movl %cr0, %eax\n  orl $CR0_PG, %eax\n#ifdef BAD\n  movl %ax, %ebx\n#endif\n  ret\n');
    const ok = layermake(['as', 'entry.S', '-I', 'inc', '-o', 'entry.o'], dir);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const bad = layermake(['as', 'entry.S', '-I', 'inc', '-D', 'BAD', '-o', 'bad.o'], dir);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('entry.S:6:8: error: `movl %ax, %ebx`: operand sizes differ\n 6 |   movl %ax, %ebx\n   |        ^~~');
    expect(existsSync(join(dir, 'bad.o'))).toBe(false);
  });

  test('a missing file is a usage error, not a crash', () => {
    const r = layermake(['as', 'nope.s']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("no such file 'nope.s'");
  });
});

if (!haveGnuAs()) console.warn('GNU as not installed: readelf/objdump and .S comparisons skipped');

describe('object files', () => {
  const source = '.globl f\n.type f,@function\nf: call g\n jmp 1f\n.data\nv: .long f, v\n.text\n1: ret\n.size f, .-f\n.comm c, 8, 4\n.section .rodata\n.asciz "x"\n';

  test('are deterministic', () => {
    expect(ours('det1', source).object).toEqual(ours('det2', source).object);
  });

  (haveGnuAs() ? test : test.skip)('are accepted by readelf -a and objdump -dr without complaint', () => {
    const obj = ours('readelf', source);
    const readelf = spawnSync('readelf', ['-a', '-W', obj.path], { encoding: 'utf8' });
    expect(readelf.status).toBe(0);
    expect(readelf.stderr).toBe('');
    expect(readelf.stdout).toContain('ELF32');
    expect(readelf.stdout).toContain('REL (Relocatable file)');
    const objdump = spawnSync('objdump', ['-dr', obj.path], { encoding: 'utf8' });
    expect(objdump.stderr).toBe('');
    expect(objdump.stdout).toContain('R_386_PC32\tg');
  });
});

describe('a boot sector and trap entry written as a .S file', () => {
  (haveGnuAs() ? test : test.skip)('layermake (own preprocessor) matches gcc -E plus as --32: bytes and relocations', () => {
    const path = resolve('tests/link/asm/boot.S');
    const text = readFileSync(path, 'utf8');
    const cpp = spawnSync('gcc', ['-m32', '-E', '-x', 'assembler-with-cpp', path], { encoding: 'utf8' });
    expect(cpp.status).toBe(0);
    const gnu = gnuAs('boot', cpp.stdout);
    expect(gnu.errors).toBe('');
    const mine = assemble({ file: path, text, preprocess: true, includeDirs: [], defines: {}, readFile: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined) });
    expect(mine.diagnostics).toEqual([]);
    for (const name of ['.text', '.data', '.multiboot']) {
      expect(Buffer.from(sectionBytes(mine.object!, name)!).toString('hex')).toBe(Buffer.from(sectionBytes(gnu.object!, name)!).toString('hex'));
    }
    const out = join(work, 'boot.ours.o');
    writeFileSync(out, mine.object!);
    const relocs = (p: string) =>
      tool('readelf', ['-rW', p])
        .split('\n')
        .filter((l) => l.includes('R_386'))
        .map((l) => l.split(/\s+/).filter(Boolean))
        .map((f) => `${f[0]} ${f[2]} ${f[4]}`)
        .sort();
    expect(relocs(out)).toEqual(relocs(join(work, 'boot.gnu.o')));
  });
});
