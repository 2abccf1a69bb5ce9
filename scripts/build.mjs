// Bundles src/ into dist/: the CLI, the library entry and the piscina worker are
// separate entry points, because piscina loads its worker from a file of its own.
// Dependencies stay external so that piscina (and its own worker bootstrap) are not bundled.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: {
    cli: 'src/cli/main.ts',
    index: 'src/index.ts',
    worker: 'src/scheduler/worker.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  packages: 'external',
  define: { LAYERMAKE_VERSION: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});
