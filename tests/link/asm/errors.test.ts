// Bad input gives house-style diagnostics (file:line:col, the line and a caret),
// several per run, never an exception.

import { describe, expect, test } from '@jest/globals';
import { formatDiagnostic } from '../../../src/diagnostics.js';
import { assemble } from '../../../src/link/asm/index.js';
import { readFileSync } from 'node:fs';
import { branchCorpus, instructionCorpus, rng } from './corpus.js';

function errorsOf(text: string, file = 'bad.s'): string[] {
  const r = assemble({ file, text, preprocess: false, includeDirs: [], defines: {}, readFile: () => undefined });
  expect(r.object).toBeUndefined();
  return r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
}

describe('assembler diagnostics', () => {
  test('operand sizes differ, with line and caret', () => {
    expect(errorsOf('main:\n\tmovl %ax, %ebx\n')).toEqual(['bad.s:2:7: error: `movl %ax, %ebx`: operand sizes differ\n 2 |  movl %ax, %ebx\n   |       ^~~']);
  });

  test('unknown mnemonic suggests the nearest one', () => {
    expect(errorsOf('  movk %eax, %ebx\n')[0]).toMatch(/^bad\.s:1:3: error: unknown instruction 'movk'; did you mean 'mov'\?/);
    expect(errorsOf('  pushh %eax\n')[0]).toContain("did you mean 'push'?");
  });

  test('invalid operand combinations name the form', () => {
    expect(errorsOf('  movl $1, $2\n')[0]).toContain("`movl $1, $2`: invalid operand combination for 'mov' (immediate, immediate)");
    expect(errorsOf('  lea %eax, %ebx\n')[0]).toContain("invalid operand combination for 'lea' (32-bit register, 32-bit register)");
    expect(errorsOf('  addl (%eax), (%ebx)\n')[0]).toContain('(memory, memory)');
  });

  test('ambiguous operand size without a register', () => {
    expect(errorsOf('  inc (%eax)\n')[0]).toContain('`inc (%eax)`: operand size is ambiguous; add a b, w or l suffix');
  });

  test('undefined numeric local labels, backward and forward', () => {
    expect(errorsOf('  jmp 1b\n')[0]).toContain("undefined local label '1b'");
    expect(errorsOf('  jmp 2f\n1:\n')[0]).toMatch(/^bad\.s:1:\d+: error: undefined local label '2f'/);
  });

  test('values out of range for data directives', () => {
    expect(errorsOf('  .byte 256\n')[0]).toContain('value 256 is out of range for .byte');
    expect(errorsOf('  .short -40000\n')[0]).toContain('value -40000 is out of range for .short');
  });

  test('rel8-only branches out of reach', () => {
    expect(errorsOf('1: .fill 200, 1, 0x90\n  loop 1b\n')[0]).toContain('jump distance -202 does not fit in 8 bits');
  });

  test('several errors in one run, and a redefinition with a note', () => {
    const errors = errorsOf('a:\n  movl %ax, %ebx\na:\n  bogus\n  .byte 1000\n  .p2align 3, , , 4\n');
    expect(errors.length).toBe(5);
    expect(errors[1]).toContain("symbol 'a' is already defined");
    expect(errors[1]).toContain('note: previous definition is here');
  });

  test('bad registers, scales and directives', () => {
    expect(errorsOf('  movl %eaz, %eax\n')[0]).toContain("bad register name '%eaz'");
    expect(errorsOf('  movl (%eax,%ebx,3), %eax\n')[0]).toContain('scale factor must be 1, 2, 4 or 8');
    expect(errorsOf('  movl (,%esp,2), %eax\n')[0]).toContain("'%esp' cannot be an index register");
    expect(errorsOf('  .frobnicate 3\n')[0]).toContain("unknown directive '.frobnicate'");
    expect(errorsOf('  .align 3\n')[0]).toContain('alignment 3 is not a power of 2');
  });

  test('.org behind the location counter', () => {
    expect(errorsOf('jmp 1f\n.fill 20, 1, 0\n1: .org 4\n')[0]).toContain('.org 4 would move the location counter backwards (it is at least at 20)');
    expect(errorsOf('jmp 1f\n.fill 200, 1, 0\n1: .org 201\n')[0]).toContain('.org 201 would move the location counter backwards (it is at 205)');
  });

  test('unbalanced blocks and conditionals', () => {
    expect(errorsOf('.if 1\n nop\n')[0]).toContain("'.if' without '.endif'");
    expect(errorsOf('.endif\n')[0]).toContain("'.endif' without '.if'");
    expect(errorsOf('.rept 3\n nop\n')[0]).toContain("'.rept' without '.endr'");
    expect(errorsOf('.macro m a:req\n .long \\a\n.endm\n m\n')[0]).toContain("missing value for required parameter 'a' of macro 'm'");
    expect(errorsOf('.if undefined_sym\n.endif\n')[0]).toContain('.if condition must be a constant expression');
  });

  test('line markers from the preprocessor move positions to the original file', () => {
    expect(errorsOf('# 40 "kernel/entry.S"\n  movl %ax, %ebx\n')[0]).toMatch(/^kernel\/entry\.S:40:/);
  });

  test('fuzz: random garbage never throws', () => {
    const r = rng(99);
    const pieces = ['movl', '%eax', ',', '$', '(', ')', '%', '1b', '2f', '.long', '.section', '"', '*', 'jmp', ':', 'x', '0x', '-', '<<', ';', '#', '/*', '.p2align', '%cr0', 'lock', '12', '.set', '=', '\n'];
    for (let i = 0; i < 400; i++) {
      let text = '';
      const n = 1 + Math.floor(r() * 12);
      for (let j = 0; j < n; j++) text += pieces[Math.floor(r() * pieces.length)] + (r() < 0.5 ? ' ' : '');
      expect(() => assemble({ file: 'fuzz.s', text, preprocess: false, includeDirs: [], defines: {}, readFile: () => undefined })).not.toThrow();
    }
  });

  test('fuzz: mutated corpus lines never throw', () => {
    const r = rng(5);
    const fixture = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8').split('\n');
    const base = [...instructionCorpus(9, 10), ...branchCorpus(rng(4), 40), ...fixture('macros.s'), ...fixture('relocations.s')];
    const junk = ['%', '(', ')', ',', '$', '*', ':', '.', '1b', '2f', '"', "'", '\\', '#', ';', '-', '0x', '%eax', '.long', '.section', '.macro', '.endm',
      '.rept', '.endr', '.if', '.endif', '=', '<<', '/*', 'lock', '.p2align 40', '.fill -1', '.org 0', '.set x, x', '.code16', '.equ y, y+1', 'jmp y', '.size f, g'];
    for (let i = 0; i < 800; i++) {
      const lines: string[] = [];
      for (let j = 0; j < 8; j++) {
        let l = base[Math.floor(r() * base.length)];
        for (let m = Math.floor(r() * 4); m > 0; m--) {
          const p = Math.floor(r() * (l.length + 1));
          l = r() < 0.5 ? l.slice(0, p) + junk[Math.floor(r() * junk.length)] + l.slice(p) : l.slice(0, p) + l.slice(p + 1 + Math.floor(r() * 3));
        }
        lines.push(l);
      }
      const text = lines.join('\n');
      expect(() => assemble({ file: 'fuzz.s', text, preprocess: false, includeDirs: [], defines: {}, readFile: () => undefined })).not.toThrow();
    }
  });
});
