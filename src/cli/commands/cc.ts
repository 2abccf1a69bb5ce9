import type { CommandModule } from 'yargs';
import { notYetAvailable } from '../exit.js';

export const ccCommand: CommandModule = {
  command: 'cc',
  describe: 'Compile one C file to AsmX (like cc -S) or to an object (-c)',
  handler: () => notYetAvailable('cc', 'the compiler (src/compile)'),
};
