// The -O1 intermediate representation: a function is a list of basic blocks of
// three-address instructions over 32-bit virtual registers. Every value is 32 bits,
// extended by its C type as in the AST code generator (a `char` vreg holds the
// sign-extended byte). Blocks end in exactly one terminator. Locals whose address is
// never taken are virtual registers; everything else lives in memory.

export interface VReg {
  kind: 'v';
  id: number;
}

/** A constant: a number, or a link-time address `sym+value`. */
export interface Imm {
  kind: 'imm';
  value: number;
  sym?: string;
}

export type Operand = VReg | Imm;

/** An x86 memory operand: sym + disp + base + index * scale; `frame` means base %ebp. */
export interface Addr {
  base?: VReg;
  frame?: boolean;
  index?: VReg;
  scale: 1 | 2 | 4 | 8;
  disp: number;
  sym?: string;
}

/** umulh: the high 32 bits of the unsigned 64-bit product (for 64-bit multiplication). */
export type BinOp = 'add' | 'sub' | 'mul' | 'and' | 'or' | 'xor' | 'shl' | 'shr' | 'sar' | 'div' | 'udiv' | 'mod' | 'umod' | 'umulh';

/** Comparison conditions; `u` ones are unsigned. */
export type Cond = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'ult' | 'ule' | 'ugt' | 'uge';

export type ExtKind = 'sx8' | 'zx8' | 'sx16' | 'zx16';

export type Inst =
  /** stable: src does not change while dst is live (an inlined parameter and its argument). */
  | { op: 'mov'; dst: VReg; src: Operand; stable?: boolean }
  | { op: 'bin'; kind: BinOp; dst: VReg; a: Operand; b: Operand }
  | { op: 'neg' | 'not'; dst: VReg; a: Operand }
  | { op: 'ext'; kind: ExtKind; dst: VReg; a: Operand }
  | { op: 'set'; cc: Cond; dst: VReg; a: Operand; b: Operand }
  /** A volatile access is made exactly as written: never removed, merged or split. */
  | { op: 'load'; dst: VReg; addr: Addr; size: 1 | 2 | 4; signed: boolean; volatile?: boolean }
  | { op: 'store'; addr: Addr; src: Operand; size: 1 | 2 | 4; volatile?: boolean }
  | { op: 'lea'; dst: VReg; addr: Addr }
  /** 64-bit division through the module's private helper: quotient or remainder of (aHi:a) by (bHi:b). */
  | { op: 'divmod64'; dst: VReg; dstHi: VReg; a: Operand; aHi: Operand; b: Operand; bHi: Operand; signed: boolean; mod: boolean }
  /** size bytes of memory set to zero (a local's initializer). */
  | { op: 'zero'; addr: Addr; size: number }
  /** A 64-bit result comes back in %edx:%eax: dst and dstHi. calleePops: a struct-returning callee pops its hidden pointer. */
  | { op: 'call'; dst?: VReg; dstHi?: VReg; target: Operand; args: Operand[]; calleePops?: boolean };

export type Terminator =
  | { op: 'jmp'; target: Block }
  /** Compare a with b, or with `test` (eq/ne only) a & b with zero, and branch. */
  | { op: 'br'; cc: Cond; a: Operand; b: Operand; then: Block; else: Block; test?: boolean }
  | { op: 'ret'; value?: Operand; valueHi?: Operand }
  /** Indexed jump: value is already range-checked and zero-based. */
  | { op: 'switch'; value: Operand; table: Block[] };

export interface Block {
  id: number;
  insts: Inst[];
  term?: Terminator;
  /** Loop nesting, for spill weights. */
  depth: number;
}

export interface IRFunction {
  name: string;
  blocks: Block[];
  vregCount: number;
  /** Which registers are C variables (may be assigned many times); the rest are expression temporaries. */
  isVariable: boolean[];
  /** The next unused block id (labels are made from ids). */
  nextBlockId: number;
  /** How far below the (virtual) frame pointer the memory-resident locals reach; 12 when there are none. */
  frameBytes: number;
  isMain: boolean;
  /** Returns a struct through a hidden pointer (popped with `ret $4`). */
  hiddenRet: boolean;
}

