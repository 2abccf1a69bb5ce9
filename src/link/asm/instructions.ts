// The i386 instruction set as GNU as spells it in AT&T syntax: a table from
// mnemonic to an encoding family, and one small function per family that checks
// the operands and fills in an Inst. Encodings follow the Intel SDM and AMD APM;
// where several are legal, the choice is GNU as's (the shortest, store-form
// ModRM for register pairs), so objects compare byte for byte.

import { StatementError } from './cursor.js';
import type { Expr } from './expr.js';
import {
  type EvalNow,
  type Field,
  Inst,
  asSigned,
  field,
  fitsSigned8,
  setMemoryRM,
  setRM,
  setRegisterRM,
} from './encoder.js';
import { type Operand, describeOperand } from './operand.js';
import type { Register } from './registers.js';

export type OpSize = 8 | 16 | 32;

export interface InstContext {
  /** The mnemonic as written, and the table entry it resolved to. */
  mnemonic: string;
  name: string;
  suffix: OpSize | undefined;
  ops: Operand[];
  code16: boolean;
  /** The instruction text, for messages (computed only when one is needed). */
  text(): string;
  /** Column of the mnemonic in the statement (0-based). */
  at: number;
  evalNow: EvalNow;
  inst: Inst;
  emit(inst: Inst): void;
  warn(message: string, at: number, span: number): void;
  /** A relaxable jmp/jcc to `target`. */
  branch(op: 'jmp' | 'jcc', cc: number, target: Expr, inst: Inst): void;
}

type Handler = (c: InstContext, arg: number) => void;

interface Entry {
  handler: Handler;
  arg: number;
  /** Accepts a b/w/l size suffix. */
  suffixes: boolean;
}

const TABLE = new Map<string, Entry>();

function def(names: string | string[], handler: Handler, arg = 0, suffixes = true): void {
  for (const name of typeof names === 'string' ? names.split(' ') : names) TABLE.set(name, { handler, arg, suffixes });
}

export interface MnemonicMatch {
  entry: Entry;
  name: string;
  suffix?: OpSize;
}

const matchCache = new Map<string, MnemonicMatch | null>();

/** The table entry for a mnemonic as written (`movl` is mov with an l suffix), cached. */
export function lookupMnemonic(m: string): MnemonicMatch | undefined {
  let match = matchCache.get(m);
  if (match === undefined) {
    const alias = stringAlias(m);
    match = (alias ? { ...matchMnemonic(alias.name)!, suffix: alias.suffix } : matchMnemonic(m)) ?? null;
    matchCache.set(m, match);
  }
  return match ?? undefined;
}

function matchMnemonic(m: string): MnemonicMatch | undefined {
  const exact = TABLE.get(m);
  if (exact) return { entry: exact, name: m };
  const last = m[m.length - 1];
  const size = last === 'b' ? 8 : last === 'w' ? 16 : last === 'l' ? 32 : undefined;
  if (!size) return undefined;
  const base = TABLE.get(m.slice(0, -1));
  if (!base || !base.suffixes) return undefined;
  return { entry: base, name: m.slice(0, -1), suffix: size };
}

export function knownMnemonics(): string[] {
  return [...TABLE.keys()];
}

// ---- helpers shared by the families ----

function fail(c: InstContext, message: string, at = c.at, span = 1): never {
  throw new StatementError(message, at, span);
}

function badOperands(c: InstContext): never {
  const kinds = c.ops.map(describeOperand).join(', ') || 'no operands';
  return fail(c, `\`${c.text()}\`: invalid operand combination for '${c.name}' (${kinds})`, c.at, c.mnemonic.length);
}

const INDIRECT = new Set(['jmp', 'call', 'ljmp', 'lcall']);

/** Checks the operand count (one of up to three) and `*`. Fixed parameters: this runs for every instruction. */
function count(c: InstContext, first: number, second?: number, third?: number): void {
  const ops = c.ops;
  const n = ops.length;
  if (n !== first && n !== second && n !== third) {
    const allowed = [first, second, third].filter((x) => x !== undefined);
    const want = allowed.join(' or ');
    fail(c, `'${c.mnemonic}' takes ${want} operand${allowed.length === 1 && allowed[0] === 1 ? '' : 's'}, got ${n}`, c.at, c.mnemonic.length);
  }
  for (let k = 0; k < n; k++) if (ops[k].star && !INDIRECT.has(c.name)) fail(c, `'*' is only for indirect jumps and calls`, ops[k].at);
}

const isGpr = (op: Operand): op is Operand & { k: 'reg' } => op.k === 'reg' && op.reg.cls === 'gpr';
const isReg = (op: Operand, cls: Register['cls']): op is Operand & { k: 'reg' } => op.k === 'reg' && op.reg.cls === cls;
const isRM = (op: Operand): boolean => isGpr(op) || op.k === 'mem';
const isAcc = (op: Operand): boolean => isGpr(op) && op.reg.num === 0;
const isImm = (op: Operand): op is Operand & { k: 'imm' } => op.k === 'imm';
const isMem = (op: Operand): op is Operand & { k: 'mem' } => op.k === 'mem';

/** The operand size: the suffix, the general registers among `sized`, or `fallback`. */
function operandSize(c: InstContext, sized: Operand[], fallback?: OpSize): OpSize {
  let size: OpSize | undefined = c.suffix;
  for (let k = 0; k < sized.length; k++) {
    const op = sized[k];
    if (!isGpr(op)) continue;
    if (size !== undefined && op.reg.size !== size) fail(c, `\`${c.text()}\`: operand sizes differ`, op.at, op.span);
    size = op.reg.size;
  }
  if (size !== undefined) return size;
  if (fallback !== undefined) return fallback;
  return fail(c, `\`${c.text()}\`: operand size is ambiguous; add a b, w or l suffix`, c.at, c.mnemonic.length);
}

