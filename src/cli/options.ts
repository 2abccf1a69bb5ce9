// Options every command shares.
import type { Argv } from 'yargs';

export interface GlobalOptions {
  C?: string;
  file?: string;
  jobs?: number;
  json: boolean;
  verbose: boolean;
}

export function globalOptions<T>(argv: Argv<T>) {
  return argv
    .option('C', { type: 'string', describe: 'Change to DIR before doing anything', requiresArg: true, global: true })
    .option('file', { alias: 'f', type: 'string', describe: 'Use FILE as the Layerfile (default: ./Layerfile)', requiresArg: true, global: true })
    .option('jobs', { alias: 'j', type: 'number', describe: 'Run N jobs in parallel (default: CPU count)', requiresArg: true, global: true })
    .option('json', { type: 'boolean', default: false, describe: 'Machine-readable output', global: true })
    .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: 'Say more', global: true });
}
