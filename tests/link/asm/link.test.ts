// Objects written by layermake are accepted by GNU ld and gcc: a freestanding
// program linked with `ld -m elf_i386`, an assembly program calling printf linked
// with `gcc -m32`, and gcc's own assembly output for c-testsuite programs
// assembled by layermake instead of GNU as, all run and print the right thing.

import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compareText, haveGnuAs, ours, runI386, work } from './oracle.js';

function sharedDir(): string | undefined {
  const candidates = [process.env.LAYERMAKE_SHARED, resolve(process.cwd(), '..', 'shared'), '/work/shared'];
  return candidates.find((d) => d && existsSync(d));
}

function sh(cmd: string, args: string[], input?: string) {
  return spawnSync(cmd, args, { encoding: 'utf8', input, timeout: 20000 });
}

const haveGcc32 = sh('gcc', ['-m32', '--version']).status === 0;


const run = haveGnuAs() && haveGcc32 ? test : test.skip;
if (!haveGnuAs() || !haveGcc32) console.warn('GNU as or gcc -m32 missing: assemble-and-link tests skipped');

const HELLO_LD = `
	.section .rodata
msg:	.ascii "hello from ld\\n"
	len = . - msg
	.text
	.globl _start
_start:
	movl $4, %eax
	movl $1, %ebx
	movl $msg, %ecx
	movl $len, %edx
	int $0x80
	movl $1, %eax
	movl $7, %ebx
	int $0x80
`;

const PRINTF = `
	.section .rodata
fmt:	.asciz "%d squared is %d, %s\\n"
word:	.asciz "ok"
	.text
	.globl main
	.type main, @function
main:
	pushl %ebp
	movl %esp, %ebp
	pushl %ebx
	movl $1, %ebx
1:	movl %ebx, %eax
	imull %ebx, %eax
	pushl $word
	pushl %eax
	pushl %ebx
	pushl $fmt
	call printf
	addl $16, %esp
	incl %ebx
	cmpl $4, %ebx
	jle 1b
	xorl %eax, %eax
	popl %ebx
	leave
	ret
	.size main, .-main
	.section .note.GNU-stack,"",@progbits
`;

describe('linking layermake objects with GNU tools', () => {
  run('ld -m elf_i386 links a freestanding program that runs', () => {
    const obj = ours('hello_ld', HELLO_LD);
    expect(obj.errors).toBe('');
    const exe = join(work, 'hello_ld');
    const ld = sh('ld', ['-m', 'elf_i386', '-o', exe, obj.path]);
    expect(ld.stderr).toBe('');
    const r = runI386(exe);
    expect(r.stdout).toBe('hello from ld\n');
    expect(r.status).toBe(7);
  });

  run('gcc -m32 links an assembly program calling printf', () => {
    const obj = ours('printf', PRINTF);
    expect(obj.errors).toBe('');
    const exe = join(work, 'printf');
    const cc = sh('gcc', ['-m32', '-no-pie', '-o', exe, obj.path]);
    expect(cc.stderr).toBe('');
    expect(runI386(exe).stdout).toBe('1 squared is 1, ok\n2 squared is 4, ok\n3 squared is 9, ok\n4 squared is 16, ok\n');
  });

  const shared = sharedDir();
  const suite = shared && join(shared, 'testdata/c-testsuite/tests/single-exec');
  const runSuite = suite && existsSync(suite) ? run : test.skip;
  if (!suite || !existsSync(suite)) console.warn('c-testsuite not found (set LAYERMAKE_SHARED): skipping');

  runSuite("gcc's assembly for c-testsuite programs, assembled by layermake, prints the expected output", () => {
    // A fixed sample keeps the test quick; -O0 and -O2 exercise different instruction mixes.
    const files = readdirSync(suite!).filter((f) => /^\d+\.c$/.test(f)).sort();
    const sample = files.filter((_, i) => i % 8 === 0);
    let passed = 0;
    const failures: string[] = [];
    for (const [i, file] of sample.entries()) {
      const src = join(suite!, file);
      const expected = readFileSync(src + '.expected', 'utf8');
      const opt = i % 2 ? '-O2' : '-O0';
      const asmPath = join(work, file + '.s');
      const gcc = sh('gcc', ['-m32', opt, '-w', '-fno-pic', '-fno-asynchronous-unwind-tables', '-S', '-o', asmPath, src]);
      if (gcc.status !== 0) continue; // not a program gcc compiles on this host (e.g. needs headers)
      const text = readFileSync(asmPath, 'utf8');
      if (/^\s+f[a-z]+\s/m.test(text)) continue; // x87 floating point: outside the integer instruction set
      const obj = ours(file, text);
      if (!obj.object) {
        failures.push(`${file}: ${obj.errors.split('\n')[0]}`);
        continue;
      }
      const exe = join(work, file + '.exe');
      const link = sh('gcc', ['-m32', '-no-pie', '-o', exe, obj.path, '-lm']);
      if (link.status !== 0) {
        failures.push(`${file}: link failed: ${link.stderr.split('\n')[0]}`);
        continue;
      }
      const r = runI386(exe);
      if (r.stdout + r.stderr === expected && r.status === 0) passed++;
      else failures.push(`${file} ${opt}: wrong output or exit ${r.status}`);
    }
    expect(failures).toEqual([]);
    expect(passed).toBeGreaterThan(15);
  });

  runSuite("gcc's assembly for c-testsuite programs: .text identical to as --32 (integer code)", () => {
    const files = readdirSync(suite!).filter((f) => /^\d+\.c$/.test(f)).sort();
    let compared = 0;
    const differences: string[] = [];
    for (const [i, file] of files.entries()) {
      if (i % 8 !== 3) continue; // a fixed sample keeps the test proportionate
      for (const opt of ['-O0', '-O2']) {
        const gcc = sh('gcc', ['-m32', opt, '-w', '-fno-pic', '-S', '-o', '-', join(suite!, file)]);
        if (gcc.status !== 0 || /^\s+f[a-z]+\s/m.test(gcc.stdout)) continue; // x87 is outside the integer set
        const difference = compareText('cts', gcc.stdout);
        compared++;
        if (difference) differences.push(`${file} ${opt}: ${difference}`);
      }
    }
    expect(differences).toEqual([]);
    expect(compared).toBeGreaterThan(40);
  });
});
