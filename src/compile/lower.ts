// -O1: a function's typed AST to the IR (ir.ts). Scalar locals whose address is never
// taken become virtual registers; aggregates and address-taken locals stay in the frame
// at the offsets the code generator gave them. Conditions lower straight to
// compare-and-branch. A construct the IR does not model (inline asm, varargs, VLAs,
// struct arguments and results, 64-bit division and variable shifts) makes lowerFunction return undefined and
// the function goes to the AST code generator instead. A 64-bit value is a pair of
// registers (low, high); its arithmetic is spelled out in 32-bit operations.

import { caseTable } from './switchTable.js';
import type { Node, Obj } from './ast.js';
import { is64, isInteger, type Member, type Type } from './type.js';
import { evalConst } from './consteval.js';
import { hasHiddenRet, layOutFrame } from './frame.js';
import {
  imm, vreg, type Addr, type BinOp, type Block, type Cond, type ExtKind, type Inst, type IRFunction, type Operand, type VReg,
} from './ir.js';

class Unsupported extends Error {}

/** The IR of fn, or undefined when it uses something only the AST code generator handles. */
export function lowerFunction(fn: Obj): IRFunction | undefined {
  const promoted = promotable(fn);
  if (!promoted) return undefined;
  const offsets = fn.locals.map((v) => v.offset);
  const frameBottom = layOutFrame(fn, promoted).bottom;
  const lowerer = new Lowerer(fn, promoted);
  try {
    return lowerer.run(frameBottom);
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    fn.locals.forEach((v, i) => { v.offset = offsets[i]; });
    return undefined;
  }
}

const FOLDABLE = new Set<string>([
  'add', 'sub', 'mul', 'div', 'mod', 'shl', 'shr', 'and', 'or', 'xor', 'eq', 'ne', 'lt', 'le',
  'neg', 'bitnot', 'not', 'cast', 'logand', 'logor', 'cond',
]);

function isAggregate(ty: Type): boolean {
  const k = ty.kind;
  return k === 'struct' || k === 'union' || k === 'array' || k === 'func';
}

/**
 * Scalar locals that can live in virtual registers (their address is never needed),
 * or undefined when the function uses something only the AST code generator handles.
 * One walk over every node, inlined bodies included, that stops at the first such thing.
 */
function promotable(fn: Obj): Set<Obj> | undefined {
  if (fn.ty.returnTy!.kind === 'float') return undefined;
  const pinned = new Set<Obj>();
  if (!scan(fn.body, pinned)) return undefined;
  const result = new Set<Obj>();
  for (const v of fn.locals) {
    const t = v.ty;
    if (pinned.has(v) || t.isVolatile || !(isInteger(t) || t.kind === 'ptr')) continue;
    result.add(v);
  }
  return result;
}

/** Adds the locals whose address n takes to pinned; false if n has a construct the IR does not model. */
function scan(n: Node | undefined, pinned: Set<Obj>): boolean {
  if (!n) return true;
  const k = n.kind;
  if (k === 'asm' || k === 'vastart' || k === 'vaarg' || k === 'vlaalloc') return false;
  if (n.ty?.kind === 'float') return false;
  if (k === 'member' && n.member!.isBitfield && n.member!.unitSize === 8) return false;
  if (k === 'addr' && n.lhs!.kind === 'var') pinned.add(n.lhs!.obj!);
  if (k === 'memzero') pinned.add(n.obj!);
  if (!scan(n.lhs, pinned) || !scan(n.rhs, pinned) || !scan(n.cond, pinned) || !scan(n.then, pinned)) return false;
  if (!scan(n.els, pinned) || !scan(n.init, pinned) || !scan(n.inc, pinned)) return false;
  if (n.body) for (const c of n.body) if (!scan(c, pinned)) return false;
  if (n.args) for (const c of n.args) if (!scan(c, pinned)) return false;
  if (n.inlined) {
    for (const a of n.inlined.args) if (!scan(a, pinned)) return false;
    if (!scan(n.inlined.body, pinned)) return false;
  }
  return true;
}

function signedLoad(ty: Type): boolean {
  return !(ty.isUnsigned || ty.kind === 'bool' || ty.kind === 'ptr');
}

function sizeOf(ty: Type): 1 | 2 | 4 {
  return ty.size === 1 ? 1 : ty.size === 2 ? 2 : 4;
}

function isUnsignedOperand(ty: Type): boolean {
  return ty.isUnsigned || ty.kind === 'ptr';
}

function condFor(kind: string, unsigned: boolean): Cond {
  switch (kind) {
    case 'eq': return 'eq';
    case 'ne': return 'ne';
    case 'lt': return unsigned ? 'ult' : 'lt';
    default: return unsigned ? 'ule' : 'le';
  }
}

const toInt32 = (v: bigint): number => Number(BigInt.asIntN(32, v));

/** A 64-bit value: low and high halves. */
type Pair = [Operand, Operand];

function split(v: bigint): Pair {
  return [imm(toInt32(v)), imm(toInt32(v >> 32n))];
}

interface ReturnTarget {
  exit: Block;
  result?: Obj;
}

class Lowerer {
  private blocks: Block[] = [];
  private blockCount = 0;
  private cur: Block;
  private vregCount = 0;
  private vars = new Map<Obj, VReg>();
  private vars64 = new Map<Obj, [VReg, VReg]>();
  private labels = new Map<string, Block>();
  private placed = new Set<Block>();
  private depth = 0;
  private returnTarget?: ReturnTarget;
  /** Where a struct-returning function writes its result (the hidden first argument). */
  private retPtr?: VReg;