export const vreg = (id: number): VReg => ({ kind: 'v', id });
export const imm = (value: number, sym?: string): Imm => (sym === undefined ? { kind: 'imm', value } : { kind: 'imm', value, sym });

/** The constant value of an operand without a symbol, if it has one. */
export function constOf(o: Operand): number | undefined {
  return o.kind === 'imm' && o.sym === undefined ? o.value : undefined;
}

export function successors(t: Terminator): Block[] {
  switch (t.op) {
    case 'jmp': return [t.target];
    case 'br': return [t.then, t.else];
    case 'ret': return [];
    case 'switch': return t.table;
  }
}

/** Calls fn on every virtual register an instruction reads. */
export function forEachUse(i: Inst | Terminator, fn: (v: VReg) => void): void {
  // Module-level helpers, not closures: this runs for every instruction in every pass.
  switch (i.op) {
    case 'mov': useOperand(i.src, fn); return;
    case 'bin': case 'set': useOperand(i.a, fn); useOperand(i.b, fn); return;
    case 'divmod64': useOperand(i.a, fn); useOperand(i.aHi, fn); useOperand(i.b, fn); useOperand(i.bHi, fn); return;
    case 'neg': case 'not': case 'ext': useOperand(i.a, fn); return;
    case 'load': case 'lea': case 'zero': useAddress(i.addr, fn); return;
    case 'store': useAddress(i.addr, fn); useOperand(i.src, fn); return;
    case 'call': {
      useOperand(i.target, fn);
      const args = i.args;
      for (let k = 0; k < args.length; k++) useOperand(args[k], fn);
      return;
    }
    case 'br': useOperand(i.a, fn); useOperand(i.b, fn); return;
    case 'ret': useOperand(i.value, fn); useOperand(i.valueHi, fn); return;
    case 'switch': useOperand(i.value, fn); return;
    case 'jmp': return;
  }
}

function useOperand(o: Operand | undefined, fn: (v: VReg) => void): void {
  if (o && o.kind === 'v') fn(o);
}

function useAddress(a: Addr, fn: (v: VReg) => void): void {
  if (a.base) fn(a.base);
  if (a.index) fn(a.index);
}

/**
 * Calls fn for every instruction, block by block, and with terminators for each block's
 * terminator too. Indexed loops: for-of allocates an iterator result per step until
 * the optimizing compiler removes it, and a build's workers run mostly before that.
 */
export function forEachInst(f: IRFunction, fn: (i: Inst) => void): void {
  const blocks = f.blocks;
  for (let k = 0; k < blocks.length; k++) {
    const insts = blocks[k].insts;
    for (let j = 0; j < insts.length; j++) fn(insts[j]);
  }
}

export function forEachInstAndTerminator(f: IRFunction, fn: (i: Inst | Terminator) => void): void {
  const blocks = f.blocks;
  for (let k = 0; k < blocks.length; k++) {
    const insts = blocks[k].insts;
    for (let j = 0; j < insts.length; j++) fn(insts[j]);
    fn(blocks[k].term!);
  }
}

/** How many instructions define each register. */
export function defCounts(f: IRFunction): Int32Array {
  const counts = new Int32Array(f.vregCount);
  const count = (d: { id: number }) => { counts[d.id]++; };
  forEachInst(f, (i) => forEachDef(i, count));
  return counts;
}

/** How many times each register is read, terminators included. */
export function useCounts(f: IRFunction): Int32Array {
  const counts = new Int32Array(f.vregCount);
  const count = (v: { id: number }) => { counts[v.id]++; };
  forEachInstAndTerminator(f, (i) => forEachUse(i, count));
  return counts;
}

