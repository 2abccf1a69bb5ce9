// preprocessToText for assembly sources, checked with GNU as: the same .S file
// preprocessed by layermake and by gcc must assemble to the same bytes, and GNU as
// must report errors at the original file and line thanks to the line markers.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { preprocessToText } from '../../../src/compile/preprocess/index.js';

const dir = mkdtempSync(join(tmpdir(), 'lm-pp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = `#ifndef SEG_H
#define SEG_H
#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define ENTRY(name) .globl name; .type name, @function; name:
#define TRAP(n) \\
  .globl trap##n; trap##n: pushl $0; pushl $n; jmp alltraps
#endif
`;

const SOURCE = `#include "seg.h"
# a GNU as comment line, which is not a directive
/* C comment */
ENTRY(start)
  movl $KERNEL_DS, %eax   // set up segments
  movw %ax, %ds
  ljmp $KERNEL_CS, $next
next:
  movl $(4096 * 2 + KERNEL_DS), %ecx
  leal 8(%esp,%ecx,4), %edx
TRAP(3)
TRAP(14)
#if KERNEL_CS != 8
  hlt
#endif
alltraps:
  iret
  .asciz "it's fine"
`;

function textBytes(object: string): string {
  const out = execFileSync('objdump', ['-d', '--no-show-raw-insn', '-r', object], { encoding: 'utf8' });
  return out.split('\n').slice(2).join('\n');
}

const toolsAvailable = spawnSync('as', ['--version']).status === 0 && spawnSync('gcc', ['--version']).status === 0;

describe('preprocessToText', () => {
  if (!toolsAvailable) {
    test.skip('GNU as and gcc are not installed: the oracle is unavailable', () => {});
    return;
  }
  mkdirSync(join(dir, 'inc'));
  writeFileSync(join(dir, 'inc/seg.h'), HEADER);
  writeFileSync(join(dir, 'boot.S'), SOURCE);

  test('assembles to the same code as gcc -m32 -c on the same .S file', () => {
    const path = join(dir, 'boot.S');
    const result = preprocessToText(path, SOURCE, {
      includeDirs: [join(dir, 'inc')],
      defines: {},
      readFile: (p) => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } },
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.includes).toEqual([path, join(dir, 'inc/seg.h')]);
    writeFileSync(join(dir, 'ours.s'), result.text);
    execFileSync('as', ['--32', '-o', join(dir, 'ours.o'), join(dir, 'ours.s')]);
    execFileSync('gcc', ['-m32', '-c', '-I', join(dir, 'inc'), '-o', join(dir, 'gcc.o'), path]);
    expect(textBytes(join(dir, 'ours.o'))).toEqual(textBytes(join(dir, 'gcc.o')));
  });

  test('GNU as reports errors at the original file and line', () => {
    const source = '#define BAD movl %eax\n\n\n  nop\nBAD\n';
    const result = preprocessToText('src/bad.S', source, { includeDirs: [], defines: {}, readFile: () => undefined });
    writeFileSync(join(dir, 'bad.s'), result.text);
    const as = spawnSync('as', ['--32', '-o', join(dir, 'bad.o'), join(dir, 'bad.s')], { encoding: 'utf8' });
    expect(as.status).not.toBe(0);
    expect(as.stderr).toMatch(/^src\/bad\.S:5: Error:/m);
  });
});