  constructor(private fn: Obj, promoted: Set<Obj>) {
    for (const v of fn.locals) {
      if (!promoted.has(v)) continue;
      if (is64(v.ty)) this.vars64.set(v, [this.newVreg(), this.newVreg()]);
      else this.vars.set(v, this.newVreg());
    }
    this.cur = this.newBlock();
    this.place(this.cur);
  }

  run(frameBytes: number): IRFunction {
    if (hasHiddenRet(this.fn)) this.retPtr = this.temp((dst) => ({ op: 'load', dst, addr: { frame: true, disp: 8, scale: 1 }, size: 4, signed: false }));
    for (const p of this.fn.params) {
      const pair = this.vars64.get(p);
      if (pair) {
        this.emit({ op: 'load', dst: pair[0], addr: { frame: true, disp: p.offset, scale: 1 }, size: 4, signed: false });
        this.emit({ op: 'load', dst: pair[1], addr: { frame: true, disp: p.offset + 4, scale: 1 }, size: 4, signed: false });
      }
      const r = this.vars.get(p);
      if (r) this.emit({ op: 'load', dst: r, addr: { frame: true, disp: p.offset, scale: 1 }, size: sizeOf(p.ty), signed: signedLoad(p.ty) });
    }
    this.stmt(this.fn.body!);
    if (!this.cur.term) this.cur.term = this.fn.name === 'main' ? { op: 'ret', value: imm(0) } : { op: 'ret' };
    for (const b of this.labels.values()) if (!this.placed.has(b)) throw new Unsupported();
    const isVariable = new Array<boolean>(this.vregCount).fill(false);
    for (const r of this.vars.values()) isVariable[r.id] = true;
    for (const [lo, hi] of this.vars64.values()) isVariable[lo.id] = isVariable[hi.id] = true;
    return {
      name: this.fn.asmName, blocks: this.blocks, vregCount: this.vregCount, isVariable, nextBlockId: this.blockCount,
      frameBytes, isMain: this.fn.name === 'main', hiddenRet: this.retPtr !== undefined,
    };
  }

  // ---- blocks ---------------------------------------------------------------

  private newVreg(): VReg {
    return vreg(this.vregCount++);
  }

  private newBlock(): Block {
    return { id: this.blockCount++, insts: [], depth: this.depth };
  }

  private place(b: Block): void {
    b.depth = this.depth;
    this.blocks.push(b);
    this.placed.add(b);
  }

  /** Continues in b; the current block falls through to it. */
  private start(b: Block): void {
    if (!this.cur.term) this.cur.term = { op: 'jmp', target: b };
    this.place(b);
    this.cur = b;
  }

  /** Ends the current block; what follows (until a label) is unreachable. */
  private terminate(term: Block['term']): void {
    if (!this.cur.term) this.cur.term = term;
    const dead = this.newBlock();
    this.place(dead);
    this.cur = dead;
  }

  private jump(target: Block): void {
    this.terminate({ op: 'jmp', target });
  }

  private branch(cc: Cond, a: Operand, b: Operand, then: Block, els: Block): void {
    this.terminate({ op: 'br', cc, a, b, then, else: els });
  }

  private labelBlock(name: string): Block {
    let b = this.labels.get(name);
    if (!b) {
      b = this.newBlock();
      this.labels.set(name, b);
    }
    return b;
  }

  private emit(i: Inst): void {
    this.cur.insts.push(i);
  }

  private temp(make: (dst: VReg) => Inst): VReg {
    const dst = this.newVreg();
    this.emit(make(dst));
    return dst;
  }

  private bin(kind: BinOp, a: Operand, b: Operand): VReg {
    return this.temp((dst) => ({ op: 'bin', kind, dst, a, b }));
  }

  private ext(kind: ExtKind, a: Operand): VReg {
    return this.temp((dst) => ({ op: 'ext', kind, dst, a }));
  }

  // ---- statements -------------------------------------------------------------

  private stmt(node: Node): void {
    switch (node.kind) {
      case 'nop':
        return;
      case 'block':
        for (const s of node.body!) this.stmt(s);
        return;
      case 'exprstmt':
        this.expr(node.lhs!);
        return;
      case 'if': {
        const then = this.newBlock();
        const els = this.newBlock();
        const end = node.els ? this.newBlock() : els;
        this.cond(node.cond!, then, els);
        this.start(then);
        this.stmt(node.then!);
        if (node.els) {
          this.jump(end);
          this.start(els);
          this.stmt(node.els);
        }
        this.start(end);
        return;
      }
      case 'for': {
        if (node.init) this.stmt(node.init);
        const body = this.newBlock();
        const test = this.newBlock();
        const brk = this.labelBlock(node.brkLabel!);
        // The test sits after the body, so each iteration takes one branch.
        if (node.cond) this.jump(test);
        this.depth++;
        this.start(body);
        this.stmt(node.then!);
        this.start(this.labelBlock(node.contLabel!));
        if (node.inc) this.expr(node.inc);
        this.start(test);
        if (node.cond) this.cond(node.cond, body, brk);
        else this.jump(body);
        this.depth--;
        this.start(brk);
        return;
      }
      case 'do': {
        const body = this.newBlock();
        const brk = this.labelBlock(node.brkLabel!);
        this.depth++;
        this.start(body);
        this.stmt(node.then!);
        this.start(this.labelBlock(node.contLabel!));
        this.cond(node.cond!, body, brk);
        this.depth--;
        this.start(brk);
        return;
      }
      case 'switch':
        this.switchStmt(node);
        return;
      case 'case': case 'label':
        this.start(this.labelBlock(node.label!));
        this.stmt(node.lhs!);
        return;
      case 'goto':
        this.jump(this.labelBlock(node.label!));
        return;
      case 'return':
        this.returnStmt(node);
        return;
      default:
        this.expr(node);
    }
  }

