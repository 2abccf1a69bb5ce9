// Virtual time. The guest's clock is its own work, not the host's: one retired
// instruction is one nanosecond of virtual time (a 1 GHz machine that retires one
// instruction per cycle), and while the CPU halts the machine jumps straight to the
// next timer event. So a boot is reproducible bit for bit, whatever the host's speed.
//
// Times are nanoseconds held in doubles; they stay exact integers up to 2^53 ns
// (about 104 days of guest time). Conversions split their products so that no
// intermediate value leaves that exact range.

/** The 8254's input clock, as on every PC since the original. */
export const PIT_HZ = 1193182;
export const NS_PER_SECOND = 1_000_000_000;
/** Virtual nanoseconds per retired instruction. */
export const NS_PER_INSTRUCTION = 1;

/** Something that knows the current virtual time. */
export interface Clock {
  /** Virtual nanoseconds since reset. */
  now(): number;
}

/** PIT input ticks completed in `ns` nanoseconds (rounded down). */
export function nsToPitTicks(ns: number): number {
  const seconds = Math.floor(ns / NS_PER_SECOND);
  const rest = ns - seconds * NS_PER_SECOND;
  return seconds * PIT_HZ + Math.floor((rest * PIT_HZ) / NS_PER_SECOND);
}

/** The first nanosecond by which `ticks` PIT ticks have completed (rounded up). */
export function pitTicksToNs(ticks: number): number {
  const seconds = Math.floor(ticks / PIT_HZ);
  const rest = ticks - seconds * PIT_HZ;
  return seconds * NS_PER_SECOND + Math.ceil((rest * NS_PER_SECOND) / PIT_HZ);
}
