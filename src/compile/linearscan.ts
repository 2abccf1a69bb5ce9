// -O1 register allocation: liveness over the IR's blocks, one live interval per
// virtual register (from its first to its last live position in block layout order),
// then linear scan over %eax %ecx %edx %ebx %esi %edi %ebp. An interval that lives across a
// call avoids the caller-saved registers, across a division %eax and %edx, across a
// variable shift %ecx. When no register is free, the interval with the fewest uses
// (scaled by loop depth) per position it spans lives in a frame slot instead.

import { forEachDef, forEachUse, successors, type Block, type Inst, type IRFunction } from './ir.js';

/** %ebp too: -O1 code keeps no frame pointer. */
export const REGS = ['%eax', '%ecx', '%edx', '%ebx', '%esi', '%edi', '%ebp'] as const;
export const EAX = 1 << 0, ECX = 1 << 1, EDX = 1 << 2, EBX = 1 << 3, ESI = 1 << 4, EDI = 1 << 5, EBP = 1 << 6;
export const BYTE_REGS = EAX | ECX | EDX | EBX;
export const CALLEE_SAVED = EBX | ESI | EDI | EBP;
export const ALL_REGS = 0x7f;

export interface Allocation {
  /** Register index (into REGS) per vreg, or -1 when it lives in a frame slot. */
  reg: Int8Array;
  /** Frame slot number per spilled vreg (-1 otherwise). */
  slot: Int32Array;
  slotCount: number;
  /** Position of each block's label, instructions follow at +1, +2, …, then the terminator. */
  blockPos: Map<Block, number>;
  /** Registers held by some interval at each position (operands and result included). */
  occupied: Uint8Array;
}

/** Registers an instruction destroys beyond its result. */
export function clobbers(i: Inst): number {
  if (i.op === 'call') return EAX | ECX | EDX;
  if (i.op === 'zero') return EAX | ECX | EDI;
  if (i.op === 'divmod64') return EAX | ECX | EDX | EBX;
  if (i.op === 'bin') {
    if (i.kind === 'div' || i.kind === 'udiv' || i.kind === 'mod' || i.kind === 'umod' || i.kind === 'umulh') return EAX | EDX;
    if ((i.kind === 'shl' || i.kind === 'shr' || i.kind === 'sar') && i.b.kind === 'v') return ECX;
  }
  return 0;
}