  private returnStmt(node: Node): void {
    if (node.lhs && is64(node.lhs.ty!)) {
      const pair = this.expr64(node.lhs);
      if (this.returnTarget) {
        if (this.returnTarget.result) this.assignVar64(this.returnTarget.result, pair);
        this.jump(this.returnTarget.exit);
      } else this.terminate({ op: 'ret', value: pair[0], valueHi: pair[1] });
      return;
    }
    const value = node.lhs ? this.expr(node.lhs) : undefined;
    const target = this.returnTarget;
    if (!target && this.retPtr && value) {
      this.copy({ base: this.retPtr, disp: 0, scale: 1 }, this.operandAddr(value), node.lhs!.ty!.size);
      this.terminate({ op: 'ret', value: this.retPtr });
      return;
    }
    if (target) {
      if (target.result && value) this.assignVar(target.result, value);
      this.jump(target.exit);
      return;
    }
    this.terminate({ op: 'ret', value });
  }

  private switchStmt(node: Node): void {
    if (is64(node.cond!.ty!)) throw new Unsupported();
    const value = this.expr(node.cond!);
    const cases = node.cases!;
    const dflt = node.defaultCase ? this.labelBlock(node.defaultCase.label!) : this.labelBlock(node.brkLabel!);
    if (!this.jumpTable(value, cases, dflt)) {
      for (const c of cases) {
        const next = this.newBlock();
        const target = this.labelBlock(c.label!);
        if (c.caseBegin === c.caseEnd) this.branch('eq', value, imm(toInt32(c.caseBegin!)), target, next);
        else {
          const off = this.bin('sub', value, imm(toInt32(c.caseBegin!)));
          this.branch('ule', off, imm(toInt32(c.caseEnd! - c.caseBegin!)), target, next);
        }
        this.start(next);
      }
      this.jump(dflt);
    }
    this.stmt(node.then!);
    this.start(this.labelBlock(node.brkLabel!));
  }

  /** A dense switch is an indexed jump; earlier cases win, as in a compare chain. */
  private jumpTable(value: Operand, cases: Node[], dflt: Block): boolean {
    const dense = caseTable(cases, dflt, (c) => this.labelBlock(c.label!));
    if (!dense) return false;
    const { min, table } = dense;
    const lo = toInt32(min);
    const index = lo === 0 ? value : this.bin('sub', value, imm(lo));
    const jump = this.newBlock();
    this.branch('ugt', index, imm(table.length - 1), dflt, jump);
    this.start(jump);
    this.terminate({ op: 'switch', value: index, table });
    return true;
  }

  // ---- conditions ---------------------------------------------------------------

  /** Branches to then when node is true, else to els. */
  private cond(node: Node, then: Block, els: Block): void {
    if (node.ty && isInteger(node.ty)) {
      const v = evalConst(node);
      if (v !== undefined) {
        this.jump(v !== 0n ? then : els);
        return;
      }
    }
    switch (node.kind) {
      case 'not':
        this.cond(node.lhs!, els, then);
        return;
      case 'logand': {
        const mid = this.newBlock();
        this.cond(node.lhs!, mid, els);
        this.start(mid);
        this.cond(node.rhs!, then, els);
        return;
      }
      case 'logor': {
        const mid = this.newBlock();
        this.cond(node.lhs!, then, mid);
        this.start(mid);
        this.cond(node.rhs!, then, els);
        return;
      }
      case 'eq': case 'ne': case 'lt': case 'le': {
        if (is64(node.lhs!.ty!)) {
          this.cond64(node.kind, node.lhs!.ty!.isUnsigned, this.expr64(node.lhs!), this.expr64(node.rhs!), then, els);
          return;
        }
        const a = this.expr(node.lhs!);
        const b = this.expr(node.rhs!);
        this.branch(condFor(node.kind, isUnsignedOperand(node.lhs!.ty!)), a, b, then, els);
        return;
      }
      default: {
        if (is64(node.ty!)) {
          const [lo, hi] = this.expr64(node);
          this.branch('ne', this.bin('or', lo, hi), imm(0), then, els);
          return;
        }
        const v = this.expr(node);
        this.branch('ne', v, imm(0), then, els);
      }
    }
  }

  /** 64-bit comparison: the high halves decide unless equal, then the low halves (unsigned). */
  private cond64(kind: string, unsigned: boolean, a: Pair, b: Pair, then: Block, els: Block): void {
    const mid = this.newBlock();
    if (kind === 'eq' || kind === 'ne') {
      if (kind === 'eq') this.branch('ne', a[0], b[0], els, mid);
      else this.branch('ne', a[0], b[0], then, mid);
      this.start(mid);
      this.branch(kind, a[1], b[1], then, els);
      return;
    }
    const low = this.newBlock();
    this.branch(unsigned ? 'ult' : 'lt', a[1], b[1], then, mid);
    this.start(mid);
    this.branch('ne', a[1], b[1], els, low);
    this.start(low);
    this.branch(kind === 'lt' ? 'ult' : 'ule', a[0], b[0], then, els);
  }

