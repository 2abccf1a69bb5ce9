// `layermake check`: load the Layerfile, validate it and check the layer graph;
// print a one-screen summary. Nothing is compiled.
import type { ArgumentsCamelCase, CommandModule } from 'yargs';
import { relative } from 'node:path';
import type { GlobalOptions } from '../options.js';
import { loadProjectOrExit } from '../project.js';
import { projectSummary } from '../../graph/summary.js';

export const checkCommand: CommandModule<object, GlobalOptions> = {
  command: 'check',
  describe: 'Load and check the Layerfile and its layer graph',
  handler: (argv: ArgumentsCamelCase<GlobalOptions>) => {
    const { project, graph } = loadProjectOrExit(argv);
    const summary = projectSummary(graph);
    if (argv.json) {
      process.stdout.write(JSON.stringify({ ok: true, ...summary }) + '\n');
      return;
    }
    const rootFile = relative(process.cwd(), project.rootFile) || project.rootFile;
    const out = [
      `${rootFile}: OK`,
      `  layers      ${summary.layers} (${summary.compositions} horizontal composition${summary.compositions === 1 ? '' : 's'}), ${summary.modules} modules`,
      `  primitives  ${summary.primitives} defined (${summary.inline} inline), ${summary.passthrough} pass-throughs`,
      `  images      ${summary.images.map((i) => (i === summary.defaultImage ? `${i} (default)` : i)).join(', ') || '(none)'}`,
      `  test images ${summary.testImages.join(', ') || '(none)'}`,
      `  programs    ${summary.programs.join(', ') || '(none)'}`,
    ];
    if (argv.verbose) {
      out.push(`  Layerfiles  ${project.files.map((f) => relative(process.cwd(), f.path)).join(', ')}`);
      for (const name of graph.layersBottomUp()) {
        const iface = graph.moduleInterface(name);
        out.push(`  ${name}: own ${iface.own.length}, from underlay ${iface.underlayPrimitives.length}, unreachable ${iface.unreachable.length}`);
      }
    }
    process.stdout.write(out.join('\n') + '\n');
  },
};
