// -O1 passes over the IR: constant propagation and folding (with algebraic identities
// and branch folding), copy propagation, strength reduction, redundant extensions,
// local common subexpressions, dead-code removal and CFG clean-up, then loop-invariant
// code motion (licm.ts). Virtual registers are not in SSA form: only a register defined once
// is replaced by its constant or copy source (reading one before its single
// definition would read an uninitialized variable, which the program may not do).

import {
  constOf, defCounts, defOf, evalCond, forEachInst, forEachInstAndTerminator, swapped, forEachUse, imm, isPure, mapUses, successors, useCounts,
  type Addr, type Block, type Inst, type IRFunction, type Operand, type Terminator, type VReg,
} from './ir.js';
import { hoistLoopInvariants } from './licm.js';

/** Loop-invariant motion is skipped for huge functions (its dominator sets are quadratic). */
const LICM_MAX_BLOCKS = 400;

export function optimize(f: IRFunction): void {
  simplify(f);
  if (f.blocks.length <= LICM_MAX_BLOCKS && hoistLoopInvariants(f)) simplify(f);
}

function simplify(f: IRFunction): void {
  for (let round = 0; round < 4; round++) {
    let changed = simplifyCfg(f);
    changed = propagate(f) || changed;
    changed = fold(f) || changed;
    changed = dropRedundantExtensions(f) || changed;
    changed = eliminateCommonSubexpressions(f) || changed;
    changed = fuseDefinitions(f) || changed;
    changed = fuseTests(f) || changed;
    changed = removeDeadCode(f) || changed;
    if (!changed) break;
  }
}

// ---- control flow ---------------------------------------------------------------

/** Drops unreachable blocks, threads jumps through empty blocks, folds constant branches. */
function simplifyCfg(f: IRFunction): boolean {
  let changed = false;
  const blocks = f.blocks;
  for (let k = 0; k < blocks.length; k++) {
    const b = blocks[k];
    const t = b.term!;
    if (t.op === 'br') {
      const a = constOf(t.a);
      const c = constOf(t.b);
      if (a !== undefined && c !== undefined) {
        const taken = t.test ? ((a & c) !== 0) === (t.cc === 'ne') : evalCond(t.cc, a, c);
        b.term = { op: 'jmp', target: taken ? t.then : t.else };
        changed = true;
      } else if (t.then === t.else) {
        b.term = { op: 'jmp', target: t.then };
        changed = true;
      }
    }
  }
  const forward = (target: Block): Block => {
    let b = target;
    for (let hops = 0; hops < 8 && b.insts.length === 0 && b.term!.op === 'jmp' && b.term!.target !== b; hops++) b = (b.term as { target: Block }).target;
    if (b !== target) changed = true;
    return b;
  };
  for (let k = 0; k < blocks.length; k++) retarget(blocks[k].term!, forward);
  const reachable = new Set<Block>();
  reachable.add(blocks[0]);
  const work = [blocks[0]];
  while (work.length) {
    const next = successors(work.pop()!.term!);
    for (let k = 0; k < next.length; k++) {
      const s = next[k];
      if (!reachable.has(s)) {
        reachable.add(s);
        work.push(s);
      }
    }
  }
  if (reachable.size !== blocks.length) {
    f.blocks = blocks.filter((b) => reachable.has(b));
    changed = true;
  }
  return changed;
}

function retarget(t: Terminator, map: (b: Block) => Block): void {
  switch (t.op) {
    case 'jmp': t.target = map(t.target); return;
    case 'br': t.then = map(t.then); t.else = map(t.else); return;
    case 'switch': t.table = t.table.map(map); return;
    case 'ret': return;
  }
}

// ---- propagation ------------------------------------------------------------------

/**
 * Replaces uses of once-defined registers holding a constant, or a copy of a register
 * that cannot change before the use: an expression temporary's source is consumed within
 * that expression; an inlined parameter's argument is fixed while the body runs; any
 * other variable may only copy a register that never changes (defined once, in the
 * entry block, as a parameter is).
 */