function codeSize(c: InstContext): 16 | 32 {
  return c.code16 ? 16 : 32;
}

/** The 0x66 prefix when the operand size is not the code's default. */
function setDataSize(c: InstContext, size: OpSize): void {
  if ((size === 16 && !c.code16) || (size === 32 && c.code16)) c.inst.dataPrefix = true;
}

function rm(c: InstContext, reg: number, op: Operand): void {
  setRM(c.inst, reg, op, c.code16, c.evalNow);
}

function immediate(c: InstContext, op: Operand, bytes: 1 | 2 | 4): Field {
  const f = field(bytes, (op as { expr: Expr }).expr, c.evalNow, op.at);
  if (!f.expr) checkImmediateRange(c, f.n, bytes, op);
  return f;
}

function checkImmediateRange(c: InstContext, n: number, bytes: number, op: Operand): void {
  const bits = bytes * 8;
  if (n < -(2 ** (bits - 1)) || n >= 2 ** bits) c.warn(`value ${n} does not fit in a ${bits}-bit immediate; truncated`, op.at, op.span);
}

function bytesOf(size: OpSize): 1 | 2 | 4 {
  return size === 8 ? 1 : size === 16 ? 2 : 4;
}

/** Appends opcode bytes (at most three: an escape, the opcode, a third byte). Fixed parameters: a rest array per instruction was garbage. */
function op(c: InstContext, first: number, second?: number, third?: number): void {
  const opcode = c.inst.opcode;
  opcode.push(first);
  if (second !== undefined) opcode.push(second);
  if (third !== undefined) opcode.push(third);
}

// ---- families ----

const ALU = ['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp'];

function alu(c: InstContext, n: number): void {
  count(c, 2);
  const [src, dst] = c.ops;
  if (isImm(src) && isRM(dst)) {
    const size = operandSize(c, [dst]);
    setDataSize(c, size);
    const f = immediate(c, src, bytesOf(size));
    if (size === 8) {
      if (isAcc(dst)) op(c, 0x04 + 8 * n);
      else op(c, 0x80), rm(c, n, dst);
    } else if (!f.expr && fitsSigned8(asSigned(f.n, size))) {
      op(c, 0x83), rm(c, n, dst);
      f.size = 1;
    } else if (isAcc(dst)) op(c, 0x05 + 8 * n);
    else op(c, 0x81), rm(c, n, dst);
    c.inst.imms.push(f);
  } else if (isGpr(src) && isRM(dst)) {
    const size = operandSize(c, [src, dst]);
    setDataSize(c, size);
    op(c, (size === 8 ? 0 : 1) + 8 * n), rm(c, src.reg.num, dst);
  } else if (isMem(src) && isGpr(dst)) {
    const size = operandSize(c, [dst]);
    setDataSize(c, size);
    op(c, (size === 8 ? 2 : 3) + 8 * n), rm(c, dst.reg.num, src);
  } else badOperands(c);
  c.emit(c.inst);
}

function test(c: InstContext): void {
  count(c, 2);
  const [src, dst] = c.ops;
  if (isImm(src) && isRM(dst)) {
    const size = operandSize(c, [dst]);
    setDataSize(c, size);
    if (isAcc(dst)) op(c, size === 8 ? 0xa8 : 0xa9);
    else op(c, size === 8 ? 0xf6 : 0xf7), rm(c, 0, dst);
    c.inst.imms.push(immediate(c, src, bytesOf(size)));
  } else if (isGpr(src) && isRM(dst)) {
    const size = operandSize(c, [src, dst]);
    setDataSize(c, size);
    op(c, size === 8 ? 0x84 : 0x85), rm(c, src.reg.num, dst);
  } else if (isMem(src) && isGpr(dst)) {
    const size = operandSize(c, [dst]);
    setDataSize(c, size);
    op(c, size === 8 ? 0x84 : 0x85), rm(c, dst.reg.num, src);
  } else badOperands(c);
  c.emit(c.inst);
}

function shift(c: InstContext, n: number): void {
  count(c, 1, 2);
  const target = c.ops[c.ops.length - 1];
  if (!isRM(target)) badOperands(c);
  const size = operandSize(c, [target]);
  setDataSize(c, size);
  const wide = size === 8 ? 0 : 1;
  if (c.ops.length === 1) {
    op(c, 0xd0 + wide);
  } else {
    const count = c.ops[0];
    if (isReg(count, 'gpr') && count.reg.name === 'cl') op(c, 0xd2 + wide);
    else if (isImm(count)) {
      const f = immediate(c, count, 1);
      if (!f.expr && f.n === 1) op(c, 0xd0 + wide);
      else op(c, 0xc0 + wide), c.inst.imms.push(f);
    } else badOperands(c);
  }
  rm(c, n, target);
  c.emit(c.inst);
}

function group3(c: InstContext, n: number): void {
  count(c, 1);
  const [target] = c.ops;
  if (!isRM(target)) badOperands(c);
  const size = operandSize(c, [target]);
  setDataSize(c, size);
  op(c, size === 8 ? 0xf6 : 0xf7), rm(c, n, target);
  c.emit(c.inst);
}

function incDec(c: InstContext, n: number): void {
  count(c, 1);
  const [target] = c.ops;
  if (!isRM(target)) badOperands(c);
  const size = operandSize(c, [target]);
  setDataSize(c, size);
  if (isGpr(target) && size !== 8) op(c, 0x40 + 8 * n + target.reg.num);
  else op(c, size === 8 ? 0xfe : 0xff), rm(c, n, target);
  c.emit(c.inst);
}

