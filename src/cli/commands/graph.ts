// `layermake graph`: the tower bottom to top, as text, DOT, Mermaid or JSON.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../options.js';
import { loadProjectOrExit } from '../project.js';
import { renderGraph, type GraphFormat } from '../../graph/render.js';
import { nearest } from '../../graph/suggest.js';
import { EXIT_CONFIG } from '../exit.js';

interface GraphOptions extends GlobalOptions {
  format?: GraphFormat;
  image?: string;
}

export const graphCommand: CommandModule<object, GraphOptions> = {
  command: 'graph [image]',
  describe: 'Print the layer tower, bottom to top (text, dot, mermaid or json)',
  builder: (argv: Argv) =>
    argv
      .positional('image', { type: 'string', describe: "Draw only this image's stack (an image or test-<Layer>)" })
      .option('format', {
        type: 'string',
        choices: ['text', 'dot', 'mermaid', 'json'] as const,
        describe: 'Output format (--json means json)',
      })
      .example('$0 graph --format dot | dot -Tsvg > tower.svg', 'Draw the tower with Graphviz') as Argv<GraphOptions>,
  handler: (argv: ArgumentsCamelCase<GraphOptions>) => {
    const { graph } = loadProjectOrExit(argv);
    if (argv.image !== undefined) {
      const known = [...graph.project.images.keys(), ...graph.testImages().map((t) => t.name)];
      if (!known.includes(argv.image)) {
        const best = nearest(argv.image, known);
        process.stderr.write(`layermake: error: no image \`${argv.image}\`${best ? ` (did you mean \`${best}\`?)` : ''}; the images are ${known.join(', ')}\n`);
        process.exit(EXIT_CONFIG);
      }
    }
    const format = argv.format ?? (argv.json ? 'json' : 'text');
    process.stdout.write(renderGraph(graph, format, { image: argv.image, verbose: argv.verbose }));
  },
};
