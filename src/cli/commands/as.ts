// `layermake as FILE.S [-o OUT.o] [-I DIR] [-D NAME[=V]]`: assembles one file into
// an ELF32 object, in the spirit of `as --32`. The output defaults to FILE.o
// (as's a.out is not useful); `.S` files are preprocessed first.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { CommandModule } from 'yargs';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_OK, printDiagnostics } from '../exit.js';

interface AsArgs {
  source: string;
  output?: string;
  include: string[];
  define: string[];
  json: boolean;
}

export function parseDefines(defines: string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const d of defines) {
    const eq = d.indexOf('=');
    if (eq < 0) out[d] = undefined;
    else out[d.slice(0, eq)] = d.slice(eq + 1);
  }
  return out;
}

function defaultOutput(file: string): string {
  const ext = extname(file);
  return basename(file, ext) + '.o';
}

export const asCommand: CommandModule<object, AsArgs> = {
  command: 'as <source>',
  describe: 'Assemble one AsmX file into an ELF32 object (like as --32)',
  builder: (y) =>
    y
      .positional('source', { type: 'string', demandOption: true, describe: 'The assembly file (.s, or .S to preprocess first)' })
      .option('output', { alias: 'o', type: 'string', requiresArg: true, describe: 'Write the object here (default: FILE.o)' })
      .option('include', { alias: 'I', type: 'string', array: true, default: [], requiresArg: true, describe: 'Add DIR to the include search path (.S)' })
      .option('define', { alias: 'D', type: 'string', array: true, default: [], requiresArg: true, describe: 'Define NAME[=VALUE] for the preprocessor (.S)' }) as never,
  handler: async (args) => {
    // Loaded on demand: the other commands should not pay for parsing the assembler.
    const { assemble } = await import('../../link/asm/index.js');
    if (!existsSync(args.source)) {
      process.stderr.write(`layermake as: error: no such file '${args.source}'\n`);
      process.exit(EXIT_CONFIG);
    }
    const result = assemble({
      file: args.source,
      text: readFileSync(args.source, 'utf8'),
      preprocess: extname(args.source) === '.S',
      includeDirs: args.include.map(String),
      defines: parseDefines(args.define.map(String)),
      readFile: (path) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined),
    });
    printDiagnostics(result.diagnostics, args.json);
    if (!result.object) process.exit(EXIT_FAILURE);
    writeFileSync(args.output ?? defaultOutput(args.source), result.object);
    process.exit(EXIT_OK);
  },
};
