// -O1: a function's typed AST to the IR (ir.ts). Scalar locals whose address is never
// taken become virtual registers; aggregates and address-taken locals stay in the frame
// at the offsets the code generator gave them. Conditions lower straight to
// compare-and-branch. A construct the IR does not model (64-bit values, inline asm,
// varargs, VLAs, struct arguments and results) makes lowerFunction return undefined and
// the function goes to the AST code generator instead.

import type { Node, Obj } from './ast.js';
import { is64, isInteger, type Member, type Type } from './type.js';
import { evalConst } from './consteval.js';
import {
  imm, vreg, type Addr, type BinOp, type Block, type Cond, type ExtKind, type Inst, type IRFunction, type Operand, type VReg,
} from './ir.js';

class Unsupported extends Error {}

/** The IR of fn, or undefined when it uses something only the AST code generator handles. */
export function lowerFunction(fn: Obj, frameBytes: number): IRFunction | undefined {
  if (!supported(fn)) return undefined;
  const lowerer = new Lowerer(fn, promotable(fn));
  try {
    return lowerer.run(frameBytes);
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
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

/** Every node of the function, inlined bodies included. */
function walk(n: Node | undefined, visit: (n: Node) => void): void {
  if (!n) return;
  visit(n);
  walk(n.lhs, visit);
  walk(n.rhs, visit);
  walk(n.cond, visit);
  walk(n.then, visit);
  walk(n.els, visit);
  walk(n.init, visit);
  walk(n.inc, visit);
  for (const c of n.body ?? []) walk(c, visit);
  for (const c of n.args ?? []) walk(c, visit);
  if (n.inlined) {
    for (const a of n.inlined.args) walk(a, visit);
    walk(n.inlined.body, visit);
  }
}

function supported(fn: Obj): boolean {
  const ret = fn.ty.returnTy!;
  if (ret.kind === 'struct' || ret.kind === 'union' || is64(ret) || ret.kind === 'float') return false;
  let ok = true;
  walk(fn.body, (n) => {
    if (!ok) return;
    const k = n.kind;
    if (k === 'asm' || k === 'vastart' || k === 'vaarg' || k === 'vlaalloc' || n.retBuf) ok = false;
    else if (n.ty && (is64(n.ty) || n.ty.kind === 'float')) ok = false;
    else if (k === 'member' && n.member!.isBitfield && n.member!.unitSize === 8) ok = false;
    else if (k === 'memzero' && n.obj!.ty.size > 256) ok = false;
    else if (k === 'call' && n.args!.some((a) => a.ty!.kind === 'struct' || a.ty!.kind === 'union')) ok = false;
  });
  return ok;
}

/** Scalar locals that can live in virtual registers: their address is never needed. */
function promotable(fn: Obj): Set<Obj> {
  const pinned = new Set<Obj>();
  walk(fn.body, (n) => {
    if (n.kind === 'addr' && n.lhs!.kind === 'var') pinned.add(n.lhs!.obj!);
    if (n.kind === 'memzero') pinned.add(n.obj!);
  });
  const result = new Set<Obj>();
  for (const v of fn.locals) {
    const t = v.ty;
    if (pinned.has(v) || t.isVolatile || t.size > 4 || !(isInteger(t) || t.kind === 'ptr')) continue;
    result.add(v);
  }
  return result;
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
  private labels = new Map<string, Block>();
  private placed = new Set<Block>();
  private depth = 0;
  private returnTarget?: ReturnTarget;

  constructor(private fn: Obj, promoted: Set<Obj>) {
    for (const v of fn.locals) if (promoted.has(v)) this.vars.set(v, this.newVreg());
    this.cur = this.newBlock();
    this.place(this.cur);
  }

  run(frameBytes: number): IRFunction {
    for (const p of this.fn.params) {
      const r = this.vars.get(p);
      if (r) this.emit({ op: 'load', dst: r, addr: { frame: true, disp: p.offset, scale: 1 }, size: sizeOf(p.ty), signed: signedLoad(p.ty) });
    }
    this.stmt(this.fn.body!);
    if (!this.cur.term) this.cur.term = this.fn.name === 'main' ? { op: 'ret', value: imm(0) } : { op: 'ret' };
    for (const b of this.labels.values()) if (!this.placed.has(b)) throw new Unsupported();
    return { name: this.fn.asmName, blocks: this.blocks, vregCount: this.vregCount, varCount: this.vars.size, frameBytes, isMain: this.fn.name === 'main' };
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
    const value = node.lhs ? this.expr(node.lhs) : undefined;
    const target = this.returnTarget;
    if (target) {
      if (target.result && value) this.assignVar(target.result, value);
      this.jump(target.exit);
      return;
    }
    this.terminate({ op: 'ret', value });
  }

  private switchStmt(node: Node): void {
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
    let count = 0n;
    let min: bigint | undefined;
    let max: bigint | undefined;
    for (const c of cases) {
      count += c.caseEnd! - c.caseBegin! + 1n;
      if (min === undefined || c.caseBegin! < min) min = c.caseBegin!;
      if (max === undefined || c.caseEnd! > max) max = c.caseEnd!;
    }
    if (min === undefined || max === undefined || count < 6n) return false;
    const range = max - min + 1n;
    if (range > 4096n || count * 3n < range) return false;
    const table: Block[] = new Array(Number(range)).fill(dflt);
    for (let k = cases.length - 1; k >= 0; k--) {
      const c = cases[k];
      const target = this.labelBlock(c.label!);
      for (let v = c.caseBegin!; v <= c.caseEnd!; v++) table[Number(v - min)] = target;
    }
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
        const a = this.expr(node.lhs!);
        const b = this.expr(node.rhs!);
        this.branch(condFor(node.kind, isUnsignedOperand(node.lhs!.ty!)), a, b, then, els);
        return;
      }
      default: {
        const v = this.expr(node);
        this.branch('ne', v, imm(0), then, els);
      }
    }
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
      if (!base.index) {
        const scaled = off.kind === 'mul' && off.rhs!.kind === 'num' ? toInt32(off.rhs!.val!) : 0;
        if (scaled === 1 || scaled === 2 || scaled === 4 || scaled === 8) {
          const index = this.regOf(this.expr(off.lhs!));
          return { ...base, index, scale: scaled };
        }
        return { ...base, index: this.regOf(this.expr(off)), scale: 1 };
      }
      return { base: this.regOf(this.addrValue(base)), disp: 0, scale: 1, index: this.regOf(this.expr(off)) };
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
    return this.temp((dst) => ({ op: 'load', dst, addr, size: sizeOf(ty), signed: signedLoad(ty) }));
  }

  /** The value of an expression; for aggregates, their address. */
  private expr(node: Node): Operand {
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
        if (node.member!.isBitfield) return this.loadBitfield(this.addr(node.lhs!), node.member!);
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
        return this.convert(this.expr(node.lhs!), node.lhs!.ty!, node.ty!);
      case 'memzero': {
        const v = node.obj!;
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
      case 'logand': case 'logor': {
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
      case 'bitnot':
        return this.temp((dst) => ({ op: 'not', dst, a: this.expr(node.lhs!) }));
      case 'neg':
        return this.temp((dst) => ({ op: 'neg', dst, a: this.expr(node.lhs!) }));
      case 'call':
        return this.call(node);
      case 'inline':
        return this.inlined(node);
      default:
        return this.binary(node);
    }
  }

  private binary(node: Node): Operand {
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
      return this.storeBitfield(a, lhs.member!, this.expr(node.rhs!));
    }
    const a = this.addr(lhs);
    const ty = lhs.ty!;
    if (ty.kind === 'struct' || ty.kind === 'union') {
      const src = this.operandAddr(this.expr(node.rhs!));
      this.copy(a, src, ty.size);
      return this.addrValue(a);
    }
    const v = this.expr(node.rhs!);
    this.emit({ op: 'store', addr: a, src: v, size: sizeOf(ty) });
    return v;
  }

  private assignVar(v: Obj, value: Operand): void {
    const r = this.vars.get(v);
    if (r) this.emit({ op: 'mov', dst: r, src: value });
    else if (isAggregate(v.ty)) this.copy(this.addr({ kind: 'var', obj: v, ty: v.ty } as Node), this.operandAddr(value), v.ty.size);
    else this.emit({ op: 'store', addr: { frame: true, disp: v.offset, scale: 1 }, src: value, size: sizeOf(v.ty) });
  }

  private copy(dst: Addr, src: Addr, size: number): void {
    for (let i = 0; i < size; ) {
      const n = size - i >= 4 ? 4 : size - i >= 2 ? 2 : 1;
      const t = this.temp((d) => ({ op: 'load', dst: d, addr: { ...src, disp: src.disp + i }, size: n, signed: false }));
      this.emit({ op: 'store', addr: { ...dst, disp: dst.disp + i }, src: t, size: n });
      i += n;
    }
  }

  private loadBitfield(base: Addr, m: Member): Operand {
    const addr = { ...base, disp: base.disp + m.offset };
    const unit = this.temp((dst) => ({ op: 'load', dst, addr, size: m.unitSize as 1 | 2 | 4, signed: false }));
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
  private storeBitfield(base: Addr, m: Member, v: Operand): Operand {
    const addr = { ...base, disp: base.disp + m.offset };
    const mask = m.bitWidth >= 32 ? -1 : (1 << m.bitWidth) - 1;
    const shiftedMask = (mask << m.bitOffset) | 0;
    const size = m.unitSize as 1 | 2 | 4;
    const masked = m.bitWidth < 32 ? this.bin('and', v, imm(mask)) : v;
    const field = m.bitOffset ? this.bin('shl', masked, imm(m.bitOffset)) : masked;
    const old = this.temp((dst) => ({ op: 'load', dst, addr, size, signed: false }));
    const kept = this.bin('and', old, imm(~shiftedMask));
    const merged = this.bin('or', kept, field);
    this.emit({ op: 'store', addr, src: merged, size });
    const signed = !m.ty.isUnsigned && m.ty.kind !== 'bool';
    return this.extractBits(v, 0, m.bitWidth, signed);
  }

  private call(node: Node): Operand {
    const args: Operand[] = new Array(node.args!.length);
    // Right to left, as the AST code generator evaluates them.
    for (let i = node.args!.length - 1; i >= 0; i--) args[i] = this.expr(node.args![i]);
    const callee = node.lhs!;
    const target = callee.kind === 'var' && callee.obj!.isFunction ? imm(0, callee.obj!.asmName) : this.expr(callee);
    const rt = node.funcTy!.returnTy!;
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

  private inlined(node: Node): Operand {
    const call = node.inlined!;
    call.params.forEach((p, i) => this.assignVar(p, this.expr(call.args[i])));
    const outer = this.returnTarget;
    const exit = this.labelBlock(call.exitLabel);
    this.returnTarget = { exit, result: call.result };
    this.stmt(call.body);
    this.returnTarget = outer;
    this.start(exit);
    if (!call.result) return imm(0);
    return this.expr({ kind: 'var', tok: node.tok, obj: call.result, ty: call.result.ty });
  }
}
