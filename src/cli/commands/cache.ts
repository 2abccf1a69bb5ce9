import type { CommandModule } from 'yargs';
import { notYetAvailable } from '../exit.js';

export const cacheCommand: CommandModule = {
  command: 'cache',
  describe: 'Inspect or prune the build cache',
  handler: () => notYetAvailable('cache', 'the cache (src/cache)'),
};