function imul(c: InstContext): void {
  count(c, 1, 2, 3);
  if (c.ops.length === 1) return group3(c, 5);
  const dst = c.ops[c.ops.length - 1];
  if (!isGpr(dst)) badOperands(c);
  const src = c.ops.length === 3 ? c.ops[1] : isImm(c.ops[0]) ? dst : c.ops[0];
  if (!isRM(src)) badOperands(c);
  const size = operandSize(c, [src, dst]);
  if (size === 8) badOperands(c);
  setDataSize(c, size);
  if (isImm(c.ops[0])) {
    const f = immediate(c, c.ops[0], bytesOf(size));
    if (!f.expr && fitsSigned8(asSigned(f.n, size))) (f.size = 1), op(c, 0x6b);
    else op(c, 0x69);
    rm(c, dst.reg.num, src);
    c.inst.imms.push(f);
  } else {
    if (c.ops.length === 3) badOperands(c);
    op(c, 0x0f, 0xaf), rm(c, dst.reg.num, src);
  }
  c.emit(c.inst);
}

function mov(c: InstContext): void {
  count(c, 2);
  const [src, dst] = c.ops;
  const inst = c.inst;
  if (isReg(src, 'seg') && isRM(dst)) {
    if (isGpr(dst)) {
      if (dst.reg.size === 8 || (c.suffix && c.suffix !== dst.reg.size)) badOperands(c);
      setDataSize(c, dst.reg.size);
    }
    op(c, 0x8c), rm(c, src.reg.num, dst);
  } else if (isRM(src) && isReg(dst, 'seg')) {
    if (isGpr(src) && src.reg.size === 8) badOperands(c);
    if (dst.reg.name === 'cs') fail(c, `\`${c.text()}\`: '%cs' cannot be loaded with mov`, dst.at);
    op(c, 0x8e), rm(c, dst.reg.num, src);
  } else if ((isReg(src, 'cr') || isReg(src, 'dr')) && isGpr(dst)) {
    if (dst.reg.size !== 32) fail(c, `\`${c.text()}\`: operand sizes differ`, dst.at, dst.span);
    op(c, 0x0f, src.reg.cls === 'cr' ? 0x20 : 0x21), setRegisterRM(inst, src.reg.num, dst.reg);
  } else if (isGpr(src) && (isReg(dst, 'cr') || isReg(dst, 'dr'))) {
    if (src.reg.size !== 32) fail(c, `\`${c.text()}\`: operand sizes differ`, src.at, src.span);
    op(c, 0x0f, dst.reg.cls === 'cr' ? 0x22 : 0x23), setRegisterRM(inst, dst.reg.num, src.reg);
  } else if (isImm(src) && isRM(dst)) {
    const size = operandSize(c, [dst]);
    setDataSize(c, size);
    if (isGpr(dst)) op(c, (size === 8 ? 0xb0 : 0xb8) + dst.reg.num);
    else op(c, size === 8 ? 0xc6 : 0xc7), rm(c, 0, dst);
    inst.imms.push(immediate(c, src, bytesOf(size)));
  } else if (isGpr(src) && isRM(dst)) {
    const size = operandSize(c, [src, dst]);
    setDataSize(c, size);
    if (isAcc(src) && isMem(dst) && isDirect(dst)) moffs(c, 0xa2, size, dst);
    else op(c, size === 8 ? 0x88 : 0x89), rm(c, src.reg.num, dst);
  } else if (isMem(src) && isGpr(dst)) {
    const size = operandSize(c, [dst]);
    setDataSize(c, size);
    if (isAcc(dst) && isDirect(src)) moffs(c, 0xa0, size, src);
    else op(c, size === 8 ? 0x8a : 0x8b), rm(c, dst.reg.num, src);
  } else badOperands(c);
  c.emit(inst);
}

function isDirect(mem: Operand & { k: 'mem' }): boolean {
  return !mem.base && !mem.index;
}

/** mov between the accumulator and an absolute address (A0-A3). */
function moffs(c: InstContext, opcode: number, size: OpSize, mem: Operand & { k: 'mem' }): void {
  op(c, opcode + (size === 8 ? 0 : 1));
  if (mem.seg && mem.seg.name !== 'ds') c.inst.seg = [0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65][mem.seg.num];
  c.inst.disp = field(c.code16 ? 2 : 4, mem.disp!, c.evalNow, mem.at);
}

/** movzx/movsx; arg packs the opcode's low byte and the source size (0 = from the operand). */
function movExtend(c: InstContext, arg: number): void {
  count(c, 2);
  const [src, dst] = c.ops;
  if (!isRM(src) || !isGpr(dst)) badOperands(c);
  const signed = (arg & 1) !== 0;
  let srcSize = (arg >> 1) & 0x3f;
  const dstSize = (arg >> 7) as OpSize | 0;
  if (!srcSize) {
    if (isGpr(src)) srcSize = src.reg.size;
    else if (c.suffix === 8 || c.suffix === 16) srcSize = c.suffix;
    else srcSize = 8; // GNU as reads a bare movzx/movsx from memory as a byte source

  }
  if (isGpr(src) && src.reg.size !== srcSize) fail(c, `\`${c.text()}\`: operand sizes differ`, src.at, src.span);
  if (dstSize && dst.reg.size !== dstSize) fail(c, `\`${c.text()}\`: operand sizes differ`, dst.at, dst.span);
  if (dst.reg.size <= srcSize) badOperands(c);
  setDataSize(c, dst.reg.size);
  op(c, 0x0f, (signed ? 0xbe : 0xb6) + (srcSize === 16 ? 1 : 0)), rm(c, dst.reg.num, src);
  c.emit(c.inst);
}

function lea(c: InstContext): void {
  count(c, 2);
  const [src, dst] = c.ops;
  if (!isMem(src) || !isGpr(dst) || dst.reg.size === 8) badOperands(c);
  setDataSize(c, operandSize(c, [dst]));
  op(c, 0x8d), rm(c, dst.reg.num, src);
  c.emit(c.inst);
}

