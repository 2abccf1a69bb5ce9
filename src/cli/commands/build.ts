// `layermake build [IMAGE…]`: compile, assemble and link images (default: all).
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { relative } from 'node:path';
import type { GlobalOptions } from '../options.js';
import { loadProject, type ProjectMemo } from '../project.js';
import { processTerminal, type Terminal } from '../terminal.js';
import { EXIT_CONFIG, EXIT_FAILURE, diagnosticsText, printDiagnostics } from '../exit.js';
import { WorkerPool } from '../../scheduler/pool.js';
import { Progress } from '../../scheduler/progress.js';
import { buildProject, unknownImages, type WarmState } from '../../scheduler/session.js';
import { dropStamp, writeStamp } from '../upToDate.js';
import { readBuildLine, thisInvocation, type BuildLine, type Invocation } from '../buildLine.js';

export interface BuildOptions extends GlobalOptions {
  images?: string[];
  keepGoing: boolean;
  explain: boolean;
  cacheDir?: string;
}

export function buildOptions<T>(argv: Argv<T>) {
  return argv
    .positional('images', { type: 'string', array: true, describe: 'Images to build (default: every image, test image and program)' })
    .option('keep-going', { alias: 'k', type: 'boolean', default: false, describe: 'Go on with independent jobs after a failure' })
    .option('explain', { type: 'boolean', default: false, describe: 'Say why each job ran' })
    .option('cache-dir', { type: 'string', requiresArg: true, describe: 'Cache directory (default: .layermake/cache, or $LAYERMAKE_CACHE_DIR)' });
}

/** The options of a build line read without yargs (buildLine.ts). */
export function buildOptionsOf(line: BuildLine): BuildOptions {
  return {
    images: line.images,
    file: line.layerfile,
    jobs: line.jobs,
    cacheDir: line.cacheDir,
    keepGoing: line.keepGoing,
    explain: line.explain,
    verbose: line.verbose,
    json: line.json,
  };
}

/**
 * `build` without yargs, for a command line buildLine.ts reads (most of them):
 * loading and running yargs is a noticeable part of a quick rebuild. The exit
 * status, or undefined for a line it leaves to the full CLI.
 */
export async function runPlainBuild(invocation: Invocation): Promise<number | undefined> {
  const line = readBuildLine(invocation);
  if (!line) return undefined;
  try {
    process.chdir(line.dir);
  } catch {
    return undefined; // the full CLI says what is wrong with -C
  }
  const pool = new WorkerPool(line.jobs);
  // The no-op stamp has missed by now: something will most likely be compiled.
  await pool.start();
  try {
    return await runBuildCommand(buildOptionsOf(line), pool, { invocation });
  } finally {
    // Before the caller's process.exit: exiting with live worker threads can crash Node
    // (nodejs/node#37024), which a full test run once showed as a build killed by a signal.
    await pool.close();
  }
}

/** Who asked for a build: the command line and terminal of this process, or of a build-server client. */
export interface BuildContext {
  /** The command line as typed, and where: the no-op stamp is kept for exactly this one. */
  invocation?: Invocation;
  terminal?: Terminal;
  /** What a long-lived process keeps between builds: the loaded project, plans, file hashes. */
  warm?: { projects: ProjectMemo; session: WarmState };
  /**
   * Called with the exit status once the images are written and the summary printed,
   * before the no-op stamp is: a build server's client need not wait for the stamp.
   */
  onStatus?: (status: number) => void;
}

/** Builds; prints progress and diagnostics; returns the exit status. */
export async function runBuildCommand(argv: BuildOptions, pool: WorkerPool, context: BuildContext = {}): Promise<number> {
  const { invocation, terminal = processTerminal, warm, onStatus } = context;
  const startedAt = Date.now();
  if (invocation) dropStamp(invocation);
  const loaded = warm ? warm.projects.load(argv, terminal) : loadProject(argv, terminal);
  if (typeof loaded === 'number') return loaded;
  const { project, graph, printed } = loaded;
  const images = argv.images?.length ? argv.images : undefined;
  const unknown = unknownImages(project, graph, images ?? []);
  if (unknown.length) {
    terminal.stderr.write(`layermake: error: no image named ${unknown.map((n) => `'${n}'`).join(', ')} (see \`layermake check\`)\n`);
    return EXIT_CONFIG;
  }
  const progress = new Progress({ json: argv.json, verbose: argv.verbose, explain: argv.explain, out: terminal.stdout });
  const result = await buildProject(project, graph, pool, {
    cacheDir: argv.cacheDir,
    keepGoing: argv.keepGoing,
    images,
    onEvent: (event) => progress.event(event),
    onJobs: (total) => progress.jobs(total),
    warm: warm?.session,
  });
  progress.clear();
  printDiagnostics(result.diagnostics, argv.json, terminal);
  const seconds = (progress.elapsedMs() / 1000).toFixed(2);
  const ran = [...result.status.values()].filter((s) => s === 'done').length;
  const cached = [...result.status.values()].filter((s) => s === 'cached').length;
  if (argv.json) {
    terminal.stdout.write(JSON.stringify({ event: 'build', ok: result.ok, ran, cached, seconds: Number(seconds), images: result.images }) + '\n');
  } else if (result.ok) {
    const written = result.images.filter((i) => i.changed).map((i) => relative(process.cwd(), i.elfPath));
    terminal.stdout.write(`layermake: build ok in ${seconds}s (${ran} ran, ${cached} cached)${written.length ? `: ${written.join(', ')}` : ', images up to date'}\n`);
  } else {
    terminal.stderr.write(`layermake: build failed in ${seconds}s\n`);
  }
  const status = result.ok ? 0 : EXIT_FAILURE;
  onStatus?.(status);
  if (result.ok && invocation) {
    writeStamp(invocation, {
      startedAt,
      inputs: result.inputs,
      outputs: [...result.images.flatMap((i) => [i.elfPath, i.mapPath]), result.compileCommands],
      searchedDirs: [...new Set(result.plan.modules.flatMap((m) => m.includeDirs))],
      jobs: result.status.size,
      // What a build that finds everything cached prints: a job's warnings show only when it runs.
      stderr: printed + diagnosticsText(result.planWarnings),
    });
  }
  return status;
}

export const buildCommand: CommandModule<object, BuildOptions> = {
  command: 'build [images..]',
  describe: 'Compile, assemble and link the images',
  builder: (argv) => buildOptions(argv) as unknown as Argv<BuildOptions>,
  handler: async (argv: ArgumentsCamelCase<BuildOptions>) => {
    const pool = new WorkerPool(argv.jobs);
    await pool.start(); // as in runPlainBuild
    try {
      process.exitCode = await runBuildCommand(argv, pool, { invocation: thisInvocation });
    } finally {
      await pool.close();
    }
  },
};
