#!/usr/bin/env node
// The installed command. dist/ is built by `npm ci` (the prepare script); a checkout
// whose dist/ is missing or older than src/ is rebuilt first, so `npx layermake`
// never runs stale code.
import { existsSync, statSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const cli = join(root, 'dist', 'cli.js');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const src = join(root, 'src');
if (existsSync(src) && existsSync(join(root, 'node_modules', 'esbuild'))) {
  if (!existsSync(cli) || statSync(cli).mtimeMs < newestMtime(src)) {
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  }
}
await import(pathToFileURL(cli).href);
