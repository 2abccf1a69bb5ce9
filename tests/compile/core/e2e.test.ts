// Each program in programs/ is compiled by layermake, assembled and linked by gcc -m32,
// run, and must print exactly what gcc's own -m32 build prints (and exit alike).
import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HERE, compile, errorsOf, gccBuild, linkAsm, run, skipReason, tempDir } from './support.js';

const programs = readdirSync(join(HERE, 'programs')).filter((f) => f.endsWith('.c')).sort();

describe('compiled programs behave like gcc -m32 builds', () => {
  if (skipReason) {
    test.skip(`skipped: ${skipReason}`, () => undefined);
    return;
  }
  const dir = tempDir();
  for (const name of programs) {
    for (const opt of [0, 1] as const) {
      test(`${name} at -O${opt}`, () => {
        const file = join(HERE, 'programs', name);
        const result = compile(file, readFileSync(file, 'utf8'), { optLevel: opt });
        expect(errorsOf(result)).toBe('');
        const ours = run(linkAsm(result.asm!, dir, `${name}.O${opt}`));
        const reference = run(gccBuild(file, dir, `${name}.gcc`));
        expect(ours.output).toBe(reference.output);
        expect(ours.status).toBe(reference.status);
      });
    }
  }
});
