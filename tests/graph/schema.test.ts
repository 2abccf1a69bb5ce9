// The validator compiled ahead of time from layerfile.schema.json is up to date.
import { expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

test('src/graph/layerfileValidator.js is generated from the current schema', () => {
  const run = spawnSync(process.execPath, [join(repo, 'scripts', 'generate-validator.mjs'), '--check'], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
});
