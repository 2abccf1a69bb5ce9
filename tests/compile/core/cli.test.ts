// `layermake cc`: -S writes AsmX, -c an object; errors come out in house style with exit status 1.
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

  test('-c writes an ELF32 object through layermake\'s assembler, which GNU nm reads; a bad -O is a usage error', () => {
    const r = cc(good, '-c');
    expect(r).toEqual({ status: 0, stderr: '' });
    const object = readFileSync(join(dir, 'good.o'));
    expect([...object.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]);
    expect(object.readUInt16LE(16)).toBe(1); // ET_REL
    expect(object.readUInt16LE(18)).toBe(3); // EM_386
    const nm = spawnSync('nm', [join(dir, 'good.o')], { encoding: 'utf8' });
    if (nm.status === 0) expect(nm.stdout).toMatch(/ T twice$/m);
    expect(cc(good, '-S', '-O3').status).toBe(2);
    expect(cc(good).status).toBe(2); // neither -S nor -c
  });
});