function xchg(c: InstContext): void {
  count(c, 2);
  const [a, b] = c.ops;
  if (!isRM(a) || !isRM(b) || (isMem(a) && isMem(b))) badOperands(c);
  const size = operandSize(c, [a, b]);
  setDataSize(c, size);
  if (size !== 8 && isGpr(a) && isGpr(b) && (isAcc(a) || isAcc(b))) {
    op(c, 0x90 + ((isAcc(a) ? b : a) as Operand & { k: 'reg' }).reg.num);
  } else {
    const reg = isGpr(a) ? a : (b as Operand & { k: 'reg' });
    const other = reg === a ? b : a;
    op(c, size === 8 ? 0x86 : 0x87), rm(c, reg.reg.num, other);
  }
  c.emit(c.inst);
}

const PUSH_SEG = [0x06, 0x0e, 0x16, 0x1e, 0xa0, 0xa8];

function pushPop(c: InstContext, pop: number): void {
  count(c, 1);
  const [x] = c.ops;
  if (x.k === 'reg' && x.reg.cls === 'seg') {
    if (pop && x.reg.name === 'cs') fail(c, "'%cs' cannot be popped", x.at);
    setDataSize(c, c.suffix ?? codeSize(c));
    const code = PUSH_SEG[x.reg.num] + pop;
    if (x.reg.num >= 4) op(c, 0x0f, code);
    else op(c, code);
  } else if (x.k === 'reg' && x.reg.cls === 'gpr') {
    const size = operandSize(c, [x]);
    if (size === 8) badOperands(c);
    setDataSize(c, size);
    op(c, (pop ? 0x58 : 0x50) + x.reg.num);
  } else if (isMem(x)) {
    const size = operandSize(c, [], codeSize(c));
    if (size === 8) badOperands(c);
    setDataSize(c, size);
    if (pop) op(c, 0x8f), rm(c, 0, x);
    else op(c, 0xff), rm(c, 6, x);
  } else if (isImm(x) && !pop) {
    const size = operandSize(c, [], codeSize(c));
    if (size === 8) badOperands(c);
    setDataSize(c, size);
    const f = immediate(c, x, bytesOf(size));
    if (!f.expr && fitsSigned8(asSigned(f.n, size))) (f.size = 1), op(c, 0x6a);
    else op(c, 0x68);
    c.inst.imms.push(f);
  } else badOperands(c);
  c.emit(c.inst);
}

/** One-byte (or fixed) opcode whose operand size follows the suffix (pushf, iret, cwtl…). */
function sized(c: InstContext, opcode: number): void {
  count(c, 0);
  if (c.suffix === 8) badOperands(c);
  if (c.suffix) setDataSize(c, c.suffix);
  op(c, opcode);
  c.emit(c.inst);
}

/** Fixed bytes, no operands; arg packs up to three opcode bytes, first byte highest. */
function fixed(c: InstContext, bytes: number): void {
  count(c, 0);
  emitPacked(c, bytes);
}

function emitPacked(c: InstContext, bytes: number): void {
  if (bytes > 0xffff) op(c, bytes >>> 16);
  if (bytes > 0xff) op(c, (bytes >>> 8) & 0xff);
  op(c, bytes & 0xff);
  c.emit(c.inst);
}

/** cwtl/cltd style: the 16-bit variant sets the data size. */
function convert(c: InstContext, arg: number): void {
  count(c, 0);
  setDataSize(c, arg >> 8 === 16 ? 16 : 32);
  op(c, arg & 0xff);
  c.emit(c.inst);
}

/** SVM instructions, whose implicit register operands (%eax, %ecx) may be written. */
function svm(c: InstContext, arg: number): void {
  const want = arg >> 8 === 2 ? ['eax', 'ecx'] : arg >> 8 === 1 ? ['eax'] : [];
  if (c.ops.length && (c.ops.length !== want.length || c.ops.some((o, i) => !isGpr(o) || o.reg.name !== want[i]))) badOperands(c);
  op(c, 0x0f, 0x01, arg & 0xff);
  c.emit(c.inst);
}

const CONDITIONS: Record<string, number> = {
  o: 0, no: 1, b: 2, c: 2, nae: 2, ae: 3, nb: 3, nc: 3, e: 4, z: 4, ne: 5, nz: 5, be: 6, na: 6, a: 7, nbe: 7,
  s: 8, ns: 9, p: 10, pe: 10, np: 11, po: 11, l: 12, nge: 12, ge: 13, nl: 13, le: 14, ng: 14, g: 15, nle: 15,
};

/** A direct branch target: a bare expression (memory form without registers). */
function directTarget(x: Operand): Expr | undefined {
  if (x.k === 'mem' && !x.star && !x.base && !x.index && !x.seg) return x.disp;
  return undefined;
}

function jcc(c: InstContext, cc: number): void {
  count(c, 1);
  const target = directTarget(c.ops[0]);
  if (!target) badOperands(c);
  c.branch('jcc', cc, target, c.inst);
}

function jmpCall(c: InstContext, isCall: number): void {
  count(c, 1, 2);
  if (c.ops.length === 2) return farDirect(c, isCall ? 0x9a : 0xea);
  const [x] = c.ops;
  const target = directTarget(x);
  if (target) {
    if (c.suffix && c.suffix !== codeSize(c)) setDataSize(c, c.suffix);
    if (!isCall) return c.branch('jmp', 0, target, c.inst);
    op(c, 0xe8);
    const size = c.suffix ?? codeSize(c);
    c.inst.imms.push({ size: size === 16 ? 2 : 4, n: 0, expr: target, pcrel: true, at: x.at });
    return c.emit(c.inst);
  }
  if (!isRM(x)) badOperands(c);
  const size = operandSize(c, [x], codeSize(c));
  if (size === 8) badOperands(c);
  setDataSize(c, size);
  op(c, 0xff), rm(c, isCall ? 2 : 4, x);
  c.emit(c.inst);
}

