import type { CommandModule } from 'yargs';
import { notYetAvailable } from '../exit.js';

export const checkCommand: CommandModule = {
  command: 'check',
  describe: 'Load and check the Layerfile and its layer graph',
  handler: () => notYetAvailable('check', 'the layer graph (src/graph)'),
};