function propagate(f: IRFunction): boolean {
  const defs = defCounts(f);
  const invariant = new Uint8Array(f.vregCount);
  for (const i of f.blocks[0].insts) {
    const d = defOf(i);
    if (d && defs[d.id] === 1) invariant[d.id] = 1;
  }
  const value: (Operand | undefined)[] = new Array(f.vregCount);
  forEachInst(f, (i) => {
    if (i.op !== 'mov' || defs[i.dst.id] !== 1) return;
    if (i.src.kind === 'imm') value[i.dst.id] = i.src;
    else if (i.stable || (defs[i.src.id] === 1 && (!f.isVariable[i.dst.id] || invariant[i.src.id]))) value[i.dst.id] = i.src;
  });
  const resolve = (o: Operand): Operand => {
    let r = o;
    for (let hops = 0; r.kind === 'v' && value[r.id] && hops < 16; hops++) r = value[r.id]!;
    return r;
  };
  let changed = false;
  const rewrite = (o: Operand): Operand => {
    const r = resolve(o);
    if (r !== o) changed = true;
    return r;
  };
  forEachInstAndTerminator(f, (i) => mapUses(i, rewrite));
  return changed;
}

// ---- folding and strength reduction ----------------------------------------------

const COMMUTATIVE = new Set(['add', 'mul', 'and', 'or', 'xor']);

function log2Exact(n: number): number {
  return n > 0 && (n & (n - 1)) === 0 ? 31 - Math.clz32(n) : -1;
}

function fold(f: IRFunction): boolean {
  let changed = false;
  for (const b of f.blocks) {
    for (let k = 0; k < b.insts.length; k++) {
      const next = foldInst(b.insts[k]) ?? reassociate(b.insts, k);
      if (next) {
        b.insts[k] = next;
        changed = true;
      }
    }
    const t = b.term!;
    // A constant first operand goes second, where an instruction can take it.
    if (t.op === 'br' && t.a.kind === 'imm' && t.b.kind === 'v') {
      b.term = { ...t, cc: t.test ? t.cc : swapped(t.cc), a: t.b, b: t.a };
      changed = true;
    }
  }
  return changed;
}

const ASSOCIATIVE = new Set(['add', 'mul', 'and', 'or', 'xor']);

/**
 * `t = x op c1; …; u = t op c2` is `u = x op (c1 op c2)` when the same block computes
 * t and x does not change in between (`a | 1 | 2` is `a | 3`).
 */
function reassociate(insts: Inst[], k: number): Inst | undefined {
  const i = insts[k];
  if (i.op !== 'bin' || !ASSOCIATIVE.has(i.kind) || i.a.kind !== 'v') return undefined;
  const c2 = constOf(i.b);
  if (c2 === undefined) return undefined;
  const t = i.a.id;
  for (let j = k - 1; j >= 0; j--) {
    const d = insts[j];
    const w = defOf(d);
    if (!w || w.id !== t) continue;
    if (d.op !== 'bin' || d.kind !== i.kind || d.a.kind !== 'v') return undefined;
    const c1 = constOf(d.b);
    if (c1 === undefined) return undefined;
    const x = d.a;
    if (x.id === t) return undefined; // `x = x op c1` changed x itself
    for (let m = j + 1; m < k; m++) if (defOf(insts[m])?.id === x.id) return undefined;
    return { op: 'bin', kind: i.kind, dst: i.dst, a: x, b: imm(evalBin(i.kind, c1, c2)!) };
  }
  return undefined;
}

