// `layermake clean`: removes build outputs (build/, compile_commands.json); with
// --cache also the cache and job records, and stops the project's build server,
// whose memory of cache entries would otherwise outlive the cache.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { GlobalOptions } from '../options.js';
import { layerfilePath, loadProjectOrExit } from '../project.js';
import { cacheDirFor, stateDir } from '../../scheduler/session.js';
import { serverSocketPath, talkToServer } from '../serverClient.js';
import { projectRootOf } from '../buildLine.js';

interface CleanOptions extends GlobalOptions {
  cache: boolean;
}

export const cleanCommand: CommandModule<object, CleanOptions> = {
  command: 'clean',
  describe: 'Remove build outputs (and with --cache, the cache)',
  builder: (argv: Argv) => argv.option('cache', { type: 'boolean', default: false, describe: 'Also remove the cache and job records' }) as unknown as Argv<CleanOptions>,
  handler: async (argv: ArgumentsCamelCase<CleanOptions>) => {
    const { project } = loadProjectOrExit(argv);
    const removed = [join(project.root, 'build'), join(project.root, 'compile_commands.json')];
    if (argv.cache) {
      removed.push(cacheDirFor(project), stateDir(project));
      await talkToServer(serverSocketPath(projectRootOf(layerfilePath(argv))), { kind: 'stop' }, () => {});
    }
    for (const path of removed) rmSync(path, { recursive: true, force: true });
    if (!argv.json) process.stdout.write(`layermake: removed ${removed.map((p) => p.replace(project.root + '/', '')).join(', ')}\n`);
  },
};
