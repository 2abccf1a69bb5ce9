// Finding and loading the Layerfile for a command: -f FILE, else ./Layerfile (after
// -C DIR has changed directory). Configuration errors end the run with status 2.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { hasErrors } from '../diagnostics.js';
import type { LayerGraph } from '../graph/layerGraph.js';
import { loadLayerfile } from '../graph/load.js';
import type { Project } from '../graph/model.js';
import { EXIT_CONFIG, printDiagnostics } from './exit.js';
import type { GlobalOptions } from './options.js';

export const DEFAULT_LAYERFILE = 'Layerfile';

export function layerfilePath(options: Pick<GlobalOptions, 'file'>): string {
  return resolve(options.file ?? DEFAULT_LAYERFILE);
}

/** Loads and checks the project; prints warnings; on any error prints them all and exits 2. */
export function loadProjectOrExit(options: GlobalOptions): { project: Project; graph: LayerGraph } {
  const path = layerfilePath(options);
  if (!existsSync(path)) {
    const where = options.file ? `${options.file} does not exist` : `no Layerfile in ${process.cwd()}`;
    process.stderr.write(`layermake: error: ${where} (use -f FILE to name the Layerfile, or -C DIR to run in another directory)\n`);
    process.exit(EXIT_CONFIG);
  }
  const { project, graph, diagnostics } = loadLayerfile(path);
  printDiagnostics(diagnostics, options.json);
  if (!project || !graph || hasErrors(diagnostics)) {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    if (!options.json) process.stderr.write(`layermake: ${errors} error${errors === 1 ? '' : 's'} in the Layerfile\n`);
    process.exit(EXIT_CONFIG);
  }
  return { project, graph };
}
