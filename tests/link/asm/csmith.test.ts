// Csmith programs (random integer C, fixed seeds): gcc -m32 -S output assembled by
// layermake has the same .text as with as --32, and the linked program prints the
// same checksum as the one GNU as built.

import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareText, haveGnuAs, ours, runI386, work } from './oracle.js';

const csmithInclude = '/usr/include/csmith';
const ready = haveGnuAs() && spawnSync('csmith', ['--version'], { cwd: work }).status === 0 && existsSync(csmithInclude);
if (!ready) console.warn('csmith or GNU as missing: Csmith assembler test skipped');



describe('Csmith programs', () => {
  (ready ? test : test.skip)('assembled by layermake: same .text as as --32, same checksum when run', () => {
    for (const seed of [11, 12]) {
      const c = join(work, `csmith${seed}.c`);
      const gen = spawnSync('csmith', ['--seed', String(seed), '--no-float', '-o', c], { cwd: work }); // csmith writes platform.info into its cwd
      expect(gen.status).toBe(0);
      for (const opt of ['-O2', '-Os']) {
        const s = join(work, `csmith${seed}${opt}.s`);
        const cc = spawnSync('gcc', ['-m32', opt, '-w', '-fno-pic', '-fno-asynchronous-unwind-tables', `-I${csmithInclude}`, '-S', '-o', s, c]);
        expect(cc.status).toBe(0);
        const text = readFileSync(s, 'utf8');
        expect(compareText(`csmith${seed}${opt}`, text)).toBeUndefined();
        const mine = ours(`csmith-run${seed}${opt}`, text);
        const exeOurs = join(work, `csmith${seed}${opt}.ours`);
        const exeGnu = join(work, `csmith${seed}${opt}.gnu`);
        expect(spawnSync('gcc', ['-m32', '-no-pie', '-o', exeOurs, mine.path]).status).toBe(0);
        expect(spawnSync('gcc', ['-m32', '-no-pie', '-o', exeGnu, s]).status).toBe(0);
        const a = runI386(exeOurs);
        const b = runI386(exeGnu);
        expect(a.stdout).toContain('checksum');
        expect(a.stdout).toBe(b.stdout);
      }
    }
  });
});
