// `layermake server start|stop|status|run`: the project's build server. While it
// runs, `layermake build` in the project hands its builds to it (see buildServer.ts);
// nothing else changes, and without it every build runs in its own process.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../options.js';
import { layerfilePath, loadProject } from '../project.js';
import { EXIT_CONFIG, EXIT_FAILURE } from '../exit.js';
import { serveBuilds, ServerError } from '../buildServer.js';
import { DEFAULT_IDLE_MINUTES, launchServer } from '../serverLaunch.js';
import { serverSocketPath, talkToServer, type ServerStatus } from '../serverClient.js';
import { projectRootOf } from '../buildLine.js';

type Action = 'start' | 'stop' | 'status' | 'run';

interface ServerOptions extends GlobalOptions {
  action: Action;
  idleTimeout: number;
}

const START_TIMEOUT_MS = 15_000;

export const serverCommand: CommandModule<object, ServerOptions> = {
  command: 'server <action>',
  describe: 'Start, stop or query the build server that keeps builds of this project warm',
  builder: (argv: Argv) =>
    argv
      .positional('action', {
        choices: ['start', 'stop', 'status', 'run'] as const,
        describe: 'start: in the background; run: in the foreground; stop; status',
      })
      .option('idle-timeout', {
        type: 'number',
        default: DEFAULT_IDLE_MINUTES,
        requiresArg: true,
        describe: 'Minutes without a build after which the server stops',
      }) as unknown as Argv<ServerOptions>,
  handler: async (argv: ArgumentsCamelCase<ServerOptions>) => {
    const layerfile = layerfilePath(argv);
    const root = projectRootOf(layerfile);
    process.exitCode = await actions[argv.action](argv, root, layerfile);
  },
};

const actions: Record<Action, (argv: ServerOptions, root: string, layerfile: string) => Promise<number>> = {
  async status(_argv, root) {
    const status = await statusOf(root);
    if (!status) {
      process.stdout.write(`layermake: no build server runs for ${root}\n`);
      return EXIT_FAILURE;
    }
    const minutes = ((Date.now() - status.startedAt) / 60_000).toFixed(1);
    process.stdout.write(`layermake: build server for ${status.root}: pid ${status.pid}, up ${minutes} min, ${status.builds} builds, stops after ${status.idleMinutes} min idle; socket ${status.socket}\n`);
    return 0;
  },

  async stop(_argv, root) {
    const stopping = await talkToServer(serverSocketPath(root), { kind: 'stop' }, () => {});
    process.stdout.write(stopping ? `layermake: build server for ${root} stopped\n` : `layermake: no build server runs for ${root}\n`);
    return 0;
  },

  async start(argv, root, layerfile) {
    if (typeof loadProject(argv) === 'number') return EXIT_CONFIG;
    const running = await statusOf(root);
    if (running) {
      process.stdout.write(`layermake: a build server already runs for ${root} (pid ${running.pid})\n`);
      return 0;
    }
    const { child, log } = launchServer({ root, layerfile, idleMinutes: argv.idleTimeout, jobs: argv.jobs });
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const status = await statusOf(root);
      if (status) {
        process.stdout.write(`layermake: build server for ${root} started (pid ${status.pid}); \`layermake build\` now runs there; it stops after ${argv.idleTimeout} minutes idle or with \`layermake server stop\`\n`);
        return 0;
      }
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    process.stderr.write(`layermake: error: the build server did not start; see ${log}\n`);
    return EXIT_FAILURE;
  },

  async run(argv, root, layerfile) {
    if (typeof loadProject(argv) === 'number') return EXIT_CONFIG;
    const note = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
    try {
      await serveBuilds({ root, layerfile, idleMinutes: argv.idleTimeout, jobs: argv.jobs, log: note });
      return 0;
    } catch (err) {
      if (!(err instanceof ServerError)) throw err;
      process.stderr.write(`layermake: error: ${err.message}\n`);
      return EXIT_CONFIG;
    }
  },
};

function statusOf(root: string): Promise<ServerStatus | undefined> {
  let status: ServerStatus | undefined;
  return talkToServer(serverSocketPath(root), { kind: 'status' }, (reply) => {
    if ('status' in reply) status = reply.status;
  }).then(() => status);
}
