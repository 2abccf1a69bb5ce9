import type { CommandModule } from 'yargs';
import { notYetAvailable } from '../exit.js';

export const asCommand: CommandModule = {
  command: 'as',
  describe: 'Assemble one AsmX file into an ELF32 object (like as --32)',
  handler: () => notYetAvailable('as', 'the assembler (src/link)'),
};
