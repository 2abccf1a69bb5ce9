import type { CommandModule } from 'yargs';
import { notYetAvailable } from '../exit.js';

export const buildCommand: CommandModule = {
  command: 'build',
  describe: 'Compile, assemble and link the images',
  handler: () => notYetAvailable('build', 'the build engine (src/scheduler)'),
};
