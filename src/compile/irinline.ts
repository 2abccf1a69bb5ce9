// -O1 inlining within a module, on the IR: a call to a small function of the same
// module (or to a static function called from one place only) is replaced by a copy of
// the callee's blocks, its parameters read from the call's arguments and its returns
// jumping to the code after the call. Only callees that keep nothing in their frame
// qualify: their parameters are only ever read, so each read is the argument itself.
// Callees are inlined into their callers bottom-up, so a chain of small functions
// collapses; a function never inlines itself.

import {
  mapUses, vreg,
  type Block, type Inst, type IRFunction, type Operand, type Terminator, type VReg,
} from './ir.js';

/** A callee this size (in instructions) is always worth inlining. */
const SMALL = 12;
/** A static callee with a single call site is inlined up to this size. */
const SINGLE_SITE = 120;
/** Callers stop growing here. */
const CALLER_LIMIT = 1500;

/**
 * Inlines calls among `functions` (IR by symbol). `singleSite` names the static
 * functions called from exactly one place in the module. Returns the callers changed.
 */
export function inlineCalls(functions: Map<string, IRFunction>, singleSite: Set<string>): Set<IRFunction> {
  const changed = new Set<IRFunction>();
  for (const caller of bottomUp(functions)) {
    let size = sizeOf(caller);
    for (let k = 0; k < caller.blocks.length && size < CALLER_LIMIT; k++) {
      const b = caller.blocks[k];
      for (let j = 0; j < b.insts.length; j++) {
        const call = b.insts[j];
        if (call.op !== 'call' || call.target.kind !== 'imm' || call.target.value !== 0 || call.target.sym === caller.name) continue;
        const callee = functions.get(call.target.sym!);
        if (!callee || callee.isMain || callee.hiddenRet) continue;
        // The size test first: it counts blocks, the other two walk every instruction.
        const calleeSize = sizeOf(callee);
        if (calleeSize > SMALL && !(singleSite.has(callee.name) && calleeSize <= SINGLE_SITE)) continue;
        if (!inlinable(callee, call.args.length) || calls(callee, callee.name)) continue;
        spliceCall(caller, k, j, callee);
        changed.add(caller);
        size += calleeSize;
        break; // the block now ends at the call; continue with the blocks after it
      }
    }
  }
  return changed;
}

function sizeOf(f: IRFunction): number {
  let n = 0;
  for (const b of f.blocks) n += b.insts.length + 1;
  return n;
}

function calls(f: IRFunction, name: string): boolean {
  return f.blocks.some((b) => b.insts.some((i) => i.op === 'call' && i.target.kind === 'imm' && i.target.sym === name));
}

/** Callees first (a depth-first post-order of the call graph), in a deterministic order. */
function bottomUp(functions: Map<string, IRFunction>): IRFunction[] {
  const order: IRFunction[] = [];
  const seen = new Set<IRFunction>();
  const visit = (f: IRFunction) => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const b of f.blocks) {
      for (const i of b.insts) {
        if (i.op !== 'call' || i.target.kind !== 'imm' || i.target.sym === undefined) continue;
        const g = functions.get(i.target.sym);
        if (g) visit(g);
      }
    }
    order.push(f);
  };
  for (const f of functions.values()) visit(f);
  return order;
}

/**
 * The frame is touched only by whole-word parameter reads (no stores, no addresses
 * taken, no locals in memory), each within the arguments the call passes.
 */
function inlinable(f: IRFunction, argWords: number): boolean {
  for (const b of f.blocks) {
    for (const i of b.insts) {
      if ((i.op === 'store' || i.op === 'lea' || i.op === 'zero') && i.addr.frame) return false;
      if (i.op !== 'load' || !i.addr.frame) continue;
      const offset = i.addr.disp - 8;
      if (i.addr.index || offset < 0 || offset % 4 !== 0 || offset / 4 >= argWords) return false;
    }
  }
  return true;
}

/** Replaces caller.blocks[k].insts[j] (a call) by a copy of the callee. */
function spliceCall(caller: IRFunction, k: number, j: number, callee: IRFunction): void {
  const block = caller.blocks[k];
  const call = block.insts[j] as Extract<Inst, { op: 'call' }>;
  const base = caller.vregCount;
  caller.vregCount += callee.vregCount;
  for (let v = 0; v < callee.vregCount; v++) caller.isVariable[base + v] = callee.isVariable[v];
  const rename = (v: VReg): VReg => vreg(v.id + base);
  const operand = (o: Operand): Operand => (o.kind === 'v' ? rename(o) : o);

  const after: Block = { id: caller.nextBlockId++, insts: block.insts.slice(j + 1), term: block.term, depth: block.depth };
  const copies = new Map<Block, Block>();
  for (const b of callee.blocks) copies.set(b, { id: caller.nextBlockId++, insts: [], depth: b.depth + block.depth });
  const target = (b: Block) => copies.get(b)!;

  for (const b of callee.blocks) {
    const copy = target(b);
    for (const i of b.insts) copy.insts.push(copyInst(caller, i, call.args, rename, operand));
    copy.term = copyTerm(b.term!, call, after, target, operand, copy);
  }
  block.insts = block.insts.slice(0, j);
  block.term = { op: 'jmp', target: target(callee.blocks[0]) };
  caller.blocks.splice(k + 1, 0, ...callee.blocks.map(target), after);
}

function copyInst(caller: IRFunction, i: Inst, args: Operand[], rename: (v: VReg) => VReg, operand: (o: Operand) => Operand): Inst {
  if (i.op === 'load' && i.addr.frame) {
    // A parameter read is its argument (narrow parameters re-extended as the callee would
    // load them). The argument cannot change while the inlined body runs, so the
    // parameter may be replaced by it as freely as an expression temporary.
    const arg = args[(i.addr.disp - 8) / 4];
    const dst = rename(i.dst);
    caller.isVariable[dst.id] = false;
    if (i.size === 4) return { op: 'mov', dst, src: arg, stable: true };
    const kind = i.size === 1 ? (i.signed ? 'sx8' : 'zx8') : i.signed ? 'sx16' : 'zx16';
    return { op: 'ext', kind, dst, a: arg };
  }
  const c = { ...i } as Inst;
  if (c.op === 'load' || c.op === 'store' || c.op === 'lea' || c.op === 'zero') c.addr = { ...c.addr };
  if (c.op === 'call') c.args = [...c.args];
  mapUses(c, operand);
  if (c.op !== 'store' && c.op !== 'zero') c.dst = c.dst && rename(c.dst);
  if ((c.op === 'call' || c.op === 'divmod64') && c.dstHi) c.dstHi = rename(c.dstHi);
  return c;
}

function copyTerm(
  t: Terminator, call: Extract<Inst, { op: 'call' }>, after: Block, target: (b: Block) => Block,
  operand: (o: Operand) => Operand, copy: Block,
): Terminator {
  switch (t.op) {
    case 'jmp': return { op: 'jmp', target: target(t.target) };
    case 'br': return { ...t, a: operand(t.a), b: operand(t.b), then: target(t.then), else: target(t.else) };
    case 'switch': return { op: 'switch', value: operand(t.value), table: t.table.map(target) };
    case 'ret':
      if (call.dst && t.value) copy.insts.push({ op: 'mov', dst: call.dst, src: operand(t.value) });
      if (call.dstHi && t.valueHi) copy.insts.push({ op: 'mov', dst: call.dstHi, src: operand(t.valueHi) });
      return { op: 'jmp', target: after };
  }
}
