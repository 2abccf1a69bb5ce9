#!/usr/bin/env node
// The installed command. dist/ is built by `npm ci` (the prepare script); in a
// checkout, dist/ is rebuilt first when any source differs from the ones it was
// built from (dist/sources.json), so `npx layermake` never runs stale code.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const cli = join(root, 'dist', 'cli.js');

/** A file of src/ edited or removed since dist/ was built (a new file shows once something imports it). */
function distIsStale() {
  try {
    const sources = JSON.parse(readFileSync(join(root, 'dist', 'sources.json'), 'utf8'));
    return sources.some(([path, mtimeMs]) => statSync(join(root, path), { throwIfNoEntry: false })?.mtimeMs !== mtimeMs);
  } catch {
    return true;
  }
}

if (existsSync(join(root, 'src')) && existsSync(join(root, 'node_modules', 'esbuild')) && distIsStale()) {
  const { execFileSync } = await import('node:child_process');
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
}
await import(pathToFileURL(cli).href);