/** A simpler instruction computing the same value, or undefined. */
function foldInst(i: Inst): Inst | undefined {
  switch (i.op) {
    case 'bin': {
      const a = constOf(i.a);
      const b = constOf(i.b);
      if (a !== undefined && b !== undefined) {
        const v = evalBin(i.kind, a, b);
        return v === undefined ? undefined : { op: 'mov', dst: i.dst, src: imm(v) };
      }
      if (COMMUTATIVE.has(i.kind) && i.a.kind === 'imm' && i.b.kind === 'v') return { ...i, a: i.b, b: i.a };
      // A symbol's address plus a constant is a link-time constant.
      if (i.kind === 'add' && i.a.kind === 'imm' && i.a.sym !== undefined && b !== undefined) return { op: 'mov', dst: i.dst, src: imm((i.a.value + b) | 0, i.a.sym) };
      if (b === undefined) return undefined;
      switch (i.kind) {
        case 'add': case 'sub': case 'or': case 'xor': case 'shl': case 'shr': case 'sar':
          return b === 0 ? { op: 'mov', dst: i.dst, src: i.a } : undefined;
        case 'and':
          if (b === 0) return { op: 'mov', dst: i.dst, src: imm(0) };
          return b === -1 ? { op: 'mov', dst: i.dst, src: i.a } : undefined;
        case 'mul': {
          if (b === 0) return { op: 'mov', dst: i.dst, src: imm(0) };
          if (b === 1) return { op: 'mov', dst: i.dst, src: i.a };
          const s = log2Exact(b);
          return s > 0 ? { op: 'bin', kind: 'shl', dst: i.dst, a: i.a, b: imm(s) } : undefined;
        }
        case 'udiv': case 'div':
          if (b === 1) return { op: 'mov', dst: i.dst, src: i.a };
          if (i.kind === 'udiv' && log2Exact(b >>> 0) > 0) return { op: 'bin', kind: 'shr', dst: i.dst, a: i.a, b: imm(log2Exact(b >>> 0)) };
          return undefined;
        case 'umod':
          if (log2Exact(b >>> 0) >= 0) return { op: 'bin', kind: 'and', dst: i.dst, a: i.a, b: imm(((b >>> 0) - 1) | 0) };
          return undefined;
        default:
          return undefined;
      }
    }
    case 'neg': case 'not': {
      const a = constOf(i.a);
      if (a === undefined) return undefined;
      return { op: 'mov', dst: i.dst, src: imm(i.op === 'neg' ? -a | 0 : ~a) };
    }
    case 'ext': {
      const a = constOf(i.a);
      if (a === undefined) return undefined;
      const v = i.kind === 'sx8' ? (a << 24) >> 24 : i.kind === 'zx8' ? a & 0xff : i.kind === 'sx16' ? (a << 16) >> 16 : a & 0xffff;
      return { op: 'mov', dst: i.dst, src: imm(v) };
    }
    case 'set': {
      const a = constOf(i.a);
      const b = constOf(i.b);
      if (a === undefined || b === undefined) return undefined;
      return { op: 'mov', dst: i.dst, src: imm(evalCond(i.cc, a, b) ? 1 : 0) };
    }
    default:
      return undefined;
  }
}

/** 32-bit arithmetic as i386 does it; undefined where it would trap (left for run time). */
export function evalBin(kind: string, a: number, b: number): number | undefined {
  switch (kind) {
    case 'add': return (a + b) | 0;
    case 'sub': return (a - b) | 0;
    case 'mul': return Math.imul(a, b);
    case 'and': return a & b;
    case 'or': return a | b;
    case 'xor': return a ^ b;
    case 'shl': return a << (b & 31);
    case 'shr': return (a >>> (b & 31)) | 0;
    case 'sar': return a >> (b & 31);
    case 'div': return b === 0 || (a === -0x80000000 && b === -1) ? undefined : (a / b) | 0;
    case 'mod': return b === 0 || (a === -0x80000000 && b === -1) ? undefined : (a % b) | 0;
    case 'udiv': return b === 0 ? undefined : ((a >>> 0) / (b >>> 0)) | 0;
    case 'umulh': return Number((BigInt(a >>> 0) * BigInt(b >>> 0)) >> 32n) | 0;
    case 'umod': return b === 0 ? undefined : ((a >>> 0) % (b >>> 0)) | 0;
    default: return undefined;
  }
}

// ---- redundant extensions ---------------------------------------------------------

