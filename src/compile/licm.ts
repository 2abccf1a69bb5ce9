// -O1 loop-invariant code motion: an arithmetic instruction inside a loop whose
// operands do not change in the loop computes the same value on every iteration, so it
// moves to the loop's preheader (the one block outside the loop that enters it). Only
// instructions that cannot trap or touch memory move, and only into expression
// temporaries defined once, so moving them early changes nothing but the count.

import { defCounts, defOf, forEachDef, forEachUse, isPure, successors, type Block, type Inst, type IRFunction } from './ir.js';

export function hoistLoopInvariants(f: IRFunction): boolean {
  const index = new Map<Block, number>();
  f.blocks.forEach((b, k) => index.set(b, k));
  const n = f.blocks.length;
  const preds: number[][] = f.blocks.map(() => []);
  f.blocks.forEach((b, k) => { for (const s of successors(b.term!)) preds[index.get(s)!].push(k); });
  const idom = immediateDominators(f.blocks, index, preds);
  const defCount = defCounts(f);
  let changed = false;
  for (let u = 0; u < n; u++) {
    for (const s of successors(f.blocks[u].term!)) {
      const h = index.get(s)!;
      if (!dominates(idom, h, u)) continue; // not a back edge
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
  const markDefined = (d: { id: number }) => { definedInLoop[d.id] = 1; };
  for (const k of loop) for (const i of f.blocks[k].insts) forEachDef(i, markDefined);
  const inOrder = [...loop].sort((a, b) => a - b);
  let changed = false;
  for (let again = true; again;) {
    again = false;
    for (const k of inOrder) {
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

/**
 * idom[b]: the immediate dominator of block b (block 0, the entry, is its own), by
 * Cooper, Harvey and Kennedy's iteration over reverse postorder: linear in practice,
 * where sets of dominators per block were quadratic in time and allocation.
 * Blocks unreachable from the entry get -1 (simplify has removed them by now).
 */
function immediateDominators(blocks: Block[], index: Map<Block, number>, preds: number[][]): Int32Array {
  const n = blocks.length;
  const order = reversePostorder(blocks, index);
  const rank = new Int32Array(n).fill(-1);
  for (let k = 0; k < order.length; k++) rank[order[k]] = k;
  const idom = new Int32Array(n).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number): number => {
    while (a !== b) {
      while (rank[a] > rank[b]) a = idom[a];
      while (rank[b] > rank[a]) b = idom[b];
    }
    return a;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (let k = 1; k < order.length; k++) {
      const b = order[k];
      let next = -1;
      const from = preds[b];
      for (let j = 0; j < from.length; j++) {
        const p = from[j];
        if (idom[p] < 0) continue;
        next = next < 0 ? p : intersect(p, next);
      }
      if (next !== idom[b]) {
        idom[b] = next;
        changed = true;
      }
    }
  }
  return idom;
}

function reversePostorder(blocks: Block[], index: Map<Block, number>): number[] {
  const visited = new Uint8Array(blocks.length);
  const post: number[] = [];
  // An explicit stack of (block, next successor to visit): functions can have thousands of blocks.
  const stack: number[] = [0];
  const nextSucc: number[] = [0];
  const succs = blocks.map((b) => successors(b.term!).map((s) => index.get(s)!));
  visited[0] = 1;
  while (stack.length) {
    const top = stack.length - 1;
    const b = stack[top];
    const i = nextSucc[top]++;
    if (i < succs[b].length) {
      const s = succs[b][i];
      if (!visited[s]) {
        visited[s] = 1;
        stack.push(s);
        nextSucc.push(0);
      }
    } else {
      post.push(b);
      stack.pop();
      nextSucc.pop();
    }
  }
  return post.reverse();
}

/** Does block a dominate block b? */
function dominates(idom: Int32Array, a: number, b: number): boolean {
  if (idom[b] < 0) return false;
  for (let x = b; ; x = idom[x]) {
    if (x === a) return true;
    if (x === 0) return false;
  }
}