  // ---- addresses --------------------------------------------------------------------

  /** The address of an lvalue (or of a struct-valued expression). */
  private addr(node: Node): Addr {
    switch (node.kind) {
      case 'var': {
        const v = node.obj!;
        if (this.vars.has(v)) throw new Error(`lower: address of register variable '${v.name}'`);
        if (v.isLocal) return { frame: true, disp: v.offset, scale: 1 };
        return { sym: v.asmName, disp: 0, scale: 1 };
      }
      case 'deref':
        return this.pointerAddr(node.lhs!);
      case 'member': {
        const a = this.addr(node.lhs!);
        return { ...a, disp: a.disp + node.member!.offset };
      }
      case 'comma':
        this.expr(node.lhs!);
        return this.addr(node.rhs!);
      default:
        // Struct-valued expressions evaluate to their address.
        return this.operandAddr(this.expr(node));
    }
  }

  /** The memory a pointer-valued expression points to, folding `p + i*scale + k`. */
  private pointerAddr(p: Node): Addr {
    if (p.kind === 'add' && p.ty!.kind === 'ptr') {
      const base = this.pointerAddr(p.lhs!);
      const off = p.rhs!;
      const k = off.ty && isInteger(off.ty) ? evalConst(off) : undefined;
      if (k !== undefined) return { ...base, disp: base.disp + toInt32(k) };
      let into = base;
      // An unscaled index can serve as the base register, freeing the index for this offset.
      if (into.index && into.scale === 1 && !into.base && !into.frame) into = { ...into, base: into.index, index: undefined };
      if (into.index) into = { base: this.regOf(this.addrValue(into)), disp: 0, scale: 1 };
      const scaled = off.kind === 'mul' && off.rhs!.kind === 'num' ? toInt32(off.rhs!.val!) : 0;
      if (scaled === 1 || scaled === 2 || scaled === 4 || scaled === 8) return { ...into, index: this.regOf(this.expr(off.lhs!)), scale: scaled };
      return { ...into, index: this.regOf(this.expr(off)), scale: 1 };
    }
    if (p.kind === 'sub' && p.ty!.kind === 'ptr' && p.rhs!.ty && isInteger(p.rhs!.ty)) {
      const k = evalConst(p.rhs!);
      if (k !== undefined) {
        const base = this.pointerAddr(p.lhs!);
        return { ...base, disp: base.disp - toInt32(k) };
      }
    }
    if (p.kind === 'cast' && p.ty!.kind === 'ptr' && isAggregate(p.lhs!.ty!) && p.lhs!.ty!.kind !== 'func') return this.addr(p.lhs!);
    if (p.kind === 'addr') return this.addr(p.lhs!);
    return this.operandAddr(this.expr(p));
  }

  private operandAddr(o: Operand): Addr {
    if (o.kind === 'imm') return { sym: o.sym, disp: o.value, scale: 1 };
    return { base: o, disp: 0, scale: 1 };
  }

  /** An address as a value. */
  private addrValue(a: Addr): Operand {
    if (!a.base && !a.index && !a.frame) return imm(a.disp, a.sym);
    if (a.base && !a.index && !a.frame && !a.sym && a.disp === 0) return a.base;
    return this.temp((dst) => ({ op: 'lea', dst, addr: a }));
  }

  private regOf(o: Operand): VReg {
    if (o.kind === 'v') return o;
    return this.temp((dst) => ({ op: 'mov', dst, src: o }));
  }

  // ---- expressions ----------------------------------------------------------------

  private load(addr: Addr, ty: Type): Operand {
    return this.temp((dst) => ({ op: 'load', dst, addr, size: sizeOf(ty), signed: signedLoad(ty), volatile: ty.isVolatile }));
  }

