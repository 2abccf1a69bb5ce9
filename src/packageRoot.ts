// Where this layermake is installed: the directory of its package.json, whether the
// code runs from dist/ (the command) or from src/ (tests). Workers load dist/worker.js
// from there, and the shell no-op stamp watches dist/ and src/ there.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'layermake') return (root = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the layermake package root');
    dir = parent;
  }
}
