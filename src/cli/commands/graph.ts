// `layermake graph`: the tower bottom to top, as text, DOT, Mermaid or JSON.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../options.js';
import { loadProjectOrExit } from '../project.js';
import { renderGraph, type GraphFormat } from '../../graph/render.js';

interface GraphOptions extends GlobalOptions {
  format?: GraphFormat;
}

export const graphCommand: CommandModule<object, GraphOptions> = {
  command: 'graph',
  describe: 'Print the layer tower, bottom to top (text, dot, mermaid or json)',
  builder: (argv: Argv) =>
    argv
      .option('format', {
        type: 'string',
        choices: ['text', 'dot', 'mermaid', 'json'] as const,
        describe: 'Output format (--json means json)',
      })
      .example('$0 graph --format dot | dot -Tsvg > tower.svg', 'Draw the tower with Graphviz') as Argv<GraphOptions>,
  handler: (argv: ArgumentsCamelCase<GraphOptions>) => {
    const { graph } = loadProjectOrExit(argv);
    process.stdout.write(renderGraph(graph, argv.format ?? (argv.json ? 'json' : 'text')));
  },
};
