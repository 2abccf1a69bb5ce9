// Every c-testsuite program preprocessed by layermake and by gcc (`gcc -E -P`, with
// gcc's own predefined macros replaced by layermake's and the same headers: the
// shipped freestanding ones and the test C library declarations) gives the same
// token stream. This checks the preprocessor on real code, not only on examples.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { BUILTIN_HEADERS, preprocess, tokenize } from '../../../src/compile/preprocess/index.js';
import { predefinedSource } from '../../../src/compile/preprocess/predefined.js';
import { TEST_LIBC_DIR, hasTool, readHostFile, sharedDir } from '../testsuite-support.js';

const shared = sharedDir();
const suiteDir = shared && join(shared, 'testdata/c-testsuite/tests/single-exec');

describe('c-testsuite preprocessed by layermake and by gcc -E give the same tokens', () => {
  if (!suiteDir || !hasTool('gcc')) {
    test.skip('c-testsuite (../shared) or gcc is not available: the oracle is unavailable', () => {});
    return;
  }
  const headers = mkdtempSync(join(tmpdir(), 'lm-pp-headers-'));
  afterAll(() => rmSync(headers, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(BUILTIN_HEADERS)) writeFileSync(join(headers, name), text);
  // gcc keeps __STDC__ and __STDC_VERSION__ under -undef; the rest of ours is passed as -D.
  const definePrologue = predefinedSource().split('\n').filter((l) => l && !/__STDC__ |__STDC_VERSION__ |__DATE__|__TIME__/.test(l)).join('\n') + '\n';
  writeFileSync(join(headers, '__layermake_predefined.h'), definePrologue);

  const files = readdirSync(suiteDir).filter((f) => /^\d+\.c$/.test(f)).sort();
  test.each(files)('%s', (file) => {
    const path = join(suiteDir, file);
    const text = readFileSync(path, 'utf8');
    const gcc = spawnSync('gcc', [
      '-E', '-P', '-undef', '-nostdinc', '-std=c99', '-w', '-include', join(headers, '__layermake_predefined.h'),
      '-I', TEST_LIBC_DIR, '-I', headers, path,
    ], { encoding: 'utf8' });
    const ours = preprocess(path, text, { includeDirs: [TEST_LIBC_DIR], defines: {}, readFile: readHostFile });
    const ourErrors = ours.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
    if (gcc.status !== 0) {
      // gcc rejects it (e.g. #error): so must we.
      expect(ourErrors.length).toBeGreaterThan(0);
      return;
    }
    expect(ourErrors).toEqual([]);
    const expected = tokenize('gcc.i', gcc.stdout).filter((t) => t.kind !== 'eof').map((t) => t.text);
    expect(ours.tokens.filter((t) => t.kind !== 'eof').map((t) => t.text)).toEqual(expected);
  });
});