function farDirect(c: InstContext, opcode: number): void {
  const [seg, off] = c.ops;
  if (!isImm(seg) || !isImm(off)) badOperands(c);
  const size = c.suffix ?? codeSize(c);
  setDataSize(c, size);
  op(c, opcode);
  c.inst.imms.push(immediate(c, off, size === 16 ? 2 : 4), immediate(c, seg, 2));
  c.emit(c.inst);
}

function farJmpCall(c: InstContext, isCall: number): void {
  count(c, 1, 2);
  if (c.ops.length === 2) return farDirect(c, isCall ? 0x9a : 0xea);
  const [x] = c.ops;
  if (!isMem(x)) badOperands(c);
  if (c.suffix) setDataSize(c, c.suffix);
  op(c, 0xff), rm(c, isCall ? 3 : 5, x);
  c.emit(c.inst);
}

/** loop/jecxz: rel8 only, no relaxation. arg: opcode, plus 0x100 for the %cx form. */
function loopLike(c: InstContext, arg: number): void {
  count(c, 1, 2);
  const target = directTarget(c.ops[0]);
  if (!target) badOperands(c);
  if (arg & 0x100) c.inst.addrPrefix = !c.code16;
  else if (arg & 0x200) c.inst.addrPrefix = c.code16;
  op(c, arg & 0xff);
  c.inst.imms.push({ size: 1, n: 0, expr: target, pcrel: true, at: c.ops[0].at });
  c.emit(c.inst);
}

function setcc(c: InstContext, cc: number): void {
  count(c, 1);
  const [x] = c.ops;
  if (!isRM(x) || (isGpr(x) && x.reg.size !== 8)) badOperands(c);
  op(c, 0x0f, 0x90 + cc), rm(c, 0, x);
  c.emit(c.inst);
}

function cmovcc(c: InstContext, cc: number): void {
  count(c, 2);
  const [src, dst] = c.ops;
  if (!isRM(src) || !isGpr(dst)) badOperands(c);
  const size = operandSize(c, [src, dst]);
  if (size === 8) badOperands(c);
  setDataSize(c, size);
  op(c, 0x0f, 0x40 + cc), rm(c, dst.reg.num, src);
  c.emit(c.inst);
}

function ret(c: InstContext, opcode: number): void {
  count(c, 0, 1);
  if (c.suffix === 8) badOperands(c);
  if (c.suffix) setDataSize(c, c.suffix);
  if (c.ops.length === 0) op(c, opcode);
  else {
    if (!isImm(c.ops[0])) badOperands(c);
    op(c, opcode - 1);
    c.inst.imms.push(immediate(c, c.ops[0], 2));
  }
  c.emit(c.inst);
}

function int(c: InstContext): void {
  count(c, 1);
  const [x] = c.ops;
  if (!isImm(x)) badOperands(c);
  const f = immediate(c, x, 1);
  if (!f.expr && f.n === 3) op(c, 0xcc);
  else op(c, 0xcd), c.inst.imms.push(f);
  c.emit(c.inst);
}

function isDx(x: Operand): boolean {
  return (isGpr(x) && x.reg.name === 'dx') || (isMem(x) && x.base?.name === 'dx' && !x.index && !x.disp && !x.seg);
}

function inOut(c: InstContext, isOut: number): void {
  count(c, 1, 2);
  const port = isOut ? c.ops[c.ops.length - 1] : c.ops[0];
  const acc = c.ops.length === 2 ? (isOut ? c.ops[0] : c.ops[1]) : undefined;
  if (acc && !isAcc(acc)) badOperands(c);
  const size = operandSize(c, acc ? [acc] : []);
  setDataSize(c, size);
  const wide = size === 8 ? 0 : 1;
  if (isDx(port)) op(c, (isOut ? 0xee : 0xec) + wide);
  else if (isImm(port)) {
    op(c, (isOut ? 0xe6 : 0xe4) + wide);
    c.inst.imms.push(immediate(c, port, 1));
  } else badOperands(c);
  c.emit(c.inst);
}

/**
 * String instructions. Operands are optional and only name the implied
 * registers, but a segment override on the source and the operand size count.
 */
function stringOp(c: InstContext, opcode: number): void {
  count(c, 0, 1, 2);
  let size = c.suffix;
  for (const x of c.ops) {
    if (isDx(x)) continue;
    if (isGpr(x)) {
      if (size && size !== x.reg.size) fail(c, `\`${c.text()}\`: operand sizes differ`, x.at, x.span);
      size = x.reg.size;
    } else if (isMem(x)) {
      if (x.seg && x.seg.name !== 'ds' && !(x.seg.name === 'es' && x.base && x.base.num === 7)) c.inst.seg = [0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65][x.seg.num];
      const reg = x.base?.size;
      if (reg && reg === 16 !== c.code16) c.inst.addrPrefix = true;
    } else badOperands(c);
  }
  if (!size) fail(c, `\`${c.text()}\`: operand size is ambiguous; add a b, w or l suffix`, c.at, c.mnemonic.length);
  setDataSize(c, size);
  op(c, opcode + (size === 8 ? 0 : 1));
  c.emit(c.inst);
}

function xlat(c: InstContext): void {
  count(c, 0, 1);
  const [x] = c.ops;
  if (x) {
    if (!isMem(x)) badOperands(c);
    if (x.seg && x.seg.name !== 'ds') c.inst.seg = [0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65][x.seg.num];
  }
  op(c, 0xd7);
  c.emit(c.inst);
}

/** Memory-only system instructions (lgdt, invlpg, cmpxchg8b…); arg = opcode bytes << 8 | /digit. */
function memOnly(c: InstContext, arg: number): void {
  count(c, 1);
  const [x] = c.ops;
  if (!isMem(x)) badOperands(c);
  if (c.suffix === 8) badOperands(c);
  if (c.suffix) setDataSize(c, c.suffix);
  const bytes = arg >> 8;
  if (bytes > 0xff) op(c, bytes >> 8);
  op(c, bytes & 0xff), setMemoryRM(c.inst, arg & 7, x, c.code16, c.evalNow, x.at);
  c.emit(c.inst);
}

