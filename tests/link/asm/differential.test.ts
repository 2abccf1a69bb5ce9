// Differential test against GNU as: a generated corpus of instruction forms is
// assembled by layermake and by `as --32`, and the .text bytes must be identical
// (no objdump fallback was needed: every form in the corpus encodes the same).

import { describe, expect, test } from '@jest/globals';
import { branchCorpus, code16Corpus, instructionCorpus, rng } from './corpus.js';
import { compareText, haveGnuAs } from './oracle.js';

const run = haveGnuAs() ? test : test.skip;
if (!haveGnuAs()) console.warn('GNU as not installed: differential assembler tests skipped');

describe('instruction encodings match GNU as byte for byte', () => {
  run('32-bit corpus: every family, operand kind, addressing mode and size (two seeds)', () => {
    for (const seed of [1, 2]) {
      const lines = instructionCorpus(seed, 40);
      expect(lines.length).toBeGreaterThanOrEqual(2000);
      expect(compareText(`corpus${seed}`, lines.join('\n') + '\n')).toBeUndefined();
    }
  });

  run('16-bit code (.code16): operand and address size prefixes, 16-bit addressing', () => {
    expect(compareText('code16', code16Corpus(7, 300).join('\n') + '\n')).toBeUndefined();
  });

  run('branch relaxation: jmp/jcc start short and grow to rel32, numeric labels', () => {
    expect(compareText('branches', branchCorpus(rng(3), 300).join('\n') + '\n')).toBeUndefined();
  });

  run('alignment padding uses the same multi-byte NOPs', () => {
    const lines: string[] = [];
    for (let n = 1; n < 40; n++) lines.push(`.fill ${n}, 1, 0xcc`, `.p2align ${1 + (n % 7)}`, 'ret', `.balign 16,,${n % 9}`, 'nop');
    lines.push('.fill 3,1,0xcc', '.p2align 12', 'ret');
    expect(compareText('align', lines.join('\n') + '\n')).toBeUndefined();
    // GNU as pads with the NOPs of the mode in force at the END of the file, even
    // inside earlier .code16 code; layermake uses the mode at the .p2align, which is
    // what the CPU will execute. The files below end in the mode they align in.
    const code16 = ['.code16', ...lines, '.fill 5,1,0xcc', '.p2align 5', 'ret', '.p2align 9'];
    expect(compareText('align16', code16.join('\n') + '\n')).toBeUndefined();
  });
});