  /** The value of an expression; for aggregates, their address. */
  private expr(node: Node): Operand {
    // A 64-bit value where only its evaluation matters (or its low half, for a truncation).
    if (node.ty && is64(node.ty)) return this.expr64(node)[0];
    if (FOLDABLE.has(node.kind) && node.ty && isInteger(node.ty)) {
      const v = evalConst(node);
      if (v !== undefined) return imm(toInt32(v));
    }
    switch (node.kind) {
      case 'num':
        return imm(toInt32(node.val!));
      case 'var': {
        const r = this.vars.get(node.obj!);
        if (r) return r;
        if (node.obj!.isFunction) return imm(0, node.obj!.asmName);
        if (isAggregate(node.ty!)) return this.addrValue(this.addr(node));
        return this.load(this.addr(node), node.ty!);
      }
      case 'member':
        if (node.member!.isBitfield) return this.loadBitfield(this.addr(node.lhs!), node.member!, node.ty!.isVolatile);
        if (isAggregate(node.ty!)) return this.addrValue(this.addr(node));
        return this.load(this.addr(node), node.ty!);
      case 'deref':
        if (isAggregate(node.ty!)) return this.expr(node.lhs!);
        return this.load(this.pointerAddr(node.lhs!), node.ty!);
      case 'addr':
        return this.addrValue(this.addr(node.lhs!));
      case 'assign':
        return this.assign(node);
      case 'stmtexpr': {
        const body = node.body!;
        for (let i = 0; i < body.length - 1; i++) this.stmt(body[i]);
        const last = body[body.length - 1];
        if (last?.kind === 'exprstmt') return this.expr(last.lhs!);
        if (node.ty!.kind !== 'void') throw new Unsupported();
        if (last) this.stmt(last);
        return imm(0);
      }
      case 'comma':
        this.expr(node.lhs!);
        return this.expr(node.rhs!);
      case 'cast':
        if (is64(node.lhs!.ty!) && node.ty!.kind === 'bool') {
          const [lo, hi] = this.expr64(node.lhs!);
          return this.temp((dst) => ({ op: 'set', cc: 'ne', dst, a: this.bin('or', lo, hi), b: imm(0) }));
        }
        return this.convert(this.expr(node.lhs!), node.lhs!.ty!, node.ty!);
      case 'memzero': {
        const v = node.obj!;
        if (v.ty.size > 32) {
          this.emit({ op: 'zero', addr: { frame: true, disp: v.offset, scale: 1 }, size: v.ty.size });
          return imm(0);
        }
        for (let i = 0; i < v.ty.size; ) {
          const size = v.ty.size - i >= 4 ? 4 : v.ty.size - i >= 2 ? 2 : 1;
          this.emit({ op: 'store', addr: { frame: true, disp: v.offset + i, scale: 1 }, src: imm(0), size });
          i += size;
        }
        return imm(0);
      }
      case 'cond': {
        const then = this.newBlock();
        const els = this.newBlock();
        const end = this.newBlock();
        const result = this.newVreg();
        this.cond(node.cond!, then, els);
        this.start(then);
        this.emit({ op: 'mov', dst: result, src: this.expr(node.then!) });
        this.jump(end);
        this.start(els);
        this.emit({ op: 'mov', dst: result, src: this.expr(node.els!) });
        this.start(end);
        return result;
      }
      case 'not':
      case 'logand': case 'logor':
        return this.boolValue(node);
      case 'bitnot':
        return this.temp((dst) => ({ op: 'not', dst, a: this.expr(node.lhs!) }));
      case 'neg':
        return this.temp((dst) => ({ op: 'neg', dst, a: this.expr(node.lhs!) }));
      case 'call':
        return this.call(node);
      case 'inline':
        return this.inlinedValue(node);
      default:
        return this.binary(node);
    }
  }

  /** 1 or 0 from a condition's branches. */
  private boolValue(node: Node): Operand {
    const result = this.newVreg();
    const yes = this.newBlock();
    const no = this.newBlock();
    const end = this.newBlock();
    this.cond(node, yes, no);
    this.start(yes);
    this.emit({ op: 'mov', dst: result, src: imm(1) });
    this.jump(end);
    this.start(no);
    this.emit({ op: 'mov', dst: result, src: imm(0) });
    this.start(end);
    return result;
  }

  private binary(node: Node): Operand {
    if (is64(node.lhs!.ty!)) return this.boolValue(node);
    const unsigned = isUnsignedOperand(node.lhs!.ty!);
    const a = this.expr(node.lhs!);
    const b = this.expr(node.rhs!);
    switch (node.kind) {
      case 'add': case 'sub': case 'mul': case 'and': case 'or': case 'xor': case 'shl':
        return this.bin(node.kind, a, b);
      case 'shr': return this.bin(unsigned ? 'shr' : 'sar', a, b);
      case 'div': return this.bin(unsigned ? 'udiv' : 'div', a, b);
      case 'mod': return this.bin(unsigned ? 'umod' : 'mod', a, b);
      case 'eq': case 'ne': case 'lt': case 'le':
        return this.temp((dst) => ({ op: 'set', cc: condFor(node.kind, unsigned), dst, a, b }));
      default:
        throw new Unsupported();
    }
  }

  /** Values are kept extended to 32 bits by their type (as the AST code generator keeps them). */
  private convert(v: Operand, from: Type, to: Type): Operand {
    if (to.kind === 'void' || isAggregate(to)) return v;
    if (to.kind === 'bool') {
      if (from.kind === 'bool') return v;
      return this.temp((dst) => ({ op: 'set', cc: 'ne', dst, a: v, b: imm(0) }));
    }
    if (to.size === 1) {
      if (from.size === 1 && from.isUnsigned === to.isUnsigned) return v;
      return this.ext(to.isUnsigned ? 'zx8' : 'sx8', v);
    }
    if (to.size === 2) {
      if ((from.size === 2 && from.isUnsigned === to.isUnsigned) || (from.size === 1 && (to.isUnsigned ? from.isUnsigned : true) && isInteger(from))) return v;
      return this.ext(to.isUnsigned ? 'zx16' : 'sx16', v);
    }
    return v;
  }

  private assign(node: Node): Operand {
    const lhs = node.lhs!;
    if (lhs.kind === 'var' && this.vars.has(lhs.obj!)) {
      this.assignVar(lhs.obj!, this.expr(node.rhs!));
      return this.vars.get(lhs.obj!)!;
    }
    if (lhs.kind === 'member' && lhs.member!.isBitfield) {
      const a = this.addr(lhs.lhs!);
      return this.storeBitfield(a, lhs.member!, this.expr(node.rhs!), lhs.ty!.isVolatile);
    }
    const a = this.addr(lhs);
    const ty = lhs.ty!;
    if (ty.kind === 'struct' || ty.kind === 'union') {
      const src = this.operandAddr(this.expr(node.rhs!));
      this.copy(a, src, ty.size, ty.isVolatile || node.rhs!.ty!.isVolatile);
      return this.addrValue(a);
    }
    const v = this.expr(node.rhs!);
    this.emit({ op: 'store', addr: a, src: v, size: sizeOf(ty), volatile: ty.isVolatile });
    return v;
  }