/** How many low bits may be set in a register, as far as its single definition tells. */
function knownWidth(i: Inst | undefined): number {
  if (!i) return 32;
  switch (i.op) {
    case 'set': return 1;
    case 'load': return i.signed ? 32 : i.size * 8;
    case 'ext': return i.kind === 'zx8' ? 8 : i.kind === 'zx16' ? 16 : 32;
    case 'bin': {
      const c = constOf(i.b);
      if (c === undefined) return 32;
      if (i.kind === 'and' && c >= 0) return 32 - Math.clz32(c);
      if (i.kind === 'shr') return 32 - (c & 31);
      return 32;
    }
    default: return 32;
  }
}

/**
 * An extension or mask of a value whose definition already leaves those bits clear
 * is a copy: `x & 255` after a byte load, `(x >> 8) & 0xffffff`, a zero-extended
 * parameter of an inlined call.
 */
function dropRedundantExtensions(f: IRFunction): boolean {
  const defs = defCounts(f);
  const single: (Inst | undefined)[] = new Array(f.vregCount);
  forEachInst(f, (i) => { const d = defOf(i); if (d && defs[d.id] === 1) single[d.id] = i; });
  const width = (o: Operand) => (o.kind === 'v' ? knownWidth(single[o.id]) : 32);
  let changed = false;
  for (const b of f.blocks) {
    for (let k = 0; k < b.insts.length; k++) {
      const i = b.insts[k];
      let redundant = false;
      if (i.op === 'ext') {
        const w = width(i.a);
        redundant = i.kind === 'zx8' ? w <= 8 : i.kind === 'zx16' ? w <= 16 : i.kind === 'sx8' ? w <= 7 : w <= 15;
      } else if (i.op === 'bin' && i.kind === 'and') {
        const c = constOf(i.b);
        const w = width(i.a);
        const mask = (1 << w) - 1;
        redundant = c !== undefined && w < 32 && (c & mask) === mask;
      }
      if (redundant) {
        b.insts[k] = { op: 'mov', dst: (i as { dst: VReg }).dst, src: (i as { a: Operand }).a };
        changed = true;
      }
    }
  }
  return changed;
}

// ---- common subexpressions ----------------------------------------------------------

function operandKey(o: Operand): string {
  return o.kind === 'v' ? `v${o.id}` : `$${o.sym ?? ''}+${o.value}`;
}

function addrKey(a: Addr): string {
  return `${a.frame ? 'F' : ''}${a.sym ?? ''}+${a.disp}(${a.base ? `v${a.base.id}` : ''},${a.index ? `v${a.index.id}` : ''},${a.scale})`;
}

/** The value an instruction computes, as a key, if recomputing it would give the same. */
function valueKey(i: Inst): string | undefined {
  switch (i.op) {
    case 'bin':
      if (!isPure(i)) return undefined;
      return `${i.kind} ${operandKey(i.a)} ${operandKey(i.b)}`;
    case 'set': return `set${i.cc} ${operandKey(i.a)} ${operandKey(i.b)}`;
    case 'ext': return `${i.kind} ${operandKey(i.a)}`;
    case 'neg': case 'not': return `${i.op} ${operandKey(i.a)}`;
    case 'lea': return `lea ${addrKey(i.addr)}`;
    case 'load': return i.volatile ? undefined : `load${i.size}${i.signed ? 's' : 'u'} ${addrKey(i.addr)}`;
    default: return undefined;
  }
}

/**
 * Within a block, a value computed again (same operation, same operands, no
 * redefinition of them in between; for loads, no store or call in between) is a copy
 * of the first result.
 */
