// Finding and loading the Layerfile for a command: -f FILE, else ./Layerfile (after
// -C DIR has changed directory). Configuration errors end the run with status 2.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { hasErrors } from '../diagnostics.js';
import type { LayerGraph } from '../graph/layerGraph.js';
import { loadLayerfileSnapshotted, type SnapshotStore } from '../graph/snapshot.js';
import { writeIfChanged } from '../scheduler/outputs.js';
import { BUILD_ID } from '../version.js';
import type { Project } from '../graph/model.js';
import { EXIT_CONFIG, printDiagnostics } from './exit.js';
import type { GlobalOptions } from './options.js';
import { processTerminal, type Terminal } from './terminal.js';
import { stampOf, tooFreshToTrust, unchanged, type FileStamp } from '../fileClock.js';

export const DEFAULT_LAYERFILE = 'Layerfile';

export function layerfilePath(options: Pick<GlobalOptions, 'file'>): string {
  return resolve(options.file ?? DEFAULT_LAYERFILE);
}

export interface LoadedProject {
  project: Project;
  graph: LayerGraph;
  /** The warnings it printed, as printed. */
  printed: string;
}

/** Loads and checks the project and prints warnings; on any error prints them all and exits 2. */
export function loadProjectOrExit(options: GlobalOptions): LoadedProject {
  const loaded = loadProject(options);
  if (typeof loaded === 'number') process.exit(loaded);
  return loaded;
}

/** As loadProjectOrExit, for a caller that must not exit (the build server): errors give the exit status. */
export function loadProject(options: GlobalOptions, terminal: Terminal = processTerminal): LoadedProject | number {
  const path = layerfilePath(options);
  if (!existsSync(path)) {
    const where = options.file ? `${options.file} does not exist` : `no Layerfile in ${process.cwd()}`;
    terminal.stderr.write(`layermake: error: ${where} (use -f FILE to name the Layerfile, or -C DIR to run in another directory)\n`);
    return EXIT_CONFIG;
  }
  const { project, graph, diagnostics } = loadLayerfileSnapshotted(path, JSON.stringify([BUILD_ID, path, process.cwd()]), snapshotFile(path));
  const printed = printDiagnostics(diagnostics, options.json, terminal);
  if (!project || !graph || hasErrors(diagnostics)) {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    if (!options.json) terminal.stderr.write(`layermake: ${errors} error${errors === 1 ? '' : 's'} in the Layerfile\n`);
    return EXIT_CONFIG;
  }
  return { project, graph, printed };
}

/** The loaded project, kept for the next command in the project's state directory. */
function snapshotFile(layerfile: string): SnapshotStore {
  const path = join(dirname(layerfile), '.layermake', 'project.snapshot');
  return {
    read() {
      try {
        return readFileSync(path);
      } catch {
        return undefined;
      }
    },
    write(bytes) {
      try {
        writeIfChanged(path, bytes);
      } catch {
        // a read-only checkout: every command loads the Layerfile afresh, as before
      }
    },
  };
}

/**
 * The last project loaded, kept by a long-lived process (the build server) and
 * reused while every Layerfile and header it was read from keeps its stat: loading
 * and checking a large Layerfile is most of a warm rebuild's time otherwise.
 */
export class ProjectMemo {
  private last: { key: string; files: FileStamp[]; loaded: LoadedProject } | undefined;

  load(options: GlobalOptions, terminal: Terminal = processTerminal): LoadedProject | number {
    // Warnings are printed relative to the current directory, and in JSON or not.
    const key = JSON.stringify([layerfilePath(options), process.cwd(), options.json]);
    if (this.last?.key === key && unchanged(this.last.files)) {
      terminal.stderr.write(this.last.loaded.printed);
      return this.last.loaded;
    }
    this.last = undefined;
    const readAt = Date.now();
    const loaded = loadProject(options, terminal);
    if (typeof loaded === 'number') return loaded;
    const files = [...loaded.project.files.map((f) => f.path), ...loaded.project.headers].map(stampOf);
    // Gone, changed while we read it, or too recently to tell: load again next time.
    if (files.some(([, mtimeMs]) => mtimeMs < 0 || tooFreshToTrust(mtimeMs, readAt))) return loaded;
    this.last = { key, files, loaded };
    return loaded;
  }
}
