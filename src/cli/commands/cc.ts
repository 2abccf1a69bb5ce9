// `layermake cc FILE.c -S` (AsmX) or `-c` (an ELF32 object, through layermake's own
// assembler), in the spirit of `cc -S` and `cc -c`.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { hasErrors } from '../../diagnostics.js';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_OK, printDiagnostics } from '../exit.js';
import { parseDefines } from './as.js';

interface CcArgs {
  file: string;
  S: boolean;
  c: boolean;
  o?: string;
  I: string[];
  D: string[];
  U: string[];
  O?: string;
  json: boolean;
}

export const ccCommand: CommandModule<object, CcArgs> = {
  command: 'cc <file>',
  describe: 'Compile one C file to AsmX (like cc -S) or to an object (like cc -c)',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'The C file' })
      .option('S', { type: 'boolean', default: false, describe: 'Write AsmX (GNU as AT&T syntax, i386)' })
      .option('c', { type: 'boolean', default: false, describe: 'Compile and assemble to an ELF32 object' })
      .option('o', { type: 'string', requiresArg: true, describe: 'Output file (default: FILE.s, or FILE.o with -c; - for stdout with -S)' })
      .option('I', { type: 'string', array: true, default: [], requiresArg: true, describe: 'Add DIR to the include path' })
      .option('D', { type: 'string', array: true, default: [], requiresArg: true, describe: 'Define NAME[=VALUE]' })
      .option('U', { type: 'string', array: true, default: [], requiresArg: true, describe: 'Undefine NAME' })
      .option('O', { type: 'string', requiresArg: true, describe: 'Optimization level: -O0 or -O1 (default)' }) as never,
  handler: async (argv) => {
    process.exitCode = await runCc(argv);
  },
};

async function runCc(argv: CcArgs): Promise<number> {
  if (argv.c === argv.S) {
    process.stderr.write('layermake cc: say -S (write AsmX) or -c (write an object); linking is done by `layermake build`\n');
    return EXIT_CONFIG;
  }
  // Loaded on demand: the other commands should not pay for parsing the compiler.
  const { compileModule } = await import('../../compile/index.js');
  const level = argv.O ?? '1';
  if (level !== '0' && level !== '1') {
    process.stderr.write(`layermake cc: unknown optimization level -O${level}; use -O0 or -O1\n`);
    return EXIT_CONFIG;
  }
  if (!existsSync(argv.file) || !statSync(argv.file).isFile()) {
    process.stderr.write(`layermake cc: error: ${argv.file}: no such file\n`);
    return EXIT_FAILURE;
  }
  const defines = parseDefines(argv.D);
  const result = compileModule({
    file: argv.file,
    text: readFileSync(argv.file, 'utf8'),
    optLevel: level === '0' ? 0 : 1,
    includeDirs: argv.I,
    defines,
    undefines: argv.U,
    readFile: (path) => {
      try {
        return statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
      } catch {
        return undefined;
      }
    },
  });
  printDiagnostics(result.diagnostics, argv.json);
  if (hasErrors(result.diagnostics) || result.asm === undefined) return EXIT_FAILURE;
  const stem = argv.file.replace(/\.[^./]*$/, '');
  if (argv.S) {
    const out = argv.o ?? stem + '.s';
    if (out === '-') process.stdout.write(result.asm);
    else writeFileSync(out, result.asm);
    return EXIT_OK;
  }
  const { assemble } = await import('../../link/asm/index.js');
  const assembled = assemble({ file: stem + '.s', text: result.asm, preprocess: false, includeDirs: [], defines: {}, readFile: () => undefined });
  printDiagnostics(assembled.diagnostics, argv.json);
  if (!assembled.object) return EXIT_FAILURE;
  writeFileSync(argv.o ?? stem + '.o', assembled.object);
  return EXIT_OK;
}