/**
 * 16-bit selector/word system instructions on r/m16 (lldt, ltr, sldt, str, lmsw, smsw).
 * The store forms to a 32-bit register need no prefix; a 16-bit register target of a store does.
 */
function system16(c: InstContext, arg: number): void {
  count(c, 1);
  const [x] = c.ops;
  if (!isRM(x) || (isGpr(x) && x.reg.size === 8)) badOperands(c);
  const isStore = (arg & 0x8) !== 0;
  if (isStore && isGpr(x)) setDataSize(c, x.reg.size);
  else if (isGpr(x) && x.reg.size !== 16 && !isStore) fail(c, `\`${c.text()}\`: operand sizes differ`, x.at, x.span);
  op(c, 0x0f, (arg >> 4) & 0xf), rm(c, arg & 7, x);
  c.emit(c.inst);
}

/** Register-to-r/m two-byte opcodes (cmpxchg, xadd, bt with a register); arg = second opcode byte, bit 8: has a byte form. */
function regToRM(c: InstContext, arg: number): void {
  count(c, 2);
  const [src, dst] = c.ops;
  if (!isGpr(src) || !isRM(dst)) badOperands(c);
  const size = operandSize(c, [src, dst]);
  const hasByte = (arg & 0x100) !== 0;
  if (size === 8 && !hasByte) badOperands(c);
  setDataSize(c, size);
  op(c, 0x0f, (arg & 0xff) + (hasByte && size !== 8 ? 1 : 0)), rm(c, src.reg.num, dst);
  c.emit(c.inst);
}

/** bt/bts/btr/btc: register form 0F xx, immediate form 0F BA /n. arg = digit << 8 | register-form opcode. */
function bitTest(c: InstContext, arg: number): void {
  count(c, 2);
  const [src, dst] = c.ops;
  if (isImm(src) && isRM(dst)) {
    const size = operandSize(c, [dst]);
    if (size === 8) badOperands(c);
    setDataSize(c, size);
    op(c, 0x0f, 0xba), rm(c, arg >> 8, dst);
    c.inst.imms.push(immediate(c, src, 1));
    c.emit(c.inst);
  } else regToRM(c, arg & 0xff);
}

/** bsf/bsr: 0F xx /r with r/m source and register destination. */
function bitScan(c: InstContext, second: number): void {
  count(c, 2);
  const [src, dst] = c.ops;
  if (!isRM(src) || !isGpr(dst)) badOperands(c);
  const size = operandSize(c, [src, dst]);
  if (size === 8) badOperands(c);
  setDataSize(c, size);
  op(c, 0x0f, second), rm(c, dst.reg.num, src);
  c.emit(c.inst);
}

function doubleShift(c: InstContext, base: number): void {
  count(c, 2, 3);
  const dst = c.ops[c.ops.length - 1];
  const reg = c.ops[c.ops.length - 2];
  if (!isGpr(reg) || !isRM(dst)) badOperands(c);
  const size = operandSize(c, [reg, dst]);
  if (size === 8) badOperands(c);
  setDataSize(c, size);
  const count3 = c.ops.length === 3 ? c.ops[0] : undefined;
  if (count3 && isImm(count3)) {
    op(c, 0x0f, base), rm(c, reg.reg.num, dst);
    c.inst.imms.push(immediate(c, count3, 1));
  } else if (!count3 || (isGpr(count3) && count3.reg.name === 'cl')) {
    op(c, 0x0f, base + 1), rm(c, reg.reg.num, dst);
  } else badOperands(c);
  c.emit(c.inst);
}

function bswap(c: InstContext): void {
  count(c, 1);
  const [x] = c.ops;
  if (!isGpr(x) || x.reg.size !== 32) badOperands(c);
  op(c, 0x0f, 0xc8 + x.reg.num);
  c.emit(c.inst);
}

function enter(c: InstContext): void {
  count(c, 2);
  const [a, b] = c.ops;
  if (!isImm(a) || !isImm(b)) badOperands(c);
  if (c.suffix) setDataSize(c, c.suffix);
  op(c, 0xc8);
  c.inst.imms.push(immediate(c, a, 2), immediate(c, b, 1));
  c.emit(c.inst);
}

function nop(c: InstContext): void {
  count(c, 0, 1);
  if (c.ops.length === 0) {
    if (c.suffix) badOperands(c);
    return emitPacked(c, 0x90);
  }
  const [x] = c.ops;
  if (!isRM(x)) badOperands(c);
  const size = operandSize(c, [x]);
  if (size === 8) badOperands(c);
  setDataSize(c, size);
  op(c, 0x0f, 0x1f), rm(c, 0, x);
  c.emit(c.inst);
}

function asciiAdjust(c: InstContext, opcode: number): void {
  count(c, 0, 1);
  op(c, opcode);
  if (c.ops.length) {
    if (!isImm(c.ops[0])) badOperands(c);
    c.inst.imms.push(immediate(c, c.ops[0], 1));
  } else c.inst.imms.push({ size: 1, n: 10, at: c.at });
  c.emit(c.inst);
}

function invlpga(c: InstContext): void {
  svm(c, 0x2df);
}

/** monitor/mwait: fixed bytes whose implicit registers may be written out. */
function implicitRegisters(c: InstContext, arg: number): void {
  const want = (arg & 0xff) === 0xc8 ? ['eax', 'ecx', 'edx'] : ['eax', 'ecx'];
  if (c.ops.length && (c.ops.length !== want.length || c.ops.some((o, i) => !isGpr(o) || o.reg.name !== want[i]))) badOperands(c);
  op(c, 0x0f, 0x01, arg & 0xff);
  c.emit(c.inst);
}

