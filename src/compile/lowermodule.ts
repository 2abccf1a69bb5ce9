// -O1 for a whole module: every function the IR can express is lowered and optimized,
// then small functions are inlined into their callers, which are optimized again.
// Functions left out (the AST code generator's) still count as callers, so a static
// function they call is not taken for a single-site one.

import type { Obj } from './ast.js';
import type { IRFunction } from './ir.js';
import { lowerFunction } from './lower.js';
import { optimize } from './optimize.js';
import { inlineCalls } from './irinline.js';

export function lowerModule(functions: Obj[]): Map<Obj, IRFunction> {
  const irs = new Map<Obj, IRFunction>();
  const byName = new Map<string, IRFunction>();
  for (const f of functions) {
    const ir = lowerFunction(f);
    if (!ir) continue;
    optimize(ir);
    irs.set(f, ir);
    byName.set(ir.name, ir);
  }
  const sites = new Map<string, number>();
  for (const ir of byName.values()) {
    for (const b of ir.blocks) {
      for (const i of b.insts) {
        if (i.op === 'call' && i.target.kind === 'imm' && i.target.sym !== undefined) sites.set(i.target.sym, (sites.get(i.target.sym) ?? 0) + 1);
      }
    }
  }
  const elsewhere = new Set<string>();
  for (const f of functions) if (!irs.has(f)) for (const name of f.refs?.keys() ?? []) elsewhere.add(name);
  const singleSite = new Set<string>();
  for (const f of functions) {
    if (f.isStatic && sites.get(f.asmName) === 1 && !elsewhere.has(f.name)) singleSite.add(f.asmName);
  }
  for (const ir of inlineCalls(byName, singleSite)) optimize(ir);
  return irs;
}
