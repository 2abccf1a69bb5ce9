// -O1 register allocation for the AST code generator (functions the IR backend does
// not take: inline asm, varargs, VLAs): the scalar locals used most
// (weighted by loop nesting) live in callee-saved %esi and %edi instead of the frame.
// A variable whose address is needed (&x, va_start/va_arg, inline asm, inlined
// calls) stays in memory.

import type { Node, Obj } from './ast.js';
import { isInteger } from './type.js';

export type VarRegister = '%esi' | '%edi';
const REGISTERS: VarRegister[] = ['%esi', '%edi'];

export function allocateRegisters(fn: Obj): Map<Obj, VarRegister> {
  const weight = new Map<Obj, number>();
  const pinned = new Set<Obj>();
  let unsafe = false;

  const visit = (n: Node | undefined, depth: number): void => {
    if (!n || unsafe) return;
    switch (n.kind) {
      case 'asm': case 'inline':
        unsafe = true;
        return;
      case 'var':
        if (n.obj!.isLocal) weight.set(n.obj!, (weight.get(n.obj!) ?? 0) + 8 ** Math.min(depth, 4));
        return;
      case 'addr': case 'vastart': case 'vaarg':
        if (n.lhs?.kind === 'var') pinned.add(n.lhs.obj!);
        break;
      case 'memzero':
        pinned.add(n.obj!);
        break;
      default:
        break;
    }
    const inner = n.kind === 'for' || n.kind === 'do' ? depth + 1 : depth;
    visit(n.lhs, depth);
    visit(n.rhs, depth);
    visit(n.cond, inner);
    visit(n.then, inner);
    visit(n.els, depth);
    visit(n.init, depth);
    visit(n.inc, inner);
    for (const c of n.body ?? []) visit(c, depth);
    for (const c of n.args ?? []) visit(c, depth);
  };
  visit(fn.body, 0);
  const result = new Map<Obj, VarRegister>();
  if (unsafe) return result;
  const candidates = fn.locals
    .map((v, index) => ({ v, index, w: weight.get(v) ?? 0 }))
    .filter(({ v, w }) => w > 1 && !pinned.has(v) && !v.ty.isVolatile && v.ty.size <= 4 &&
      (isInteger(v.ty) || v.ty.kind === 'ptr'))
    .sort((a, b) => b.w - a.w || a.index - b.index);
  candidates.slice(0, REGISTERS.length).forEach(({ v }, i) => result.set(v, REGISTERS[i]));
  return result;
}