export function allocate(f: IRFunction): Allocation {
  const n = f.vregCount;
  const words = (n + 31) >>> 5;
  const blockPos = new Map<Block, number>();
  let pos = 0;
  for (const b of f.blocks) {
    blockPos.set(b, pos);
    pos += b.insts.length + 2;
  }
  const positions = pos;

  // Liveness: bitsets of vregs live into and out of each block.
  const index = new Map<Block, number>();
  f.blocks.forEach((b, k) => index.set(b, k));
  const use = f.blocks.map(() => new Uint32Array(words));
  const def = f.blocks.map(() => new Uint32Array(words));
  const liveIn = f.blocks.map(() => new Uint32Array(words));
  const liveOut = f.blocks.map(() => new Uint32Array(words));
  const has = (s: Uint32Array, v: number) => (s[v >>> 5] & (1 << (v & 31))) !== 0;
  const set = (s: Uint32Array, v: number) => { s[v >>> 5] |= 1 << (v & 31); };
  f.blocks.forEach((b, k) => {
    const u = use[k];
    const d = def[k];
    const read = (v: { id: number }) => { if (!has(d, v.id)) set(u, v.id); };
    const write = (w: { id: number }) => set(d, w.id);
    for (const i of b.insts) {
      forEachUse(i, read);
      forEachDef(i, write);
    }
    forEachUse(b.term!, read);
  });
  const succ = f.blocks.map((b) => successors(b.term!).map((s) => index.get(s)!));
  for (let changed = true; changed;) {
    changed = false;
    for (let k = f.blocks.length - 1; k >= 0; k--) {
      const out = liveOut[k];
      const next = succ[k];
      for (let j = 0; j < next.length; j++) {
        const inS = liveIn[next[j]];
        for (let w = 0; w < words; w++) out[w] |= inS[w];
      }
      const inK = liveIn[k];
      for (let w = 0; w < words; w++) {
        const v = (use[k][w] | (out[w] & ~def[k][w])) >>> 0;
        if (v !== inK[w] >>> 0) {
          inK[w] = v;
          changed = true;
        }
      }
    }
  }

  // Intervals, use weights, clobber positions and allocation hints.
  const start = new Int32Array(n).fill(-1);
  const end = new Int32Array(n).fill(-1);
  const weight = new Float64Array(n);
  const hint = new Int32Array(n).fill(-1);
  const clobberAt = new Uint8Array(positions);
  const touch = (v: number, p: number) => {
    if (start[v] < 0 || p < start[v]) start[v] = p;
    if (p > end[v]) end[v] = p;
  };
  const forEachBit = (s: Uint32Array, fn: (v: number) => void) => {
    for (let w = 0; w < words; w++) {
      let bits = s[w];
      while (bits) {
        const low = bits & -bits;
        fn((w << 5) + 31 - Math.clz32(low));
        bits ^= low;
      }
    }
  };
  // One callback for every operand: the position and loop weight it records are set before each call.
  let at = 0;
  let scale = 1;
  const occurs = (v: { id: number }) => { touch(v.id, at); weight[v.id] += scale; };
  f.blocks.forEach((b, k) => {
    const base = blockPos.get(b)!;
    scale = 8 ** Math.min(b.depth, 4);
    forEachBit(liveIn[k], (v) => touch(v, base));
    forEachBit(liveOut[k], (v) => touch(v, base + b.insts.length + 1));
    const insts = b.insts;
    for (let j = 0; j < insts.length; j++) {
      const i = insts[j];
      at = base + 1 + j;
      forEachUse(i, occurs);
      forEachDef(i, occurs);
      clobberAt[at] = clobbers(i);
      noteHints(i, hint);
    }
    at = base + insts.length + 1;
    forEachUse(b.term!, occurs);
  });

  // Linear scan.
  const order: number[] = [];
  for (let v = 0; v < n; v++) if (start[v] >= 0) order.push(v);
  order.sort((a, b) => start[a] - start[b] || a - b);
  // For each register some instruction clobbers: how many clobbers of it come before
  // each position, so that an interval's forbidden registers take one subtraction each
  // (a scan over the clobbers inside every interval was quadratic in big functions).
  let clobbered = 0;
  for (let p = 0; p < positions; p++) clobbered |= clobberAt[p];
  const clobbersBefore: (Int32Array | undefined)[] = [];
  for (let r = 0; r < REGS.length; r++) {
    if (!(clobbered & (1 << r))) continue;
    const before = new Int32Array(positions + 1);
    for (let p = 0; p < positions; p++) before[p + 1] = before[p] + ((clobberAt[p] >> r) & 1);
    clobbersBefore[r] = before;
  }
  /** Registers clobbered strictly inside v's interval. */
  const forbidden = (v: number): number => {
    let mask = 0;
    const from = start[v] + 1;
    const to = end[v];
    if (to <= from) return 0;
    for (let r = 0; r < REGS.length; r++) {
      const before = clobbersBefore[r];
      if (before && before[to] > before[from]) mask |= 1 << r;
    }
    return mask;
  };
  const reg = new Int8Array(n).fill(-1);
  const slot = new Int32Array(n).fill(-1);
  let slotCount = 0;
  let active: number[] = [];
  for (let o = 0; o < order.length; o++) {
    const v = order[o];
    active = active.filter((a) => end[a] > start[v]);
    let inUse = 0;
    for (let j = 0; j < active.length; j++) inUse |= 1 << reg[active[j]];
    const allowed = ALL_REGS & ~forbidden(v);
    const free = allowed & ~inUse;
    if (free) {
      reg[v] = pick(free, hint[v] >= 0 ? reg[hint[v]] : -1);
      active.push(v);
      continue;
    }
    // Spill the cheapest of v and the active intervals whose register v could take: the
    // fewest (loop-weighted) uses per position held, so long, quiet intervals go first.
    const cost = (x: number) => weight[x] / (end[x] - start[x] + 1);
    let victim = v;
    for (let j = 0; j < active.length; j++) {
      const a = active[j];
      if (!(allowed & (1 << reg[a]))) continue;
      if (cost(a) < cost(victim) || (cost(a) === cost(victim) && end[a] > end[victim])) victim = a;
    }
    if (victim !== v) {
      reg[v] = reg[victim];
      reg[victim] = -1;
      active = active.filter((a) => a !== victim);
      active.push(v);
    }
    slot[victim] = slotCount++;
  }

  const occupied = new Uint8Array(positions);
  for (let v = 0; v < n; v++) {
    if (reg[v] < 0 || start[v] < 0) continue;
    const bit = 1 << reg[v];
    for (let p = start[v]; p <= end[v]; p++) occupied[p] |= bit;
  }
  return { reg, slot, slotCount, blockPos, occupied };
}

/** The hinted register if free, else caller-saved before callee-saved (no save needed). */
function pick(free: number, hinted: number): number {
  if (hinted >= 0 && free & (1 << hinted)) return hinted;
  for (let r = 0; r < REGS.length; r++) if (free & (1 << r)) return r;
  return -1;
}

/** A result likes the register of the value it is computed from (an in-place update). */
function noteHints(i: Inst, hint: Int32Array): void {
  switch (i.op) {
    case 'mov':
      if (i.src.kind === 'v') {
        if (hint[i.dst.id] < 0) hint[i.dst.id] = i.src.id;
        if (hint[i.src.id] < 0) hint[i.src.id] = i.dst.id;
      }
      return;
    case 'bin': case 'neg': case 'not': case 'ext':
      if (i.a.kind === 'v' && hint[i.dst.id] < 0) hint[i.dst.id] = i.a.id;
      return;
    default:
      return;
  }
}
