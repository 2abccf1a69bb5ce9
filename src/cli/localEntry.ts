// The rest of the command (dist/local.js), once entry.ts found no short cut: a plain
// build line runs here without yargs (and then starts the project's build server for
// the next build: see serverLaunch.ts); everything else is the full CLI (main.ts).
import { thisInvocation } from './buildLine.js';

const status = await (await import('./commands/build.js')).runPlainBuild(thisInvocation);
if (status === 0) (await import('./serverLaunch.js')).startServerAfterBuild(thisInvocation);
if (status === undefined) await import('./main.js');
else process.exit(status);
