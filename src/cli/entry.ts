// The command's entry point (dist/cli.js), bundled alone into one file of a few KB
// with nothing but Node built-ins, because Node spends its start loading module
// files: a `build` is answered with as little loaded as it takes. From its no-op
// stamp when nothing changed, else by the project's build server when one runs;
// everything else goes on in dist/local.js (localEntry.ts), the split bundle of the
// whole CLI.
import { thisInvocation } from './buildLine.js';
import { answerFromStamp } from './upToDate.js';
import { tuneJitForOneShot } from './oneShotJit.js';
import { catchInternalErrors } from './internalError.js';
import { buildOnServer } from './serverClient.js';

tuneJitForOneShot(thisInvocation.args);
// bin/layermake, the sh front, has just found a path of the stamp changed: no need to look again.
const frontSawChange = process.env.LAYERMAKE_STAMP === 'moved';
delete process.env.LAYERMAKE_STAMP;
if (frontSawChange || !answerFromStamp(thisInvocation)) {
  catchInternalErrors();
  const status = await buildOnServer(thisInvocation);
  if (status !== undefined) process.exit(status);
  // Not a literal: the bundler must leave this import to the file it names.
  const local = new URL('./local.js', import.meta.url).href;
  await import(local);
}