  private assignVar(v: Obj, value: Operand): void {
    const r = this.vars.get(v);
    if (r) this.emit({ op: 'mov', dst: r, src: value });
    else if (isAggregate(v.ty)) this.copy(this.addr({ kind: 'var', obj: v, ty: v.ty } as Node), this.operandAddr(value), v.ty.size);
    else this.emit({ op: 'store', addr: { frame: true, disp: v.offset, scale: 1 }, src: value, size: sizeOf(v.ty) });
  }

  private copy(dst: Addr, src: Addr, size: number, volatile = false): void {
    for (let i = 0; i < size; ) {
      const n = size - i >= 4 ? 4 : size - i >= 2 ? 2 : 1;
      const t = this.temp((d) => ({ op: 'load', dst: d, addr: { ...src, disp: src.disp + i }, size: n, signed: false, volatile }));
      this.emit({ op: 'store', addr: { ...dst, disp: dst.disp + i }, src: t, size: n, volatile });
      i += n;
    }
  }

  private loadBitfield(base: Addr, m: Member, volatile: boolean): Operand {
    const addr = { ...base, disp: base.disp + m.offset };
    const unit = this.temp((dst) => ({ op: 'load', dst, addr, size: m.unitSize as 1 | 2 | 4, signed: false, volatile }));
    const signed = !m.ty.isUnsigned && m.ty.kind !== 'bool';
    return this.extractBits(unit, m.bitOffset, m.bitWidth, signed);
  }

  private extractBits(v: Operand, offset: number, width: number, signed: boolean): Operand {
    if (signed) {
      const left = 32 - offset - width;
      const shifted = left ? this.bin('shl', v, imm(left)) : v;
      return width < 32 ? this.bin('sar', shifted, imm(32 - width)) : shifted;
    }
    const low = offset ? this.bin('shr', v, imm(offset)) : v;
    return width < 32 ? this.bin('and', low, imm(width >= 32 ? -1 : (1 << width) - 1)) : low;
  }

  /** Stores into a bit-field; the result is the value as the bit-field holds it. */
  private storeBitfield(base: Addr, m: Member, v: Operand, volatile: boolean): Operand {
    const addr = { ...base, disp: base.disp + m.offset };
    const mask = m.bitWidth >= 32 ? -1 : (1 << m.bitWidth) - 1;
    const shiftedMask = (mask << m.bitOffset) | 0;
    const size = m.unitSize as 1 | 2 | 4;
    const masked = m.bitWidth < 32 ? this.bin('and', v, imm(mask)) : v;
    const field = m.bitOffset ? this.bin('shl', masked, imm(m.bitOffset)) : masked;
    const old = this.temp((dst) => ({ op: 'load', dst, addr, size, signed: false, volatile }));
    const kept = this.bin('and', old, imm(~shiftedMask));
    const merged = this.bin('or', kept, field);
    this.emit({ op: 'store', addr, src: merged, size, volatile });
    const signed = !m.ty.isUnsigned && m.ty.kind !== 'bool';
    return this.extractBits(v, 0, m.bitWidth, signed);
  }

  private call(node: Node): Operand {
    const args = this.callArgs(node);
    const callee = node.lhs!;
    const target = callee.kind === 'var' && callee.obj!.isFunction ? imm(0, callee.obj!.asmName) : this.expr(callee);
    const rt = node.funcTy!.returnTy!;
    if (node.retBuf) {
      // The result goes to a frame buffer whose address is the hidden first argument.
      const buf: Addr = { frame: true, disp: node.retBuf.offset, scale: 1 };
      this.emit({ op: 'call', target, args: [this.addrValue(buf), ...args], calleePops: true });
      return this.addrValue(buf);
    }
    if (rt.kind === 'void') {
      this.emit({ op: 'call', target, args });
      return imm(0);
    }
    const dst = this.newVreg();
    this.emit({ op: 'call', dst, target, args });
    if (rt.kind === 'bool') return this.ext('zx8', dst);
    if (rt.size === 1) return this.ext(rt.isUnsigned ? 'zx8' : 'sx8', dst);
    if (rt.size === 2) return this.ext(rt.isUnsigned ? 'zx16' : 'sx16', dst);
    return dst;
  }

  /** Argument words, evaluated right to left as the AST code generator does. */
  private callArgs(node: Node): Operand[] {
    const values: Operand[][] = new Array(node.args!.length);
    for (let i = node.args!.length - 1; i >= 0; i--) {
      const a = node.args![i];
      const ty = a.ty!;
      if (ty.kind === 'struct' || ty.kind === 'union') values[i] = this.structWords(this.operandAddr(this.expr(a)), ty.size);
      else values[i] = is64(ty) ? this.expr64(a) : [this.expr(a)];
    }
    return values.flat();
  }

  /** A struct passed by value, as the words the callee finds on its stack. */
  private structWords(src: Addr, size: number): Operand[] {
    const words: Operand[] = [];
    const part = (off: number, n: 1 | 2 | 4) => this.temp((dst) => ({ op: 'load', dst, addr: { ...src, disp: src.disp + off }, size: n, signed: false }));
    for (let off = 0; off < size; off += 4) {
      const n = Math.min(4, size - off);
      if (n === 4) words.push(part(off, 4));
      else if (n !== 3) words.push(part(off, n as 1 | 2));
      else words.push(this.bin('or', part(off, 2), this.bin('shl', part(off + 2, 1), imm(16))));
    }
    if (size === 0) words.push(imm(0));
    return words;
  }

