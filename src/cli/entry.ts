// The command's entry point (dist/cli.js). A `build` is answered before the rest of
// the CLI is even loaded when it can be: from its no-op stamp when nothing changed,
// else by the project's build server when one runs. Node's own start-up is then most
// of what the command costs.
import { thisInvocation } from './buildLine.js';
import { answerFromStamp } from './upToDate.js';

if (!answerFromStamp(thisInvocation)) {
  const { buildOnServer } = await import('./serverClient.js');
  const status = await buildOnServer(thisInvocation);
  if (status === undefined) await import('./main.js');
  else process.exitCode = status;
}
