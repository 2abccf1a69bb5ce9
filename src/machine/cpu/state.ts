// The architectural state of the CPU: general registers, EFLAGS (with lazy
// arithmetic flags), segment descriptor caches, control and debug registers, and the
// way an exception leaves the middle of an instruction.

import type { CpuState } from '../bus.js';
import {
  ARITH_FLAGS, CC_DEC, CC_EFLAGS, CC_INC, CC_LOGIC, CC_SUB, CF, IF, OF, PF, SF, TF, ZF,
  lazyCarry, lazyFlags, lazyOverflow, lazySign, lazyZero, parityOf, signShift,
} from './flags.js';

export const EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7;
export const ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5;
export const SEGMENT_NAMES = ['es', 'cs', 'ss', 'ds', 'fs', 'gs'];

/** Exception vectors. */
export const DE = 0, DB = 1, NMI = 2, BP = 3, OFV = 4, BR = 5, UD = 6, NM = 7, DF_ = 8;
export const TS = 10, NP = 11, SSF = 12, GP = 13, PFV = 14, MF = 16, AC_ = 17;
export const EXCEPTION_NAMES = [
  '#DE', '#DB', 'NMI', '#BP', '#OF', '#BR', '#UD', '#NM', '#DF', 'CSO', '#TS', '#NP', '#SS', '#GP', '#PF',
  '#15', '#MF', '#AC', '#MC', '#XM',
];

/** Vectors that push an error code. */
export function hasErrorCode(vector: number): boolean {
  return vector === 8 || (vector >= 10 && vector <= 14) || vector === 17;
}

/** Thrown (never allocated anew) to abandon an instruction; the details live on the CPU. */
export const FAULT = { fault: true };

/** Segment descriptor cache attribute bits (bits 8..23 of a descriptor's high word). */
export const ATTR_ACCESSED = 0x100;
export const ATTR_RW = 0x200; // readable code / writable data
export const ATTR_DC = 0x400; // conforming code / expand-down data
export const ATTR_CODE = 0x800;
export const ATTR_S = 0x1000; // code or data (not system)
export const ATTR_P = 0x8000;
export const ATTR_DB = 0x400000;
export const ATTR_G = 0x800000;

export const CR0_PE = 0x1, CR0_MP = 0x2, CR0_EM = 0x4, CR0_TS = 0x8, CR0_ET = 0x10, CR0_NE = 0x20;
export const CR0_WP = 0x10000, CR0_AM = 0x40000, CR0_NW = 0x20000000, CR0_CD = 0x40000000;
export const CR0_PG = 0x80000000 | 0;
export const CR4_TSD = 0x4, CR4_DE = 0x8, CR4_PSE = 0x10;

export class CpuRegisters {
  /** EAX…EDI, then a ninth that stays zero: a decoded address with no base or index reads it. */
  readonly regs = new Int32Array(9);
  /** The same storage seen as bytes and words, for 8- and 16-bit registers. */
  protected readonly regs8 = new Uint8Array(this.regs.buffer);
  protected readonly regs16 = new Uint16Array(this.regs.buffer);
  eip = 0;

  /** EFLAGS; its arithmetic bits are stale while ccOp !== CC_EFLAGS. */
  protected flagsReg = 0x2;
  protected ccOp = CC_EFLAGS;
  protected ccDst = 0;
  protected ccSrc = 0;
  protected ccSrc2 = 0;

  readonly segSel = new Int32Array(6);
  readonly segBase = new Int32Array(6);
  readonly segLimit = new Int32Array(6);
  readonly segAttr = new Int32Array(6);

  cpl = 0;
  cr0 = CR0_ET;
  cr2 = 0;
  cr3 = 0;
  cr4 = 0;
  readonly dr = new Int32Array(8);

  gdtBase = 0;
  gdtLimit = 0xffff;
  idtBase = 0;
  idtLimit = 0x3ff;
  ldtSel = 0;
  ldtBase = 0;
  ldtLimit = 0;
  trSel = 0;
  trBase = 0;
  trLimit = 0;
  trAttr = 0;

  state: CpuState = 'running';
  faultMessage = '';
  /** Instructions retired since reset. */
  icount = 0;

  /** The exception being raised (set before throwing FAULT). */
  protected faultVector = 0;
  protected faultError = 0;
  protected faultHasError = false;

  /** Abandons the current instruction with an exception. */
  raise(vector: number, errorCode = -1): never {
    this.faultVector = vector;
    this.faultHasError = errorCode >= 0 && hasErrorCode(vector);
    this.faultError = this.faultHasError ? errorCode & 0xffff : 0;
    throw FAULT;
  }

  raiseGP(errorCode: number): never {
    return this.raise(GP, errorCode & 0xffff);
  }

  // ---- lazy flags

  getFlags(): number {
    if (this.ccOp !== CC_EFLAGS) {
      this.flagsReg = (this.flagsReg & ~ARITH_FLAGS) | lazyFlags(this.ccOp, this.ccDst, this.ccSrc, this.ccSrc2);
      this.ccOp = CC_EFLAGS;
    }
    return this.flagsReg | 0x2;
  }

  /** Replaces the arithmetic flags (e.g. after a rotate or sahf). */
  protected setArithFlags(bits: number): void {
    this.getFlags();
    this.flagsReg = (this.flagsReg & ~ARITH_FLAGS) | (bits & ARITH_FLAGS);
  }