  private inlined(node: Node): void {
    const call = node.inlined!;
    call.params.forEach((p, i) => {
      if (is64(p.ty)) this.assignVar64(p, this.expr64(call.args[i]));
      else this.assignVar(p, this.expr(call.args[i]));
    });
    const outer = this.returnTarget;
    const exit = this.labelBlock(call.exitLabel);
    this.returnTarget = { exit, result: call.result };
    this.stmt(call.body);
    this.returnTarget = outer;
    this.start(exit);
  }

  private inlinedValue(node: Node): Operand {
    this.inlined(node);
    const result = node.inlined!.result;
    if (!result) return imm(0);
    return this.expr({ kind: 'var', tok: node.tok, obj: result, ty: result.ty });
  }

  // ---- 64-bit values ------------------------------------------------------------------

  private expr64(node: Node): Pair {
    if (FOLDABLE.has(node.kind) && node.ty && isInteger(node.ty)) {
      const v = evalConst(node);
      if (v !== undefined) return split(v);
    }
    switch (node.kind) {
      case 'num':
        return split(node.val!);
      case 'var': {
        const pair = this.vars64.get(node.obj!);
        if (pair) return pair;
        return this.load64(this.addr(node), node.ty!.isVolatile);
      }
      case 'member':
        if (node.member!.isBitfield) throw new Unsupported();
        return this.load64(this.addr(node), node.ty!.isVolatile);
      case 'deref':
        return this.load64(this.pointerAddr(node.lhs!), node.ty!.isVolatile);
      case 'assign':
        return this.assign64(node);
      case 'comma':
        this.expr(node.lhs!);
        return this.expr64(node.rhs!);
      case 'stmtexpr': {
        const body = node.body!;
        for (let i = 0; i < body.length - 1; i++) this.stmt(body[i]);
        const last = body[body.length - 1];
        if (last?.kind !== 'exprstmt') throw new Unsupported();
        return this.expr64(last.lhs!);
      }
      case 'cast': {
        const from = node.lhs!.ty!;
        if (is64(from)) return this.expr64(node.lhs!);
        const v = this.expr(node.lhs!);
        const k = from.kind;
        if (from.isUnsigned || k === 'ptr' || k === 'bool' || k === 'array' || k === 'func') return [v, imm(0)];
        return [v, this.bin('sar', v, imm(31))];
      }
      case 'cond': {
        const then = this.newBlock();
        const els = this.newBlock();
        const end = this.newBlock();
        const lo = this.newVreg();
        const hi = this.newVreg();
        this.cond(node.cond!, then, els);
        for (const [block, value] of [[then, node.then!], [els, node.els!]] as const) {
          this.start(block);
          const [l, h] = this.expr64(value);
          this.emit({ op: 'mov', dst: lo, src: l });
          this.emit({ op: 'mov', dst: hi, src: h });
          this.jump(end);
        }
        this.start(end);
        return [lo, hi];
      }
      case 'bitnot': {
        const [lo, hi] = this.expr64(node.lhs!);
        return [this.temp((dst) => ({ op: 'not', dst, a: lo })), this.temp((dst) => ({ op: 'not', dst, a: hi }))];
      }
      case 'neg': {
        // -(hi:lo) = (-(hi + (lo != 0))):(-lo)
        const [lo, hi] = this.expr64(node.lhs!);
        const carry = this.temp((dst) => ({ op: 'set', cc: 'ne', dst, a: lo, b: imm(0) }));
        const sum = this.bin('add', hi, carry);
        return [this.temp((dst) => ({ op: 'neg', dst, a: lo })), this.temp((dst) => ({ op: 'neg', dst, a: sum }))];
      }
      case 'call': {
        if (node.funcTy!.returnTy!.kind === 'void') throw new Unsupported();
        const pair = this.callWithResult(node);
        return pair;
      }
      case 'inline': {
        this.inlined(node);
        const result = node.inlined!.result;
        if (!result) throw new Unsupported();
        return this.expr64({ kind: 'var', tok: node.tok, obj: result, ty: result.ty });
      }
      case 'add': case 'sub': case 'mul': case 'div': case 'mod': case 'and': case 'or': case 'xor': case 'shl': case 'shr':
        return this.binary64(node);
      default:
        throw new Unsupported();
    }
  }

  private load64(addr: Addr, volatile = false): Pair {
    const lo = this.temp((dst) => ({ op: 'load', dst, addr, size: 4, signed: false, volatile }));
    const hi = this.temp((dst) => ({ op: 'load', dst, addr: { ...addr, disp: addr.disp + 4 }, size: 4, signed: false, volatile }));
    return [lo, hi];
  }

  private store64(addr: Addr, v: Pair, volatile = false): void {
    this.emit({ op: 'store', addr, src: v[0], size: 4, volatile });
    this.emit({ op: 'store', addr: { ...addr, disp: addr.disp + 4 }, src: v[1], size: 4, volatile });
  }

  private assign64(node: Node): Pair {
    const lhs = node.lhs!;
    const pair = lhs.kind === 'var' ? this.vars64.get(lhs.obj!) : undefined;
    if (pair) {
      this.assignVar64(lhs.obj!, this.expr64(node.rhs!));
      return pair;
    }
    if (lhs.kind === 'member' && lhs.member!.isBitfield) throw new Unsupported();
    const a = this.addr(lhs);
    const v = this.expr64(node.rhs!);
    this.store64(a, v, lhs.ty!.isVolatile);
    return v;
  }

