// One machine instruction being put together: prefixes, opcode, ModRM, SIB,
// displacement and immediates. Fields whose value is not known yet carry their
// expression and become fixups when the instruction is emitted.

import { StatementError } from './cursor.js';
import type { Expr } from './expr.js';
import type { Value } from './eval.js';
import type { MemoryRef, Operand } from './operand.js';
import { SEGMENT_PREFIX, type Register } from './registers.js';

export interface Field {
  size: 1 | 2 | 4;
  n: number;
  /** Present when the value needs a fixup. */
  expr?: Expr;
  pcrel?: boolean;
  /** Operand position, for diagnostics. */
  at: number;
}

export class Inst {
  seg = -1;
  addrPrefix = false;
  dataPrefix = false;
  rep = 0;
  lock = false;
  opcode: number[] = [];
  modrm = -1;
  sib = -1;
  disp: Field | undefined;
  imms: Field[] = [];

  /** Clears the instruction for reuse: emission copies everything out of it. */
  reset(): this {
    this.seg = -1;
    this.addrPrefix = false;
    this.dataPrefix = false;
    this.rep = 0;
    this.lock = false;
    this.opcode.length = 0;
    this.modrm = -1;
    this.sib = -1;
    this.disp = undefined;
    this.imms.length = 0;
    return this;
  }
}

/** Parse-time evaluation of an expression. */
export type EvalNow = (e: Expr, at: number) => Value;

export function fitsSigned8(n: number): boolean {
  return n >= -128 && n <= 127;
}

/** The value as the instruction's operand size sees it, sign-extended. */
export function asSigned(n: number, bits: 8 | 16 | 32): number {
  if (bits === 32) return n | 0;
  if (bits === 16) return (n << 16) >> 16;
  return (n << 24) >> 24;
}

export function field(size: 1 | 2 | 4, expr: Expr, evalNow: EvalNow, at: number): Field {
  const v = evalNow(expr, at);
  if (v.terms.length === 0) return { size, n: v.n, at };
  return { size, n: 0, expr, at };
}

export function modrm(mod: number, reg: number, rm: number): number {
  return (mod << 6) | ((reg & 7) << 3) | (rm & 7);
}

/** ModRM with a register in the r/m field. */
export function setRegisterRM(inst: Inst, reg: number, rm: Register): void {
  inst.modrm = modrm(3, reg, rm.num);
}

/** ModRM (and SIB and displacement) for a memory operand; `reg` is the ModRM reg field. */
export function setMemoryRM(inst: Inst, reg: number, mem: MemoryRef, code16: boolean, evalNow: EvalNow, at: number): void {
  if (mem.seg && mem.seg.num !== defaultSegment(mem)) inst.seg = SEGMENT_PREFIX[mem.seg.num];
  const regSize = mem.base?.size ?? mem.index?.size ?? (code16 ? 16 : 32);
  if (mem.base && mem.index && mem.base.size !== mem.index.size) throw new StatementError('base and index registers differ in size', at);
  if (regSize === 16 !== code16) inst.addrPrefix = true;
  if (regSize === 16) setMemory16(inst, reg, mem, evalNow, at);
  else setMemory32(inst, reg, mem, evalNow, at);
}

const SEG_SS = 2;
const SEG_DS = 3;

/** The segment an address uses without override (GNU as drops an override that names it). */
export function defaultSegment(mem: MemoryRef): number {
  const base = mem.base;
  if (base && (base.name === 'esp' || base.name === 'ebp' || base.name === 'bp')) return SEG_SS;
  return SEG_DS;
}

function displacement(mem: MemoryRef, evalNow: EvalNow, at: number): { known: boolean; n: number } {
  if (!mem.disp) return { known: true, n: 0 };
  const v = evalNow(mem.disp, at);
  return v.terms.length === 0 ? { known: true, n: v.n } : { known: false, n: 0 };
}

function setMemory32(inst: Inst, reg: number, mem: MemoryRef, evalNow: EvalNow, at: number): void {
  const { base, index } = mem;
  const d = displacement(mem, evalNow, at);
  const disp32 = (): Field => (d.known ? { size: 4, n: d.n, at } : { size: 4, n: 0, expr: mem.disp, at });
  if (index && index.num === 4) throw new StatementError("'%esp' cannot be an index register", at);
  if (!base && !index) {
    inst.modrm = modrm(0, reg, 5);
    inst.disp = disp32();
    return;
  }
  let mod: number;
  if (!base) mod = 0;
  else if (d.known && d.n === 0 && base.num !== 5) mod = 0;
  else if (d.known && fitsSigned8(d.n | 0)) mod = 1;
  else mod = 2;
  if (mod === 1) inst.disp = { size: 1, n: d.n, at };
  else if (mod === 2 || !base) inst.disp = disp32();
  const scaleBits = [0, 0, 1, 0, 2, 0, 0, 0, 3][mem.scale];
  if (index || base!.num === 4) {
    inst.modrm = modrm(mod, reg, 4);
    inst.sib = (scaleBits << 6) | ((index ? index.num : 4) << 3) | (base ? base.num : 5);
  } else {
    inst.modrm = modrm(mod, reg, base!.num);
  }
}

// 16-bit addressing: the legal base/index pairs and their r/m codes.
const RM16: Record<string, number> = { 'bx+si': 0, 'bx+di': 1, 'bp+si': 2, 'bp+di': 3, si: 4, di: 5, bp: 6, bx: 7 };

function setMemory16(inst: Inst, reg: number, mem: MemoryRef, evalNow: EvalNow, at: number): void {
  const d = displacement(mem, evalNow, at);
  if (mem.scale !== 1) throw new StatementError('16-bit addressing has no scale factor', at);
  if (!mem.base && !mem.index) {
    inst.modrm = modrm(0, reg, 6);
    inst.disp = d.known ? { size: 2, n: d.n, at } : { size: 2, n: 0, expr: mem.disp, at };
    return;
  }
  const key = [mem.base?.name, mem.index?.name].filter(Boolean).join('+');
  const rm = RM16[key];
  if (rm === undefined) throw new StatementError(`'(${key.replace('+', ',')})' is not a valid 16-bit address`, at);
  let mod: number;
  if (d.known && d.n === 0 && rm !== 6) mod = 0;
  else if (d.known && fitsSigned8(asSigned(d.n, 16))) mod = 1;
  else mod = 2;
  inst.modrm = modrm(mod, reg, rm);
  if (mod === 1) inst.disp = { size: 1, n: d.n, at };
  if (mod === 2) inst.disp = d.known ? { size: 2, n: d.n, at } : { size: 2, n: 0, expr: mem.disp, at };
}

/** ModRM for an r/m operand that is either a general register or memory. */
export function setRM(inst: Inst, reg: number, op: Operand, code16: boolean, evalNow: EvalNow): void {
  if (op.k === 'reg') setRegisterRM(inst, reg, op.reg);
  else if (op.k === 'mem') setMemoryRM(inst, reg, op, code16, evalNow, op.at);
  else throw new StatementError('expected a register or memory operand', op.at, op.span);
}
