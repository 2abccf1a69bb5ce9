// The command's entry point (dist/cli.js). A `build` is answered with as little
// loaded as it takes: from its no-op stamp when nothing changed, else by the
// project's build server when one runs, else here without yargs when its command
// line is a plain one (which then starts the server for the next build: see
// serverLaunch.ts). Everything else is the full CLI (main.ts).
import { thisInvocation } from './buildLine.js';
import { answerFromStamp } from './upToDate.js';
import { tuneJitForOneShot } from './oneShotJit.js';

tuneJitForOneShot(thisInvocation.args);

if (!answerFromStamp(thisInvocation)) {
  const { catchInternalErrors } = await import('./internalError.js');
  catchInternalErrors();
  const { buildOnServer } = await import('./serverClient.js');
  let status = await buildOnServer(thisInvocation);
  if (status === undefined) {
    status = await (await import('./commands/build.js')).runPlainBuild(thisInvocation);
    if (status === 0) (await import('./serverLaunch.js')).startServerAfterBuild(thisInvocation);
  }
  if (status === undefined) await import('./main.js');
  // Here, not by the event loop running dry: a local build left its workers running.
  else process.exit(status);
}
