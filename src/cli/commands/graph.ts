import type { CommandModule } from 'yargs';
import { notYetAvailable } from '../exit.js';

export const graphCommand: CommandModule = {
  command: 'graph',
  describe: 'Print the layer tower (text, dot, mermaid or json)',
  handler: () => notYetAvailable('graph', 'the layer graph (src/graph)'),
};
