// `layermake watch [IMAGE…] [--boot]`: build, then rebuild on every change to a file
// the build read (sources, headers, Layerfiles). A failing build prints its errors
// and keeps watching; with --boot each good build boots the image, ending the
// previous boot. Ctrl-C leaves no worker or child behind.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { spawn, type ChildProcess } from 'node:child_process';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkerPool } from '../../scheduler/pool.js';
import { Progress } from '../../scheduler/progress.js';
import { buildProject, WarmState } from '../../scheduler/session.js';
import { printDiagnostics } from '../exit.js';
import { layerfilePath, ProjectMemo } from '../project.js';
import { buildOptions, type BuildOptions } from './build.js';

interface WatchOptions extends BuildOptions {
  boot: boolean;
}

export const watchCommand: CommandModule<object, WatchOptions> = {
  command: 'watch [images..]',
  describe: 'Build, then rebuild on every change (kernel development loop)',
  builder: (argv: Argv) =>
    buildOptions(argv).option('boot', {
      type: 'boolean',
      default: false,
      describe: 'Boot the image after each successful build (the default image unless one is named)',
    }) as unknown as Argv<WatchOptions>,
  handler: async (argv: ArgumentsCamelCase<WatchOptions>) => {
    // Warm from one build to the next, as the build server is.
    const pool = new WorkerPool(argv.jobs, { keepWarm: true });
    const warm = { projects: new ProjectMemo(), session: new WarmState() };
    const layerfile = layerfilePath(argv);
    let booted: ChildProcess | undefined;

    const stopBoot = () => {
      booted?.kill('SIGTERM');
      booted = undefined;
    };

    const buildOnce = async (changed: string[]): Promise<string[]> => {
      if (changed.length && !argv.json) {
        process.stdout.write(`\nlayermake: ${changed.map((p) => relative(process.cwd(), p)).join(', ')} changed\n`);
      }
      const loaded = warm.projects.load(argv);
      if (typeof loaded === 'number') {
        process.stderr.write('layermake: waiting for a fix\n');
        return [layerfile];
      }
      const { project, graph } = loaded;
      const progress = new Progress({ json: argv.json, verbose: argv.verbose, explain: argv.explain || changed.length > 0 });
      const images = argv.images?.length ? argv.images : undefined;
      const result = await buildProject(project, graph, pool, {
        cacheDir: argv.cacheDir,
        keepGoing: argv.keepGoing,
        images,
        onEvent: (event) => progress.event(event),
        onJobs: (total) => progress.jobs(total),
        warm: warm.session,
      });
      progress.clear();
      printDiagnostics(result.diagnostics, argv.json);
      const seconds = (progress.elapsedMs() / 1000).toFixed(2);
      if (result.ok) {
        process.stdout.write(`layermake: build ok in ${seconds}s\n`);
        if (argv.boot) {
          const name = images?.[0] ?? project.defaultImage;
          const image = result.images.find((i) => i.name === name) ?? result.plan.images.find((i) => i.name === name);
          if (image) {
            stopBoot();
            booted = spawn(process.execPath, [cliPath(), 'boot', image.elfPath], { stdio: 'inherit' });
          }
        }
      } else {
        process.stderr.write(`layermake: build failed in ${seconds}s; watching for a fix\n`);
      }
      return [...result.inputs, layerfile];
    };

    const { watchAndBuild } = await import('../../scheduler/watch.js');
    const loop = await watchAndBuild({
      build: buildOnce,
      onWatching: (files) => process.stdout.write(`layermake: watching ${files} files (Ctrl-C to stop)\n`),
    });
    await new Promise<void>((done) => {
      const stop = () => done();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    stopBoot();
    await loop.close();
    await pool.close();
    process.exit(0);
  },
};

/** This very CLI, for the boot child. */
function cliPath(): string {
  return resolve(fileURLToPath(import.meta.url), '..', '..', 'bin', 'layermake.js');
}