  getCF(): number {
    const kind = this.ccOp >> 2;
    if (kind === CC_EFLAGS) return this.flagsReg & CF;
    // INC/DEC keep the carry they found and logic clears it: the answers for a run
    // of INC/DEC/AND without a call into lazyCarry.
    if (kind === CC_INC || kind === CC_DEC) return this.ccSrc;
    if (kind === CC_LOGIC) return 0;
    return lazyCarry(this.ccOp, this.ccDst, this.ccSrc, this.ccSrc2);
  }

  protected getZF(): boolean {
    return this.ccOp === CC_EFLAGS ? (this.flagsReg & ZF) !== 0 : lazyZero(this.ccOp, this.ccDst);
  }

  protected getSF(): boolean {
    return this.ccOp === CC_EFLAGS ? (this.flagsReg & SF) !== 0 : lazySign(this.ccOp, this.ccDst);
  }

  protected getOF(): boolean {
    return this.ccOp === CC_EFLAGS
      ? (this.flagsReg & OF) !== 0
      : lazyOverflow(this.ccOp, this.ccDst, this.ccSrc, this.ccSrc2) !== 0;
  }

  protected getPF(): boolean {
    return (this.getFlags() & PF) !== 0;
  }

  /** Condition code test (the low nibble of Jcc/SETcc/CMOVcc), small enough to inline. */
  protected condition(cc: number): boolean {
    const kind = this.ccOp >> 2;
    if (kind === CC_SUB || kind === CC_LOGIC) return this.compareCondition(cc, kind);
    if ((cc & 0xe) === 4 && this.ccOp !== CC_EFLAGS) {
      // JZ/JNZ after anything lazy (DEC ECX; JNZ): ZF alone.
      const z = this.ccDst << signShift(this.ccOp) === 0;
      return (cc & 1) !== 0 ? !z : z;
    }
    return this.flagsCondition(cc);
  }

  /**
   * The common compare-and-branch, straight from the operands: after shifting the
   * operation's sign bit to bit 31, signed and unsigned comparisons of the shifted
   * operands are the conditions.
   */
  protected compareCondition(cc: number, kind: number): boolean {
    const sh = signShift(this.ccOp);
    const r = this.ccDst << sh;
    const a = kind === CC_SUB ? (this.ccDst + this.ccSrc) << sh : r;
    const b = kind === CC_SUB ? this.ccSrc << sh : 0;
    let t: boolean;
    switch (cc >> 1) {
      case 0: t = ((a ^ b) & (a ^ r)) < 0; break;
      case 1: t = a >>> 0 < b >>> 0; break;
      case 2: t = r === 0; break;
      case 3: t = a >>> 0 <= b >>> 0; break;
      case 4: t = r < 0; break;
      case 5: t = (parityOf(this.ccDst) & PF) !== 0; break;
      case 6: t = a < b; break;
      default: t = a <= b; break;
    }
    return (cc & 1) !== 0 ? !t : t;
  }

  /** Conditions after operations with no shortcut: from the (lazily computed) flags. */
  private flagsCondition(cc: number): boolean {
    let r: boolean;
    switch (cc >> 1) {
      case 0: r = this.getOF(); break;
      case 1: r = this.getCF() !== 0; break;
      case 2: r = this.getZF(); break;
      case 3: r = this.getCF() !== 0 || this.getZF(); break;
      case 4: r = this.getSF(); break;
      case 5: r = this.getPF(); break;
      case 6: r = this.getSF() !== this.getOF(); break;
      default: r = this.getZF() || this.getSF() !== this.getOF(); break;
    }
    return (cc & 1) !== 0 ? !r : r;
  }

  protected get interruptsEnabled(): boolean {
    return (this.flagsReg & IF) !== 0;
  }

  protected get trapFlag(): boolean {
    return (this.flagsReg & TF) !== 0;
  }

  dumpRegisters(): string {
    const h = (v: number) => (v >>> 0).toString(16).padStart(8, '0');
    const r = this.regs;
    const lines = [
      `EAX=${h(r[0])} EBX=${h(r[3])} ECX=${h(r[1])} EDX=${h(r[2])}`,
      `ESI=${h(r[6])} EDI=${h(r[7])} EBP=${h(r[5])} ESP=${h(r[4])}`,
      `EIP=${h(this.eip)} EFL=${h(this.getFlags())} CPL=${this.cpl} state=${this.state}`,
    ];
    for (let s = 0; s < 6; s++) {
      lines.push(
        `${SEGMENT_NAMES[s].toUpperCase()} =${(this.segSel[s] & 0xffff).toString(16).padStart(4, '0')} ` +
          `base=${h(this.segBase[s])} limit=${h(this.segLimit[s])} attr=${(this.segAttr[s] >>> 8).toString(16).padStart(4, '0')}`,
      );
    }
    lines.push(`LDT=${this.ldtSel.toString(16).padStart(4, '0')} TR=${this.trSel.toString(16).padStart(4, '0')} ` +
      `GDT=${h(this.gdtBase)}/${this.gdtLimit.toString(16)} IDT=${h(this.idtBase)}/${this.idtLimit.toString(16)}`);
    lines.push(`CR0=${h(this.cr0)} CR2=${h(this.cr2)} CR3=${h(this.cr3)} CR4=${h(this.cr4)}`);
    return lines.join('\n');
  }
}
