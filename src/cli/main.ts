// The layermake command line. Each command lives in commands/<name>.ts; this file
// only assembles them and turns an escaped exception into an honest internal error.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { globalOptions } from './options.js';
import { EXIT_CONFIG, EXIT_INTERNAL } from './exit.js';
import { buildCommand } from './commands/build.js';
import { watchCommand } from './commands/watch.js';
import { bootCommand } from './commands/boot.js';
import { graphCommand } from './commands/graph.js';
import { checkCommand } from './commands/check.js';
import { cleanCommand } from './commands/clean.js';
import { ccCommand } from './commands/cc.js';
import { asCommand } from './commands/as.js';
import { cacheCommand } from './commands/cache.js';

declare const LAYERMAKE_VERSION: string;

process.on('uncaughtException', internalError);
process.on('unhandledRejection', internalError);

function internalError(err: unknown): never {
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(
    `layermake: internal error (this is a bug in layermake, please report it): ${err instanceof Error ? err.message : String(err)}\n`,
  );
  if (process.env.LAYERMAKE_DEBUG) process.stderr.write(detail + '\n');
  process.exit(EXIT_INTERNAL);
}

await globalOptions(yargs(hideBin(process.argv)))
  .scriptName('layermake')
  .usage('$0 <command> [options]\n\nA layer-aware make for layered operating-system kernels.')
  .command(buildCommand)
  .command(watchCommand)
  .command(bootCommand)
  .command(checkCommand)
  .command(graphCommand)
  .command(cleanCommand)
  .command(ccCommand)
  .command(asCommand)
  .command(cacheCommand)
  .demandCommand(1, 'Say which command to run; `layermake --help` lists them.')
  .strict()
  .recommendCommands()
  .version(typeof LAYERMAKE_VERSION === 'string' ? LAYERMAKE_VERSION : 'dev')
  .help()
  .alias('help', 'h')
  .fail((message, err, argv) => {
    if (err) internalError(err);
    process.stderr.write(`layermake: error: ${message}\n\nRun \`layermake --help\` for usage.\n`);
    process.exit(EXIT_CONFIG);
  })
  .parseAsync();
