// Bundles src/ into dist/: the command's entry (cli.js, one file), the rest of the
// CLI (local.js), the library entry and the piscina worker are separate entry
// points, because piscina loads its worker from a file of its own.
// Dependencies stay external so that piscina (and its own worker bootstrap) are not bundled.
import { build } from 'esbuild';
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

process.chdir(new URL('..', import.meta.url).pathname);
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// The build id goes into every cache key: any change to layermake's own sources
// (a compiler fix, say) must never reuse outputs of the previous layermake.
// The sources' mtimes, taken before reading them, go to dist/sources.json: bin/layermake.js
// rebuilds when any differs (an edit during this build included).
const sources = [];
function hashTree(dir, hash) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      hashTree(path, hash);
    } else {
      sources.push([path, statSync(path).mtimeMs]);
      hash.update(path).update(readFileSync(path));
    }
  }
  return hash;
}
const buildId = `${pkg.version}+${hashTree('src', createHash('sha256')).digest('hex').slice(0, 16)}`;

// Chunk names carry content hashes: without this, every build would leave the last one's behind.
rmSync('dist', { recursive: true, force: true });

const common = {
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  // Folds module-level constants into the code that uses them: V8 loads a module
  // variable from memory at every use, and compiles a switch over such constants (the
  // CPU's decoder and lazy flags) into a chain of loads and compares.
  minifySyntax: true,
  // Start-up time is mostly Node resolving and loading many small module files, so
  // dependencies are bundled too; piscina stays external (its workers load it by
  // path) and so does chokidar (loaded only by `watch`, with an optional native part).
  external: ['piscina', 'chokidar'],
  // Bundled CommonJS dependencies may call require(): give ESM output one.
  banner: { js: "import { createRequire as __layermakeRequire } from 'node:module'; const require = __layermakeRequire(import.meta.url);" },
  define: { LAYERMAKE_VERSION: JSON.stringify(pkg.version), LAYERMAKE_BUILD_ID: JSON.stringify(buildId) },
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: {
    local: 'src/cli/localEntry.ts',
    index: 'src/index.ts',
    worker: 'src/scheduler/worker.ts',
  },
  // Shared code goes to chunks, and what a command loads on demand (the compiler for
  // `cc`, the emulator for `boot`) stays out of the start-up path of the others.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});

// The command's entry: one file, so that a build answered by the no-op stamp or the
// build server loads a single module; it imports dist/local.js for everything else.
await build({ ...common, entryPoints: { cli: 'src/cli/entry.ts' } });
writeFileSync('dist/sources.json', JSON.stringify(sources));
