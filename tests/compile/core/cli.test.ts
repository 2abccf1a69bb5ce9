// `layermake cc`: -S writes AsmX; errors come out in house style with exit status 1.
import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, tempDir } from './support.js';

const cli = join(REPO, 'dist/cli.js');

function cc(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, 'cc', ...args], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

(existsSync(cli) ? describe : describe.skip)('layermake cc', () => {
  const dir = tempDir();
  const good = join(dir, 'good.c');
  writeFileSync(good, '#include <stdint.h>\n#ifndef N\n#define N 1\n#endif\nuint32_t twice(uint32_t x) { return x * 2 + N; }\n');

  test('-S writes AsmX next to the source, or to -o; -D reaches the preprocessor', () => {
    expect(cc(good, '-S').status).toBe(0);
    expect(readFileSync(join(dir, 'good.s'), 'utf8')).toContain('\t.globl twice\n\t.type twice, @function');
    const out = join(dir, 'other.s');
    expect(cc(good, '-S', '-O0', '-D', 'N=7', '-o', out).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/\$7/);
  });

  test('a bad file gives house-style errors and exit status 1, never a stack trace', () => {
    const bad = join(dir, 'bad.c');
    writeFileSync(bad, 'int f(void) {\n  return x;\n}\n');
    const r = cc(bad, '-S');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${bad}:2:10: error: 'x' undeclared\n 2 |   return x;\n   |          ^\n`);
  });

  test('-c says plainly that it needs the assembler; a bad -O is a usage error', () => {
    const r = cc(good, '-c');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('-c needs the AsmX assembler');
    expect(cc(good, '-S', '-O3').status).toBe(2);
  });
});