function eliminateCommonSubexpressions(f: IRFunction): boolean {
  let changed = false;
  // Loads apart from other values: a store or call forgets all loads at once. The
  // tables are emptied per block, not made anew (most blocks are small).
  const values = new Map<string, VReg>();
  const loads = new Map<string, VReg>();
  const users = new Map<number, string[]>();
  for (const b of f.blocks) {
    if (values.size) values.clear();
    if (loads.size) loads.clear();
    if (users.size) users.clear();
    const forget = (id: number) => {
      const keys = users.get(id);
      if (!keys) return;
      for (const key of keys) {
        values.delete(key);
        loads.delete(key);
      }
      users.delete(id);
    };
    for (let k = 0; k < b.insts.length; k++) {
      const i = b.insts[k];
      const key = valueKey(i);
      const table = i.op === 'load' ? loads : values;
      const known = key === undefined ? undefined : table.get(key);
      if (known && defOf(i)!.id !== known.id) {
        b.insts[k] = { op: 'mov', dst: defOf(i)!, src: known };
        changed = true;
      }
      if (i.op === 'store' || i.op === 'call' || i.op === 'zero') loads.clear();
      const d = defOf(i);
      if (i.op === 'call' && i.dstHi) forget(i.dstHi.id);
      if (!d) continue;
      forget(d.id);
      if (key === undefined || known) continue;
      let mentionsSelf = false;
      forEachUse(i, (v) => { if (v.id === d.id) mentionsSelf = true; });
      if (mentionsSelf) continue;
      table.set(key, d);
      const note = (id: number) => { const l = users.get(id); if (l) l.push(key); else users.set(id, [key]); };
      note(d.id);
      forEachUse(i, (v) => note(v.id));
    }
  }
  return changed;
}

// ---- definitions straight into variables -------------------------------------------

/**
 * `t = a op b; x = t` with t used nowhere else becomes `x = a op b`: the register
 * allocator then updates x in place (`addl $1, x`) instead of copying.
 */
function fuseDefinitions(f: IRFunction): boolean {
  const uses = useCounts(f);
  const defs = defCounts(f);
  let changed = false;
  const blocks = f.blocks;
  for (let k = 0; k < blocks.length; k++) {
    const b = blocks[k];
    const insts = b.insts;
    // The block's instructions are copied only from its first fusion on.
    let out: Inst[] | undefined;
    for (let j = 0; j < insts.length; j++) {
      const i = insts[j];
      const prev = out ? out[out.length - 1] : insts[j - 1];
      if (i.op === 'mov' && i.src.kind === 'v' && prev && defOf(prev)?.id === i.src.id && uses[i.src.id] === 1 && defs[i.src.id] === 1) {
        out ??= insts.slice(0, j);
        // A stable copy stays stable only for the register it was made for.
        out[out.length - 1] = (prev.op === 'mov' ? { op: 'mov', dst: i.dst, src: prev.src } : { ...prev, dst: i.dst }) as Inst;
        changed = true;
        continue;
      }
      out?.push(i);
    }
    if (out) b.insts = out;
  }
  return changed;
}

/** `t = a & b; if (t != 0)` becomes `testl b, a` and a branch on its flags. */
function fuseTests(f: IRFunction): boolean {
  const uses = useCounts(f);
  let changed = false;
  for (const b of f.blocks) {
    const t = b.term!;
    const last = b.insts[b.insts.length - 1];
    if (t.op !== 'br' || t.test || (t.cc !== 'eq' && t.cc !== 'ne') || constOf(t.b) !== 0 || t.a.kind !== 'v') continue;
    if (!last || last.op !== 'bin' || last.kind !== 'and' || last.dst.id !== t.a.id || uses[t.a.id] !== 1) continue;
    b.term = { ...t, a: last.a, b: last.b, test: true };
    b.insts.pop();
    changed = true;
  }
  return changed;
}

// ---- dead code ------------------------------------------------------------------------

function removeDeadCode(f: IRFunction): boolean {
  let changed = false;
  for (;;) {
    const uses = useCounts(f);
    const dead = (i: Inst): boolean => {
      if (i.op === 'mov' && i.src.kind === 'v' && i.src.id === i.dst.id) return true;
      const d = defOf(i);
      return d !== undefined && uses[d.id] === 0 && isPure(i);
    };
    let removed = false;
    const blocks = f.blocks;
    for (let k = 0; k < blocks.length; k++) {
      const b = blocks[k];
      // Most blocks have nothing dead: copy only those that do.
      if (!b.insts.some(dead)) continue;
      b.insts = b.insts.filter((i) => !dead(i));
      removed = true;
    }
    if (!removed) return changed;
    changed = true;
  }
}
