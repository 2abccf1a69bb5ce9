// -O1 loop-invariant code motion: an arithmetic instruction inside a loop whose
// operands do not change in the loop computes the same value on every iteration, so it
// moves to the loop's preheader (the one block outside the loop that enters it). Only
// instructions that cannot trap or touch memory move, and only into expression
// temporaries defined once, so moving them early changes nothing but the count.

import { defOf, forEachDef, forEachUse, isPure, successors, type Block, type Inst, type IRFunction } from './ir.js';

export function hoistLoopInvariants(f: IRFunction): boolean {
  const index = new Map<Block, number>();
  f.blocks.forEach((b, k) => index.set(b, k));
  const n = f.blocks.length;
  const preds: number[][] = f.blocks.map(() => []);
  f.blocks.forEach((b, k) => { for (const s of successors(b.term!)) preds[index.get(s)!].push(k); });
  const dom = dominators(n, preds);
  const defCount = new Int32Array(f.vregCount);
  for (const b of f.blocks) for (const i of b.insts) forEachDef(i, (d) => { defCount[d.id]++; });
  let changed = false;
  for (let u = 0; u < n; u++) {
    for (const s of successors(f.blocks[u].term!)) {
      const h = index.get(s)!;
      if (!dom[u].has(h)) continue; // not a back edge
      changed = hoistFrom(f, loopOf(h, u, preds), h, preds, defCount) || changed;
    }
  }
  return changed;
}

/** Blocks that reach the back edge's source without passing through the header. */
function loopOf(header: number, latch: number, preds: number[][]): Set<number> {
  const loop = new Set([header, latch]);
  const work = [latch];
  while (work.length) {
    const b = work.pop()!;
    if (b === header) continue;
    for (const p of preds[b]) {
      if (!loop.has(p)) {
        loop.add(p);
        work.push(p);
      }
    }
  }
  return loop;
}

function hoistFrom(f: IRFunction, loop: Set<number>, header: number, preds: number[][], defCount: Int32Array): boolean {
  const outside = preds[header].filter((p) => !loop.has(p));
  if (outside.length !== 1) return false;
  const pre = f.blocks[outside[0]];
  if (successors(pre.term!).length !== 1) return false;
  const definedInLoop = new Uint8Array(f.vregCount);
  for (const k of loop) for (const i of f.blocks[k].insts) forEachDef(i, (d) => { definedInLoop[d.id] = 1; });
  let changed = false;
  for (let again = true; again;) {
    again = false;
    for (const k of [...loop].sort((a, b) => a - b)) {
      const b = f.blocks[k];
      b.insts = b.insts.filter((i) => {
        if (!movable(i, f, defCount, definedInLoop)) return true;
        pre.insts.push(i);
        definedInLoop[defOf(i)!.id] = 0;
        again = changed = true;
        return false;
      });
    }
  }
  return changed;
}

function movable(i: Inst, f: IRFunction, defCount: Int32Array, definedInLoop: Uint8Array): boolean {
  if (i.op !== 'bin' && i.op !== 'ext' && i.op !== 'neg' && i.op !== 'not' && i.op !== 'lea' && i.op !== 'set' && i.op !== 'mov') return false;
  if (!isPure(i)) return false;
  const d = defOf(i)!;
  if (f.isVariable[d.id] || defCount[d.id] !== 1) return false;
  let invariant = true;
  forEachUse(i, (v) => { if (definedInLoop[v.id]) invariant = false; });
  return invariant;
}

/** dom[b]: the blocks that dominate b (block 0 is the entry). */
function dominators(n: number, preds: number[][]): Set<number>[] {
  const all = new Set<number>();
  for (let k = 0; k < n; k++) all.add(k);
  const dom: Set<number>[] = [];
  for (let k = 0; k < n; k++) dom.push(k === 0 ? new Set([0]) : new Set(all));
  for (let changed = true; changed;) {
    changed = false;
    for (let k = 1; k < n; k++) {
      let next: Set<number> | undefined;
      for (const p of preds[k]) {
        if (!next) next = new Set(dom[p]);
        else for (const x of next) if (!dom[p].has(x)) next.delete(x);
      }
      next ??= new Set();
      next.add(k);
      if (next.size !== dom[k].size) {
        dom[k] = next;
        changed = true;
      }
    }
  }
  return dom;
}
