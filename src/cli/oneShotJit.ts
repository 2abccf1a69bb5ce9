// A command in a fresh process is over within seconds, and in that time V8's
// optimizing compiler (TurboFan, on background threads that compete with the workers
// for the cores) costs more than it saves: compiling the bundled kernel from cold
// took about a third more CPU with V8's defaults, and twice the page faults, and
// parsing its Layerfile took three times the CPU. So a one-shot command raises V8's
// interrupt budget (how much a function must run before it is optimized) before it
// does anything: only what is really hot gets optimized. Long-lived processes (the
// build server, `watch`, `boot`'s emulator) keep V8's default, which pays off over
// their lifetime.

import { setFlagsFromString } from 'node:v8';

/** About 15 times V8's default (67584 bytes of bytecode run). */
const ONE_SHOT_INTERRUPT_BUDGET = 1_000_000;

const LONG_LIVED = new Set(['server', 'watch', 'boot']);

/** For a command line that will not run for long (an image named like a long-lived command only costs some speed). */
export function tuneJitForOneShot(args: readonly string[]): void {
  if (args.some((arg) => LONG_LIVED.has(arg))) return;
  setFlagsFromString(`--interrupt-budget=${ONE_SHOT_INTERRUPT_BUDGET}`);
}
