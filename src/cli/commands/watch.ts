import type { CommandModule } from 'yargs';
import { notYetAvailable } from '../exit.js';

export const watchCommand: CommandModule = {
  command: 'watch',
  describe: 'Rebuild on every change (kernel development loop)',
  handler: () => notYetAvailable('watch', 'the build engine (src/scheduler)'),
};