/** lds/les/lfs/lgs/lss: a far pointer from memory into a segment register and a general register. */
function farPointerLoad(c: InstContext, opcode: number): void {
  count(c, 2);
  const [src, dst] = c.ops;
  if (!isMem(src) || !isGpr(dst)) badOperands(c);
  const size = operandSize(c, [dst]);
  if (size === 8) badOperands(c);
  setDataSize(c, size);
  if (opcode > 0xff) op(c, 0x0f, opcode & 0xff);
  else op(c, opcode);
  rm(c, dst.reg.num, src);
  c.emit(c.inst);
}

/** lar/lsl: a selector (register of any width, or memory) into a 16/32-bit register. */
function selectorLoad(c: InstContext, second: number): void {
  count(c, 2);
  const [src, dst] = c.ops;
  if (!isRM(src) || !isGpr(dst) || dst.reg.size === 8 || (isGpr(src) && src.reg.size === 8)) badOperands(c);
  const size = operandSize(c, [dst]);
  setDataSize(c, size);
  op(c, 0x0f, second), rm(c, dst.reg.num, src);
  c.emit(c.inst);
}

function arpl(c: InstContext): void {
  count(c, 2);
  const [src, dst] = c.ops;
  if (!isGpr(src) || src.reg.size !== 16 || !isRM(dst) || (isGpr(dst) && dst.reg.size !== 16)) badOperands(c);
  op(c, 0x63), rm(c, src.reg.num, dst);
  c.emit(c.inst);
}

function bound(c: InstContext): void {
  count(c, 2);
  const [reg, mem] = c.ops;
  if (!isGpr(reg) || !isMem(mem)) badOperands(c);
  const size = operandSize(c, [reg]);
  if (size === 8) badOperands(c);
  setDataSize(c, size);
  op(c, 0x62), rm(c, reg.reg.num, mem);
  c.emit(c.inst);
}

// ---- the table ----

ALU.forEach((name, n) => def(name, alu, n));
def('test', test);
['rol', 'ror', 'rcl', 'rcr', 'shl', 'shr', 'sal', 'sar'].forEach((name, n) => def(name, shift, name === 'sal' ? 4 : n));
def('not', group3, 2);
def('neg', group3, 3);
def('mul', group3, 4);
def('div', group3, 6);
def('idiv', group3, 7);
def('imul', imul);
def('inc', incDec, 0);
def('dec', incDec, 1);
def('mov', mov);
// movExtend arg: bit 0 signed, bits 1-6 source size (0 = from operand), bits 7+ destination size.
def('movzbw', movExtend, (8 << 1) | (16 << 7), false);
def('movzbl', movExtend, (8 << 1) | (32 << 7), false);
def('movzwl', movExtend, (16 << 1) | (32 << 7), false);
def('movsbw', movExtend, 1 | (8 << 1) | (16 << 7), false);
def('movsbl', movExtend, 1 | (8 << 1) | (32 << 7), false);
def('movswl', movExtend, 1 | (16 << 1) | (32 << 7), false);
def('movzb', movExtend, 8 << 1, false);
def('movzw', movExtend, 16 << 1, false);
def('movzx', movExtend, 0);
def('movsx', movExtend, 1);
def('lea', lea);
def('xchg', xchg);
def('push', pushPop, 0);
def('pop', pushPop, 1);
def('pusha', sized, 0x60);
def('popa', sized, 0x61);
def('pushf', sized, 0x9c);
def('popf', sized, 0x9d);
def('iret', sized, 0xcf);
def('pushad', convert, (32 << 8) | 0x60, false);
def('popad', convert, (32 << 8) | 0x61, false);
def('pushfd', convert, (32 << 8) | 0x9c, false);
def('popfd', convert, (32 << 8) | 0x9d, false);
def('iretd', convert, (32 << 8) | 0xcf, false);
def('cbtw cbw', convert, (16 << 8) | 0x98, false);
def('cwtl cwde', convert, (32 << 8) | 0x98, false);
def('cwtd cwd', convert, (16 << 8) | 0x99, false);
def('cltd cdq', convert, (32 << 8) | 0x99, false);
def('jmp', jmpCall, 0);
def('call', jmpCall, 1);
def('ljmp', farJmpCall, 0);
def('lcall', farJmpCall, 1);
for (const [cc, n] of Object.entries(CONDITIONS)) {
  def('j' + cc, jcc, n, false);
  def('set' + cc, setcc, n);
  def('cmov' + cc, cmovcc, n);
}
def('loop', loopLike, 0xe2, false);
def('loope loopz', loopLike, 0xe1, false);
def('loopne loopnz', loopLike, 0xe0, false);
def('jecxz', loopLike, 0x2e3, false);
def('jcxz', loopLike, 0x1e3, false);
def('ret', ret, 0xc3);
def('lret', ret, 0xcb);
def('int', int, 0, false);
def('in', inOut, 0);
def('out', inOut, 1);
def('movs', stringOp, 0xa4);
def('cmps', stringOp, 0xa6);
def('stos', stringOp, 0xaa);
def('lods', stringOp, 0xac);
def('scas', stringOp, 0xae);
def('ins', stringOp, 0x6c);
def('outs', stringOp, 0x6e);
def('smov', stringOp, 0xa4);
def('xlat xlatb', xlat, 0, false);
def('lgdt', memOnly, (0x0f01 << 8) | 2);
def('lidt', memOnly, (0x0f01 << 8) | 3);
def('sgdt', memOnly, (0x0f01 << 8) | 0);
def('sidt', memOnly, (0x0f01 << 8) | 1);
def('invlpg', memOnly, (0x0f01 << 8) | 7, false);
def('cmpxchg8b', memOnly, (0x0fc7 << 8) | 1, false);
// system16 arg: bits 4-7 second opcode byte, bit 3 store form, bits 0-2 /digit.
def('sldt', system16, 0x08 | 0);
def('str', system16, 0x08 | 1);
def('lldt', system16, 2);
def('ltr', system16, 3);
def('verr', system16, 4);
def('verw', system16, 5);
def('smsw', system16, 0x10 | 0x08 | 4);
def('lmsw', system16, 0x10 | 6);
def('cmpxchg', regToRM, 0x1b0);
def('xadd', regToRM, 0x1c0);
def('bt', bitTest, (4 << 8) | 0xa3);
def('bts', bitTest, (5 << 8) | 0xab);
def('btr', bitTest, (6 << 8) | 0xb3);
def('btc', bitTest, (7 << 8) | 0xbb);
def('bsf', bitScan, 0xbc);
def('bsr', bitScan, 0xbd);
def('shld', doubleShift, 0xa4);
def('shrd', doubleShift, 0xac);
def('bswap', bswap);
def('enter', enter);
def('nop', nop);
def('aam', asciiAdjust, 0xd4, false);
def('aad', asciiAdjust, 0xd5, false);
def('vmrun', svm, 0x1d8, false);
def('vmload', svm, 0x1da, false);
def('vmsave', svm, 0x1db, false);
def('skinit', svm, 0x1de, false);
def('vmmcall', svm, 0xd9, false);
def('stgi', svm, 0xdc, false);
def('clgi', svm, 0xdd, false);
def('invlpga', invlpga, 0, false);
def('monitor', implicitRegisters, 0xc8, false);
def('mwait', implicitRegisters, 0xc9, false);
def('lds', farPointerLoad, 0xc5);
def('les', farPointerLoad, 0xc4);
def('lfs', farPointerLoad, 0x1b4);
def('lgs', farPointerLoad, 0x1b5);
def('lss', farPointerLoad, 0x1b2);
def('lar', selectorLoad, 0x02);
def('lsl', selectorLoad, 0x03);
def('arpl', arpl, 0, false);
def('bound', bound);
def('fxsave', memOnly, (0x0fae << 8) | 0, false);
def('fxrstor', memOnly, (0x0fae << 8) | 1, false);
def('clflush', memOnly, (0x0fae << 8) | 7, false);
def('prefetchnta', memOnly, (0x0f18 << 8) | 0, false);
def('prefetcht0', memOnly, (0x0f18 << 8) | 1, false);
def('prefetcht1', memOnly, (0x0f18 << 8) | 2, false);
def('prefetcht2', memOnly, (0x0f18 << 8) | 3, false);