/** Rewrites every operand an instruction reads (addresses keep vregs: a constant cannot be a base). */
export function mapUses(i: Inst | Terminator, fn: (o: Operand) => Operand): void {
  switch (i.op) {
    case 'mov': i.src = fn(i.src); return;
    case 'bin': case 'set': i.a = fn(i.a); i.b = fn(i.b); return;
    case 'divmod64': i.a = fn(i.a); i.aHi = fn(i.aHi); i.b = fn(i.b); i.bHi = fn(i.bHi); return;
    case 'neg': case 'not': case 'ext': i.a = fn(i.a); return;
    case 'load': case 'lea': case 'zero': i.addr.base = mapRegister(i.addr.base, fn); i.addr.index = mapRegister(i.addr.index, fn); return;
    case 'store': i.addr.base = mapRegister(i.addr.base, fn); i.addr.index = mapRegister(i.addr.index, fn); i.src = fn(i.src); return;
    case 'call': i.target = fn(i.target); i.args = i.args.map(fn); return;
    case 'br': i.a = fn(i.a); i.b = fn(i.b); return;
    case 'ret': if (i.value) i.value = fn(i.value); if (i.valueHi) i.valueHi = fn(i.valueHi); return;
    case 'switch': i.value = fn(i.value); return;
    case 'jmp': return;
  }
}

/** An address register rewritten, unless it would become a constant. */
function mapRegister(v: VReg | undefined, fn: (o: Operand) => Operand): VReg | undefined {
  if (!v) return v;
  const r = fn(v);
  return r.kind === 'v' ? r : v;
}

/** The register an instruction defines (a call's low half). */
export function defOf(i: Inst): VReg | undefined {
  return i.op === 'store' || i.op === 'zero' ? undefined : i.dst;
}

/** Every register an instruction defines. */
export function forEachDef(i: Inst, fn: (v: VReg) => void): void {
  if (i.op === 'store' || i.op === 'zero') return;
  if (i.dst) fn(i.dst);
  if ((i.op === 'call' || i.op === 'divmod64') && i.dstHi) fn(i.dstHi);
}

/** May the instruction be deleted when its result is unused? */
export function isPure(i: Inst): boolean {
  if (i.op === 'call' || i.op === 'store' || i.op === 'zero' || i.op === 'divmod64' || (i.op === 'load' && i.volatile)) return false;
  // Division by zero traps; keep it, as the AST code generator does.
  if (i.op === 'bin' && (i.kind === 'div' || i.kind === 'udiv' || i.kind === 'mod' || i.kind === 'umod')) return false;
  return true;
}

export function negate(cc: Cond): Cond {
  const table: Record<Cond, Cond> = {
    eq: 'ne', ne: 'eq', lt: 'ge', ge: 'lt', le: 'gt', gt: 'le', ult: 'uge', uge: 'ult', ule: 'ugt', ugt: 'ule',
  };
  return table[cc];
}

/** The condition with its operands swapped: a < b is b > a. */
export function swapped(cc: Cond): Cond {
  const table: Record<Cond, Cond> = {
    eq: 'eq', ne: 'ne', lt: 'gt', gt: 'lt', le: 'ge', ge: 'le', ult: 'ugt', ugt: 'ult', ule: 'uge', uge: 'ule',
  };
  return table[cc];
}

export function evalCond(cc: Cond, a: number, b: number): boolean {
  const ua = a >>> 0;
  const ub = b >>> 0;
  const sa = a | 0;
  const sb = b | 0;
  switch (cc) {
    case 'eq': return sa === sb;
    case 'ne': return sa !== sb;
    case 'lt': return sa < sb;
    case 'le': return sa <= sb;
    case 'gt': return sa > sb;
    case 'ge': return sa >= sb;
    case 'ult': return ua < ub;
    case 'ule': return ua <= ub;
    case 'ugt': return ua > ub;
    case 'uge': return ua >= ub;
  }
}
