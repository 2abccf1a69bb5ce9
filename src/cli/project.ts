// Finding and loading the Layerfile for a command: -f FILE, else ./Layerfile (after
// -C DIR has changed directory). Configuration errors end the run with status 2.
import { existsSync, readFileSync, statSync } from 'node:fs';
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
import { tooFreshToTrust } from '../fileClock.js';

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
  private last: { key: string; files: [string, number, number][]; loaded: LoadedProject } | undefined;

  load(options: GlobalOptions, terminal: Terminal = processTerminal): LoadedProject | number {
    // Warnings are printed relative to the current directory, and in JSON or not.
    const key = JSON.stringify([layerfilePath(options), process.cwd(), options.json]);
    if (this.last?.key === key && this.last.files.every(([path, mtimeMs, size]) => sameStat(path, mtimeMs, size))) {
      terminal.stderr.write(this.last.loaded.printed);
      return this.last.loaded;
    }
    this.last = undefined;
    const readAt = Date.now();
    const loaded = loadProject(options, terminal);
    if (typeof loaded === 'number') return loaded;
    const files: [string, number, number][] = [];
    for (const path of [...loaded.project.files.map((f) => f.path), ...loaded.project.headers]) {
      const stat = statSync(path, { throwIfNoEntry: false });
      // Changed while we read it, or too recently to tell: load again next time.
      if (!stat || tooFreshToTrust(stat.mtimeMs, readAt)) return loaded;
      files.push([path, stat.mtimeMs, stat.size]);
    }
    this.last = { key, files, loaded };
    return loaded;
  }
}

function sameStat(path: string, mtimeMs: number, size: number): boolean {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat !== undefined && stat.mtimeMs === mtimeMs && stat.size === size;
}