const FIXED: Record<string, number> = {
  hlt: 0xf4, cli: 0xfa, sti: 0xfb, cld: 0xfc, std: 0xfd, clc: 0xf8, stc: 0xf9, cmc: 0xf5,
  int3: 0xcc, into: 0xce, leave: 0xc9, lahf: 0x9f, sahf: 0x9e, pause: 0xf390, ud2: 0x0f0b,
  cpuid: 0x0fa2, rdtsc: 0x0f31, rdmsr: 0x0f32, wrmsr: 0x0f30, rdpmc: 0x0f33, sysenter: 0x0f34, sysexit: 0x0f35,
  wbinvd: 0x0f09, invd: 0x0f08, clts: 0x0f06, rsm: 0x0faa, aaa: 0x37, aas: 0x3f, daa: 0x27, das: 0x2f,
  mfence: 0x0faef0, lfence: 0x0faee8, sfence: 0x0faef8, rdtscp: 0x0f01f9, xgetbv: 0x0f01d0, xsetbv: 0x0f01d1,
  syscall: 0x0f05, sysret: 0x0f07, wait: 0x9b, fwait: 0x9b, icebp: 0xf1, int1: 0xf1, salc: 0xd6,
  movsb: -0xa4, movsw: -0xa5, movsl: -0xa5, movsd: -0xa5, cmpsb: -0xa6, cmpsw: -0xa7, cmpsl: -0xa7, cmpsd: -0xa7,
  stosb: -0xaa, stosw: -0xab, stosl: -0xab, stosd: -0xab, lodsb: -0xac, lodsw: -0xad, lodsl: -0xad, lodsd: -0xad,
  scasb: -0xae, scasw: -0xaf, scasl: -0xaf, scasd: -0xaf, insb: -0x6c, insw: -0x6d, insl: -0x6d, insd: -0x6d,
  outsb: -0x6e, outsw: -0x6f, outsl: -0x6f, outsd: -0x6f,
};

for (const [name, bytes] of Object.entries(FIXED)) {
  if (bytes >= 0) def(name, fixed, bytes, false);
}

// Explicitly sized string mnemonics (movsb, stosl…) are the string family with a suffix.
export function stringAlias(m: string): { name: string; suffix: OpSize } | undefined {
  const bytes = FIXED[m];
  if (bytes === undefined || bytes >= 0) return undefined;
  const last = m[m.length - 1];
  return { name: m.slice(0, -1), suffix: last === 'b' ? 8 : last === 'w' ? 16 : 32 };
}

/** Mnemonics that are prefixes; they may stand alone or precede an instruction on the line. */
export const PREFIXES: Record<string, { kind: 'rep' | 'lock' | 'data' | 'addr' | 'seg'; byte: number }> = {
  rep: { kind: 'rep', byte: 0xf3 },
  repe: { kind: 'rep', byte: 0xf3 },
  repz: { kind: 'rep', byte: 0xf3 },
  repne: { kind: 'rep', byte: 0xf2 },
  repnz: { kind: 'rep', byte: 0xf2 },
  lock: { kind: 'lock', byte: 0xf0 },
  data16: { kind: 'data', byte: 0x66 },
  data32: { kind: 'data', byte: 0x66 },
  addr16: { kind: 'addr', byte: 0x67 },
  addr32: { kind: 'addr', byte: 0x67 },
  cs: { kind: 'seg', byte: 0x2e },
  ds: { kind: 'seg', byte: 0x3e },
  es: { kind: 'seg', byte: 0x26 },
  ss: { kind: 'seg', byte: 0x36 },
  fs: { kind: 'seg', byte: 0x64 },
  gs: { kind: 'seg', byte: 0x65 },
};
