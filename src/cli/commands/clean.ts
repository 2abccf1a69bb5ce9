import type { CommandModule } from 'yargs';
import { notYetAvailable } from '../exit.js';

export const cleanCommand: CommandModule = {
  command: 'clean',
  describe: 'Remove build outputs',
  handler: () => notYetAvailable('clean', 'the build engine (src/scheduler)'),
};
