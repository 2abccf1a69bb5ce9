// When a switch becomes an indexed jump, and through which table: both code
// generators (the IR's lower.ts and the AST's codegen.ts) decide it the same way.

import type { Node } from './ast.js';

/** Fewer cases than this are as quick as a compare chain. */
const MIN_CASES = 6n;
/** A table may be at most this long, and at least a third full. */
const MAX_RANGE = 4096n;

/**
 * The jump table of a dense switch: one target per value from `min`, `fallback`
 * where no case matches; earlier cases win, as in a compare chain. Undefined when
 * the cases are too few or too sparse for a table to pay.
 */
export function caseTable<T>(cases: Node[], fallback: T, targetOf: (c: Node) => T): { min: bigint; table: T[] } | undefined {
  let count = 0n;
  let min: bigint | undefined;
  let max: bigint | undefined;
  for (const c of cases) {
    count += c.caseEnd! - c.caseBegin! + 1n;
    if (min === undefined || c.caseBegin! < min) min = c.caseBegin!;
    if (max === undefined || c.caseEnd! > max) max = c.caseEnd!;
  }
  if (min === undefined || max === undefined || count < MIN_CASES) return undefined;
  const range = max - min + 1n;
  if (range > MAX_RANGE || count * 3n < range) return undefined;
  const table: T[] = new Array(Number(range)).fill(fallback);
  for (let k = cases.length - 1; k >= 0; k--) {
    const c = cases[k];
    const target = targetOf(c);
    for (let v = c.caseBegin!; v <= c.caseEnd!; v++) table[Number(v - min)] = target;
  }
  return { min, table };
}