  private assignVar64(v: Obj, value: Pair): void {
    const pair = this.vars64.get(v);
    if (pair) {
      this.emit({ op: 'mov', dst: pair[0], src: value[0] });
      this.emit({ op: 'mov', dst: pair[1], src: value[1] });
    } else this.store64({ frame: true, disp: v.offset, scale: 1 }, value);
  }

  private callWithResult(node: Node): Pair {
    const args = this.callArgs(node);
    const callee = node.lhs!;
    const target = callee.kind === 'var' && callee.obj!.isFunction ? imm(0, callee.obj!.asmName) : this.expr(callee);
    const dst = this.newVreg();
    const dstHi = this.newVreg();
    this.emit({ op: 'call', dst, dstHi, target, args });
    return [dst, dstHi];
  }

  private binary64(node: Node): Pair {
    const a = this.expr64(node.lhs!);
    if (node.kind === 'shl' || node.kind === 'shr') {
      const kind = node.kind === 'shl' ? 'shl' : node.lhs!.ty!.isUnsigned ? 'shr' : 'sar';
      const k = evalConst(node.rhs!);
      if (k === undefined) return this.variableShift64(kind, a, this.expr(node.rhs!));
      return this.shift64(kind, a, Number(k & 63n));
    }
    const b = this.expr64(node.rhs!);
    switch (node.kind) {
      case 'div': case 'mod': {
        const dst = this.newVreg();
        const dstHi = this.newVreg();
        const signed = !node.lhs!.ty!.isUnsigned;
        this.emit({ op: 'divmod64', dst, dstHi, a: a[0], aHi: a[1], b: b[0], bHi: b[1], signed, mod: node.kind === 'mod' });
        return [dst, dstHi];
      }
      case 'and': case 'or': case 'xor':
        return [this.bin(node.kind, a[0], b[0]), this.bin(node.kind, a[1], b[1])];
      case 'add': {
        const lo = this.bin('add', a[0], b[0]);
        const carry = this.temp((dst) => ({ op: 'set', cc: 'ult', dst, a: lo, b: a[0] }));
        return [lo, this.bin('add', this.bin('add', a[1], b[1]), carry)];
      }
      case 'sub': {
        const borrow = this.temp((dst) => ({ op: 'set', cc: 'ult', dst, a: a[0], b: b[0] }));
        const lo = this.bin('sub', a[0], b[0]);
        return [lo, this.bin('sub', this.bin('sub', a[1], b[1]), borrow)];
      }
      case 'mul': {
        const lo = this.bin('mul', a[0], b[0]);
        const high = this.bin('umulh', a[0], b[0]);
        const cross = this.bin('add', this.bin('mul', a[0], b[1]), this.bin('mul', a[1], b[0]));
        return [lo, this.bin('add', high, cross)];
      }
      default:
        throw new Unsupported();
    }
  }

  /** A 64-bit shift by a count known only at run time: by 0, by less than 32, or by 32 or more. */
  private variableShift64(kind: 'shl' | 'shr' | 'sar', [lo, hi]: Pair, count: Operand): Pair {
    const n = this.bin('and', count, imm(63));
    const rlo = this.newVreg();
    const rhi = this.newVreg();
    const none = this.newBlock();
    const some = this.newBlock();
    const small = this.newBlock();
    const large = this.newBlock();
    const end = this.newBlock();
    const set = (l: Operand, h: Operand) => {
      this.emit({ op: 'mov', dst: rlo, src: l });
      this.emit({ op: 'mov', dst: rhi, src: h });
      this.jump(end);
    };
    this.branch('eq', n, imm(0), none, some);
    this.start(none);
    set(lo, hi);
    this.start(some);
    this.branch('ult', n, imm(32), small, large);
    this.start(small);
    const back = this.bin('sub', imm(32), n);
    if (kind === 'shl') set(this.bin('shl', lo, n), this.bin('or', this.bin('shl', hi, n), this.bin('shr', lo, back)));
    else set(this.bin('or', this.bin('shr', lo, n), this.bin('shl', hi, back)), this.bin(kind, hi, n));
    this.start(large);
    const over = this.bin('sub', n, imm(32));
    if (kind === 'shl') set(imm(0), this.bin('shl', lo, over));
    else set(this.bin(kind, hi, over), kind === 'sar' ? this.bin('sar', hi, imm(31)) : imm(0));
    this.start(end);
    return [rlo, rhi];
  }

  private shift64(kind: 'shl' | 'shr' | 'sar', [lo, hi]: Pair, k: number): Pair {
    if (k === 0) return [lo, hi];
    if (kind === 'shl') {
      if (k >= 32) return [imm(0), this.bin('shl', lo, imm(k - 32))];
      return [this.bin('shl', lo, imm(k)), this.bin('or', this.bin('shl', hi, imm(k)), this.bin('shr', lo, imm(32 - k)))];
    }
    if (k >= 32) return [this.bin(kind, hi, imm(k - 32)), kind === 'sar' ? this.bin('sar', hi, imm(31)) : imm(0)];
    return [this.bin('or', this.bin('shr', lo, imm(k)), this.bin('shl', hi, imm(32 - k))), this.bin(kind, hi, imm(k))];
  }
}
