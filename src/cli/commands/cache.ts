// `layermake cache stats` and `layermake cache prune --max-size SIZE`.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../options.js';
import { loadProjectOrExit } from '../project.js';
import { ContentStore } from '../../cache/store.js';
import { cacheDirFor, lastBuildCounters } from '../../scheduler/session.js';
import { EXIT_CONFIG } from '../exit.js';

interface CacheOptions extends GlobalOptions {
  action: 'stats' | 'prune';
  maxSize?: string;
  cacheDir?: string;
}

/** "500M", "2G", "1024" (bytes), "64k". */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?$/i.exec(text.trim());
  if (!match) return undefined;
  const scale = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[match[2].toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  return Math.floor(Number(match[1]) * scale);
}

function human(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit ? 1 : 0)} ${units[unit]}`;
}

export const cacheCommand: CommandModule<object, CacheOptions> = {
  command: 'cache <action>',
  describe: 'Inspect (stats) or prune the build cache',
  builder: (argv) =>
    argv
      .positional('action', { choices: ['stats', 'prune'] as const, describe: 'stats: entries, size, last hit rate; prune: shrink to --max-size' })
      .option('max-size', { type: 'string', requiresArg: true, describe: 'With prune: the size to shrink to (e.g. 500M), least recently used first' })
      .option('cache-dir', { type: 'string', requiresArg: true, describe: 'Cache directory' }) as unknown as Argv<CacheOptions>,
  handler: (argv: ArgumentsCamelCase<CacheOptions>) => {
    const { project } = loadProjectOrExit(argv);
    const store = new ContentStore(cacheDirFor(project, argv.cacheDir));
    if (argv.action === 'prune') {
      const max = argv.maxSize === undefined ? undefined : parseSize(argv.maxSize);
      if (max === undefined) {
        process.stderr.write(`layermake: error: cache prune needs --max-size SIZE (e.g. 500M)${argv.maxSize ? `, not '${argv.maxSize}'` : ''}\n`);
        process.exit(EXIT_CONFIG);
      }
      const { removed, freed } = store.prune(max);
      const { entries, bytes } = store.stats();
      process.stdout.write(argv.json ? JSON.stringify({ removed, freed, entries, bytes }) + '\n' : `removed ${removed} entries (${human(freed)}); ${entries} entries (${human(bytes)}) left\n`);
      return;
    }
    const { entries, bytes } = store.stats();
    const last = lastBuildCounters(project);
    const lookups = last ? last.hits + last.misses : 0;
    const rate = last && lookups ? last.hits / lookups : undefined;
    if (argv.json) {
      process.stdout.write(JSON.stringify({ dir: store.dir, entries, bytes, lastBuild: last ?? null, hitRate: rate ?? null }) + '\n');
      return;
    }
    process.stdout.write(
      [
        `cache      ${store.dir}`,
        `entries    ${entries}`,
        `size       ${human(bytes)}`,
        `last build ${last ? `${last.hits} hits, ${last.misses} misses${rate !== undefined ? ` (hit rate ${(rate * 100).toFixed(0)}%)` : ''}${last.corrupt ? `, ${last.corrupt} corrupt entries rebuilt` : ''}` : 'none yet'}`,
      ].join('\n') + '\n',
    );
  },
};
