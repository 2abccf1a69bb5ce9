// The layermake command line. Each command lives in commands/<name>.ts; this file
// only assembles them and turns an escaped exception into an honest internal error.
import yargs, { type CommandModule } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { globalOptions } from './options.js';
import { EXIT_CONFIG } from './exit.js';
import { buildCommand } from './commands/build.js';
import { watchCommand } from './commands/watch.js';
import { bootCommand } from './commands/boot.js';
import { graphCommand } from './commands/graph.js';
import { checkCommand } from './commands/check.js';
import { cleanCommand } from './commands/clean.js';
import { ccCommand } from './commands/cc.js';
import { asCommand } from './commands/as.js';
import { cacheCommand } from './commands/cache.js';
import { serverCommand } from './commands/server.js';
import { nearest } from '../graph/suggest.js';
import { VERSION } from '../version.js';

import { catchInternalErrors, internalError } from './internalError.js';

catchInternalErrors();

const commands = [
  buildCommand,
  watchCommand,
  bootCommand,
  checkCommand,
  graphCommand,
  cleanCommand,
  ccCommand,
  asCommand,
  cacheCommand,
  serverCommand,
] as CommandModule[];
const commandNames = commands.map((c) => String(c.command).split(' ')[0]);

function usageError(message: string): never {
  process.stderr.write(`layermake: error: ${message}\n\nRun \`layermake --help\` for usage.\n`);
  process.exit(EXIT_CONFIG);
}

/** -C DIR: every path after it (the Layerfile, -f FILE) is relative to DIR, as in make and git. */
function changeDirectory(argv: { C?: string }): void {
  if (argv.C === undefined) return;
  try {
    process.chdir(argv.C);
  } catch {
    usageError(`cannot change to directory ${argv.C}: it does not exist or is not a directory`);
  }
}

/** yargs says "Unknown argument: biuld"; say which commands exist, and the nearest. */
function explainFailure(message: string): string {
  const unknown = /^Unknown (?:argument|arguments|command)s?: (.*)$/.exec(message);
  if (!unknown) return message;
  const word = unknown[1].split(',')[0].trim();
  const option = process.argv.find((a) => a === `--${word}` || a.startsWith(`--${word}=`) || a === `-${word}`);
  if (option) return `unknown option \`${option.split('=')[0]}\``;
  const best = nearest(word, commandNames);
  return `unknown command \`${word}\`${best ? ` (did you mean \`${best}\`?)` : ''}; the commands are ${commandNames.join(', ')}`;
}

let cli = globalOptions(yargs(hideBin(process.argv)))
  .scriptName('layermake')
  .usage('$0 <command> [options]\n\nA layer-aware make for layered operating-system kernels.')
  .middleware(changeDirectory, true);
for (const command of commands) cli = cli.command(command);
await cli
  .demandCommand(1, 'Say which command to run; `layermake --help` lists them.')
  .strict()
  .version(VERSION)
  .help()
  .alias('help', 'h')
  .fail((message, err) => {
    if (err) internalError(err);
    usageError(explainFailure(message));
  })
  .parseAsync();
