// `layermake cc FILE.c -S`: one C file to AsmX, in the spirit of `cc -S`.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { compileModule } from '../../compile/index.js';
import { hasErrors } from '../../diagnostics.js';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_OK, printDiagnostics } from '../exit.js';

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
  describe: 'Compile one C file to AsmX (like cc -S)',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'The C file' })
      .option('S', { type: 'boolean', default: false, describe: 'Write AsmX (GNU as AT&T syntax, i386)' })
      .option('c', { type: 'boolean', default: false, describe: 'Compile and assemble to an object (needs the assembler)' })
      .option('o', { type: 'string', requiresArg: true, describe: 'Output file (default: FILE.s)' })
      .option('I', { type: 'string', array: true, default: [], requiresArg: true, describe: 'Add DIR to the include path' })
      .option('D', { type: 'string', array: true, default: [], requiresArg: true, describe: 'Define NAME[=VALUE]' })
      .option('U', { type: 'string', array: true, default: [], requiresArg: true, describe: 'Undefine NAME' })
      .option('O', { type: 'string', requiresArg: true, describe: 'Optimization level: -O0 or -O1 (default)' }) as never,
  handler: (argv) => {
    process.exitCode = runCc(argv);
  },
};

function runCc(argv: CcArgs): number {
  if (argv.c && !argv.S) {
    process.stderr.write('layermake cc: -c needs the AsmX assembler (src/link), which is not built yet; use -S and GNU as meanwhile\n');
    return EXIT_FAILURE;
  }
  if (!argv.S) {
    process.stderr.write('layermake cc: say -S (write AsmX); linking is done by `layermake build`\n');
    return EXIT_CONFIG;
  }
  const level = argv.O ?? '1';
  if (level !== '0' && level !== '1') {
    process.stderr.write(`layermake cc: unknown optimization level -O${level}; use -O0 or -O1\n`);
    return EXIT_CONFIG;
  }
  if (!existsSync(argv.file) || !statSync(argv.file).isFile()) {
    process.stderr.write(`layermake cc: error: ${argv.file}: no such file\n`);
    return EXIT_FAILURE;
  }
  const defines: Record<string, string | undefined> = {};
  for (const d of argv.D) {
    const eq = d.indexOf('=');
    if (eq < 0) defines[d] = undefined;
    else defines[d.slice(0, eq)] = d.slice(eq + 1);
  }
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
  const out = argv.o ?? argv.file.replace(/\.[^./]*$/, '') + '.s';
  if (out === '-') process.stdout.write(result.asm);
  else writeFileSync(out, result.asm);
  return EXIT_OK;
}
