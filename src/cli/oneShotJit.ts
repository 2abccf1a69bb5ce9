// A build in a fresh process is over within seconds, and in that time V8's optimizing
// compiler (TurboFan, on background threads that compete with the workers for the
// cores) costs more than it saves: compiling the bundled kernel from cold took about
// a third more CPU with V8's defaults, and twice the page faults. So a one-shot
// command raises V8's interrupt budget (how much a function must run before it is
// optimized) before it starts its workers: only what is really hot gets optimized.
// Long-lived processes (the build server, `watch`, `boot`'s emulator) keep V8's
// default, which pays off over their lifetime.

import { setFlagsFromString } from 'node:v8';

/** About 15 times V8's default (67584 bytes of bytecode run). */
const ONE_SHOT_INTERRUPT_BUDGET = 1_000_000;

export function tuneJitForOneShot(): void {
  setFlagsFromString(`--interrupt-budget=${ONE_SHOT_INTERRUPT_BUDGET}`);
}
