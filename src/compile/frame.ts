// The i386 frame both code generators share: parameters in the caller's argument
// area above the return address (and the hidden struct-return pointer), locals below
// the 12 bytes where the prologue saves %ebx, %esi and %edi.

import type { Obj } from './ast.js';
import { alignTo } from './type.js';

/** Saved %ebp and the return address. */
const ARG_REGION = 8;
/** Saved %ebx, %esi and %edi below %ebp. */
const SAVE_AREA = 12;

export function hasHiddenRet(fn: Obj): boolean {
  const k = fn.ty.returnTy!.kind;
  return k === 'struct' || k === 'union';
}

/**
 * Sets the frame offset of every parameter and of every local not in `inRegister`.
 * Returns where the parameters end (above %ebp) and the frame's bottom (below it).
 */
export function layOutFrame(fn: Obj, inRegister?: Set<Obj>): { paramEnd: number; bottom: number } {
  let paramEnd = ARG_REGION + (hasHiddenRet(fn) ? 4 : 0);
  for (const p of fn.params) {
    p.offset = paramEnd;
    paramEnd += alignTo(p.ty.size, 4);
  }
  const params = new Set(fn.params);
  let bottom = SAVE_AREA;
  for (const v of fn.locals) {
    if (params.has(v) || inRegister?.has(v)) continue;
    const align = Math.min(Math.max(v.align, v.ty.align), 16);
    bottom = alignTo(bottom + Math.max(v.ty.size, 1), align);
    v.offset = -bottom;
  }
  return { paramEnd, bottom };
}
