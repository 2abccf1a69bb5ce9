import type { CommandModule } from 'yargs';
import { notYetAvailable } from '../exit.js';

export const bootCommand: CommandModule = {
  command: 'boot',
  describe: 'Build an image and boot it in the bundled x86 PC emulator',
  handler: () => notYetAvailable('boot', 'the emulator (src/machine)'),
};
