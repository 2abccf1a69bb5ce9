// Line information: gcc -g output (.file/.loc, .uleb128, location views) is
// assembled into a .debug_line program whose decoded rows (line, address) equal
// GNU as's, and the compiler's own DWARF sections come out byte for byte.

import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { gnuAs, haveGnuAs, ours, sectionBytes, tool, work } from './oracle.js';

const haveGcc32 = spawnSync('gcc', ['-m32', '--version']).status === 0;
const run = haveGnuAs() && haveGcc32 ? test : test.skip;
if (!haveGnuAs() || !haveGcc32) console.warn('GNU as or gcc -m32 missing: DWARF line tests skipped');

const PROGRAM = `
struct node { int value; struct node *next; };
static int sum(struct node *n) {
  int total = 0;
  for (; n; n = n->next)
    total += n->value;
  return total;
}
int main(void) {
  struct node c = { 3, 0 }, b = { 2, &c }, a = { 1, &b };
  return sum(&a) == 6 ? 0 : 1;
}
`;

/** (line, address) rows of the decoded line table. */
function rows(path: string): string[] {
  return tool('readelf', ['--debug-dump=decodedline', path])
    .split('\n')
    .map((l) => /\s(\d+)\s+(0x[0-9a-f]+|0)\s/.exec(l + ' '))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => `${m[1]} ${m[2]}`);
}

describe('DWARF line information', () => {
  for (const opt of ['-O0', '-O2']) {
    run(`gcc -g ${opt}: line table rows and debug sections match GNU as`, () => {
      const cc = spawnSync('gcc', ['-m32', '-gdwarf-4', opt, '-fno-pic', '-S', '-x', 'c', '-o', '-', '-'], { input: PROGRAM, encoding: 'utf8' });
      expect(cc.status).toBe(0);
      const name = `dwarf${opt}`;
      const gnu = gnuAs(name, cc.stdout);
      expect(gnu.errors).toBe('');
      const mine = ours(name, cc.stdout);
      expect(mine.errors).toBe('');
      const expected = rows(join(work, `${name}.gnu.o`));
      expect(expected.length).toBeGreaterThan(5);
      expect(rows(mine.path)).toEqual(expected);
      for (const section of ['.text', '.debug_info', '.debug_abbrev']) {
        expect(Buffer.from(sectionBytes(mine.object!, section)!).toString('hex')).toBe(Buffer.from(sectionBytes(gnu.object!, section)!).toString('hex'));
      }
    });
  }
});
