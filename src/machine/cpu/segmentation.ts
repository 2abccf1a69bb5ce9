// Protected-mode segmentation: descriptor loads with their checks, the stack, far
// transfers, interrupt and exception delivery through the IDT (with the TSS stack
// switch), IRET and far RET, and the double- and triple-fault rules.
//
// Every transfer reads and checks everything, and writes the new stack, before it
// changes any register: an exception in the middle leaves the old state intact, so
// the faulting instruction can be restarted.

import { Mmu } from './mmu.js';
import { AC, ARITH_FLAGS, DF, ID, IF, IOPL, NT, OF, RF, TF, VM } from './flags.js';
import {
  ATTR_CODE, ATTR_DB, ATTR_DC, ATTR_G, ATTR_P, ATTR_RW, ATTR_S,
  CR0_PE, CS, DS, ES, EXCEPTION_NAMES, FAULT, FS, GP, GS, NP, SS, SSF, TS, ESP,
} from './state.js';

/** How an interrupt was raised: matters for the gate DPL check and the EXT bit. */
export const INT_EXCEPTION = 0; // CPU exception or external interrupt (EXT=1)
export const INT_SOFTWARE = 1; // INT n, INT3, INTO (gate DPL checked against CPL)

const CONTRIBUTORY = (1 << 0) | (1 << 10) | (1 << 11) | (1 << 12) | (1 << 13);

export class Segmentation extends Mmu {
  /** Cached from the CS and SS descriptors for the decoder and the stack. */
  protected cs32 = true;
  /** Operand and address size of the instruction being decoded (defaults follow CS.D). */
  protected o32 = true;
  protected a32 = true;
  protected csBase = 0;
  protected stackMask = -1;
  /** Set whenever an interrupt or exception has been delivered (single-step rules). */
  protected interruptDelivered = false;
  /** 1 for segments whose accesses need a limit or null check (anything but flat 4 GiB). */
  protected readonly segChecked = new Uint8Array(6);

  // The last descriptor read (no allocation in transfers).
  protected descLo = 0;
  protected descHi = 0;
  protected descAddr = 0;

  // ---- descriptors

  /** Reads the descriptor of a selector; false if it lies beyond its table. */
  protected fetchDescriptor(sel: number): boolean {
    let base: number, limit: number;
    if ((sel & 4) !== 0) {
      if ((this.ldtSel & 0xfffc) === 0) return false;
      base = this.ldtBase;
      limit = this.ldtLimit;
    } else {
      base = this.gdtBase;
      limit = this.gdtLimit;
    }
    if ((sel | 7) >>> 0 > limit >>> 0) return false;
    this.descAddr = (base + (sel & ~7)) | 0;
    this.descLo = this.sysRead32(this.descAddr);
    this.descHi = this.sysRead32(this.descAddr + 4);
    return true;
  }

  /** Reads a descriptor or raises #GP (or `vector`) with the selector as error code. */
  protected fetchDescriptorOrFault(sel: number, ext: number, vector = GP): void {
    if (!this.fetchDescriptor(sel)) this.raise(vector, (sel & 0xfffc) | ext);
  }

  protected markAccessed(): void {
    if ((this.descHi & 0x100) === 0) {
      this.descHi |= 0x100;
      this.sysWrite8(this.descAddr + 5, this.descHi >> 8);
    }
  }

  protected static base(lo: number, hi: number): number {
    return (lo >>> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000);
  }

  protected static limit(lo: number, hi: number): number {
    const raw = (lo & 0xffff) | (hi & 0xf0000);
    return (hi & ATTR_G) !== 0 ? (raw << 12) | 0xfff : raw;
  }

  protected loadCache(seg: number, sel: number, lo: number, hi: number): void {
    this.segSel[seg] = sel & 0xffff;
    this.segBase[seg] = Segmentation.base(lo, hi);
    this.segLimit[seg] = Segmentation.limit(lo, hi);
    this.segAttr[seg] = hi & 0x00f0ff00;
    const expandDown = (hi & (ATTR_CODE | ATTR_DC)) === ATTR_DC;
    this.segChecked[seg] = this.segLimit[seg] !== -1 || expandDown ? 1 : 0;
    if (seg === CS) {
      this.cs32 = this.o32 = this.a32 = (hi & ATTR_DB) !== 0;
      this.csBase = this.segBase[CS];
      this.fetchPage = -1;
    }
    else if (seg === SS) this.stackMask = (hi & ATTR_DB) !== 0 ? -1 : 0xffff;
  }

  protected loadNull(seg: number, sel: number): void {
    this.segSel[seg] = sel & 0xffff;
    this.segBase[seg] = 0;
    this.segLimit[seg] = 0;
    this.segAttr[seg] = 0;
    this.segChecked[seg] = 1;
  }

  /**
   * The limit check of a memory operand (at its first byte): #GP(0), or #SS(0) for the
   * stack segment; a null data segment cannot be used at all.
   */
  protected checkSegmentLimit(seg: number, offset: number): void {
    const attr = this.segAttr[seg];
    if ((this.cr0 & CR0_PE) === 0) return;
    if (attr === 0) this.raiseGP(0);
    const limit = this.segLimit[seg] >>> 0;
    const expandDown = (attr & (ATTR_CODE | ATTR_DC)) === ATTR_DC;
    const ok = expandDown
      ? offset >>> 0 > limit && offset >>> 0 <= ((attr & ATTR_DB) !== 0 ? 0xffffffff : 0xffff)
      : offset >>> 0 <= limit;
    if (!ok) this.raise(seg === SS ? SSF : GP, 0);
  }

  /** MOV/POP/LDS… to DS, ES, FS, GS or SS, with the protected-mode checks. */
  loadSegment(seg: number, sel: number): void {
    sel &= 0xffff;
    if ((this.cr0 & CR0_PE) === 0) {
      this.segSel[seg] = sel;
      this.segBase[seg] = sel << 4;
      return;
    }
    const rpl = sel & 3;
    if ((sel & 0xfffc) === 0) {
      if (seg === SS) this.raiseGP(0);
      this.loadNull(seg, sel);
      return;
    }
    this.fetchDescriptorOrFault(sel, 0);
    const hi = this.descHi;
    const dpl = (hi >> 13) & 3;
    const code = (hi & ATTR_CODE) !== 0;
    if ((hi & ATTR_S) === 0) this.raiseGP(sel & 0xfffc);
    if (seg === SS) {
      if (code || (hi & ATTR_RW) === 0 || rpl !== this.cpl || dpl !== this.cpl) this.raiseGP(sel & 0xfffc);
      if ((hi & ATTR_P) === 0) this.raise(SSF, sel & 0xfffc);
    } else {
      if (code && (hi & ATTR_RW) === 0) this.raiseGP(sel & 0xfffc);
      const conforming = code && (hi & ATTR_DC) !== 0;
      if (!conforming && (rpl > dpl || this.cpl > dpl)) this.raiseGP(sel & 0xfffc);
      if ((hi & ATTR_P) === 0) this.raise(NP, sel & 0xfffc);
    }
    this.markAccessed();
    this.loadCache(seg, sel, this.descLo, this.descHi);
  }

  /** Checks a code segment descriptor (already fetched) as a far JMP/CALL/RET/IRET target. */
  private checkCodeTarget(sel: number, rplMustMatch: boolean): void {
    const hi = this.descHi;
    if ((hi & (ATTR_S | ATTR_CODE)) !== (ATTR_S | ATTR_CODE)) this.raiseGP(sel & 0xfffc);
    const dpl = (hi >> 13) & 3;
    const rpl = sel & 3;
    if ((hi & ATTR_DC) !== 0) {
      if (dpl > (rplMustMatch ? rpl : this.cpl)) this.raiseGP(sel & 0xfffc);
    } else if (rplMustMatch ? dpl !== rpl : rpl > this.cpl || dpl !== this.cpl) {
      this.raiseGP(sel & 0xfffc);
    }
    if ((hi & ATTR_P) === 0) this.raise(NP, sel & 0xfffc);
  }

  /** Loads SS for a privilege change (from the TSS or a return frame); checks then `vector`. */
  private checkStackSelector(sel: number, cpl: number, vector: number, ext: number): void {
    if ((sel & 0xfffc) === 0) this.raise(vector, ext);
    this.fetchDescriptorOrFault(sel, ext, vector);
    const hi = this.descHi;
    const ok = (hi & (ATTR_S | ATTR_CODE | ATTR_RW)) === (ATTR_S | ATTR_RW) && (sel & 3) === cpl && ((hi >> 13) & 3) === cpl;
    if (!ok) this.raise(vector, (sel & 0xfffc) | ext);
    if ((hi & ATTR_P) === 0) this.raise(SSF, (sel & 0xfffc) | ext);
  }

  // ---- the stack

  push32(v: number): void {
    const esp = (this.regs[ESP] - 4) & this.stackMask;
    this.write32((this.segBase[SS] + esp) | 0, v);
    this.regs[ESP] = (this.regs[ESP] & ~this.stackMask) | esp;
  }

  push16(v: number): void {
    const esp = (this.regs[ESP] - 2) & this.stackMask;
    this.write16((this.segBase[SS] + esp) | 0, v);
    this.regs[ESP] = (this.regs[ESP] & ~this.stackMask) | esp;
  }

  pop32(): number {
    const esp = this.regs[ESP];
    const v = this.read32((this.segBase[SS] + (esp & this.stackMask)) | 0);
    this.regs[ESP] = (esp & ~this.stackMask) | ((esp + 4) & this.stackMask);
    return v;
  }

  pop16(): number {
    const esp = this.regs[ESP];
    const v = this.read16((this.segBase[SS] + (esp & this.stackMask)) | 0);
    this.regs[ESP] = (esp & ~this.stackMask) | ((esp + 2) & this.stackMask);
    return v;
  }

  /** Reads the stack `offset` bytes above ESP without popping. */
  protected stackRead(offset: number, size: number): number {
    const lin = (this.segBase[SS] + ((this.regs[ESP] + offset) & this.stackMask)) | 0;
    return size === 4 ? this.read32(lin) : this.read16(lin);
  }

  protected adjustEsp(delta: number): void {
    const esp = this.regs[ESP];
    this.regs[ESP] = (esp & ~this.stackMask) | ((esp + delta) & this.stackMask);
  }

  // ---- EFLAGS writes (POPF, IRET)

  /** Writes EFLAGS from a popped value, changing only what the CPL and IOPL allow. */
  protected writeFlags(value: number, size: number, cpl: number): void {
    let mask = ARITH_FLAGS | TF | DF | OF | NT | AC | ID;
    const old = this.getFlags();
    const iopl = (old & IOPL) >> 12;
    if (cpl <= iopl) mask |= IF;
    if (cpl === 0) mask |= IOPL;
    if (size === 2) mask &= 0xffff;
    this.flagsReg = (old & ~mask) | (value & mask) | 2;
  }

  // ---- far transfers

  /** JMP FAR / CALL FAR to a code segment or through a call gate. */
  protected farTransfer(sel: number, offset: number, isCall: boolean, o32: boolean, returnEip: number): void {
    sel &= 0xffff;
    if ((sel & 0xfffc) === 0) this.raiseGP(0);
    this.fetchDescriptorOrFault(sel, 0);
    const hi = this.descHi;
    if ((hi & ATTR_S) !== 0) {
      this.checkCodeTarget(sel, false);
      if (!o32) offset &= 0xffff;
      if (offset >>> 0 > Segmentation.limit(this.descLo, hi) >>> 0) this.raiseGP(0);
      const lo = this.descLo;
      if (isCall) this.pushFrame(o32, this.segSel[CS], returnEip);
      this.loadCache(CS, (sel & ~3) | this.cpl, lo, this.descHi);
      this.eip = offset;
      return;
    }
    const type = (hi >> 8) & 0xf;
    if (type !== 4 && type !== 12) this.raiseGP(sel & 0xfffc); // task gates and TSS: no task switching
    this.callGate(sel, isCall, returnEip);
  }

  private pushFrame(o32: boolean, cs: number, eip: number): void {
    const size = o32 ? 4 : 2;
    this.probeWrite((this.segBase[SS] + ((this.regs[ESP] - 2 * size) & this.stackMask)) | 0, 2 * size);
    if (o32) {
      this.push32(cs);
      this.push32(eip);
    } else {
      this.push16(cs);
      this.push16(eip);
    }
  }

  private callGate(gateSel: number, isCall: boolean, returnEip: number): void {
    const glo = this.descLo, ghi = this.descHi;
    const gdpl = (ghi >> 13) & 3;
    if (gdpl < this.cpl || gdpl < (gateSel & 3)) this.raiseGP(gateSel & 0xfffc);
    if ((ghi & ATTR_P) === 0) this.raise(NP, gateSel & 0xfffc);
    const sel = glo >>> 16;
    const gate32 = (ghi & 0x800) !== 0;
    const offset = gate32 ? (ghi & 0xffff0000) | (glo & 0xffff) : glo & 0xffff;
    const params = ghi & 0x1f;
    if ((sel & 0xfffc) === 0) this.raiseGP(0);
    this.fetchDescriptorOrFault(sel, 0);
    const hi = this.descHi, lo = this.descLo;
    if ((hi & (ATTR_S | ATTR_CODE)) !== (ATTR_S | ATTR_CODE)) this.raiseGP(sel & 0xfffc);
    const dpl = (hi >> 13) & 3;
    if (dpl > this.cpl) this.raiseGP(sel & 0xfffc);
    if ((hi & ATTR_P) === 0) this.raise(NP, sel & 0xfffc);
    const conforming = (hi & ATTR_DC) !== 0;
    if (!isCall) {
      if (!conforming && dpl !== this.cpl) this.raiseGP(sel & 0xfffc);
      this.loadCache(CS, (sel & ~3) | this.cpl, lo, hi);
      this.eip = offset;
      return;
    }
    if (conforming || dpl === this.cpl) {
      this.pushFrame(gate32, this.segSel[CS], returnEip);
      this.loadCache(CS, (sel & ~3) | this.cpl, lo, hi);
      this.eip = offset;
      return;
    }
    // A call to an inner privilege level: new stack from the TSS, parameters copied.
    const { ss: newSs, esp: newEsp } = this.tssStack(dpl, 0);
    this.checkStackSelector(newSs, dpl, TS, 0);
    const sslo = this.descLo, sshi = this.descHi;
    const newMask = (sshi & ATTR_DB) !== 0 ? -1 : 0xffff;
    const newBase = Segmentation.base(sslo, sshi);
    const size = gate32 ? 4 : 2;
    let sp = newEsp;
    const put = (v: number) => {
      sp = (sp - size) & newMask;
      this.writeAs((newBase + sp) | 0, v, size, dpl === 3);
    };
    put(this.segSel[SS]);
    put(this.regs[ESP]);
    for (let i = params - 1; i >= 0; i--) put(this.stackRead(i * size, size));
    put(this.segSel[CS]);
    put(returnEip);
    this.setCpl(dpl);
    this.loadCache(SS, (newSs & ~3) | dpl, sslo, sshi);
    this.regs[ESP] = (newEsp & ~newMask) | sp;
    this.loadCache(CS, (sel & ~3) | dpl, lo, hi);
    this.eip = offset;
  }

  protected writeAs(lin: number, v: number, size: number, user: boolean): void {
    const saved = this.cpl;
    // Writes for a privilege change use the privilege of the new level.
    this.setCpl(user ? 3 : 0);
    try {
      if (size === 4) this.write32(lin, v);
      else this.write16(lin, v);
    } finally {
      this.setCpl(saved);
    }
  }

  /** SS:ESP for privilege level `dpl` from the current TSS. */
  private tssStack(dpl: number, ext: number): { ss: number; esp: number } {
    const tss32 = (this.trAttr & 0x800) !== 0;
    const at = tss32 ? 4 + 8 * dpl : 2 + 4 * dpl;
    const size = tss32 ? 8 : 4;
    if ((at + size - 1) >>> 0 > this.trLimit >>> 0) this.raise(TS, (this.trSel & 0xfffc) | ext);
    if (tss32) return { esp: this.sysRead32(this.trBase + at), ss: this.sysRead16(this.trBase + at + 4) };
    return { esp: this.sysRead16(this.trBase + at), ss: this.sysRead16(this.trBase + at + 2) };
  }

  /** RETF imm16 and IRET share the return-to-code-segment checks. */
  protected farReturn(o32: boolean, imm: number, isIret: boolean): void {
    if (isIret && (this.flagsReg & NT) !== 0) this.raiseGP(0); // task return: no task switching
    const size = o32 ? 4 : 2;
    const eip = this.stackRead(0, size);
    const sel = this.stackRead(size, size) & 0xffff;
    const flags = isIret ? this.stackRead(2 * size, size) : 0;
    const frame = (isIret ? 3 : 2) * size;
    if (isIret && o32 && (flags & VM) !== 0 && this.cpl === 0) this.raiseGP(0); // no virtual-8086 mode
    const rpl = sel & 3;
    if ((sel & 0xfffc) === 0) this.raiseGP(0);
    if (rpl < this.cpl) this.raiseGP(sel & 0xfffc);
    this.fetchDescriptorOrFault(sel, 0);
    this.checkCodeTarget(sel, true);
    const lo = this.descLo;
    const hi = this.descHi;
    const newEip = o32 ? eip : eip & 0xffff;
    if (rpl === this.cpl) {
      if (isIret) this.writeFlags(flags, size, this.cpl);
      this.loadCache(CS, sel, lo, hi);
      this.eip = newEip;
      this.adjustEsp(frame + imm);
      return;
    }
    // Return to an outer level: SS:ESP come from the frame.
    const newEsp = this.stackRead(frame + imm, size);
    const newSs = this.stackRead(frame + imm + size, size) & 0xffff;
    this.checkStackSelector(newSs, rpl, GP, 0);
    const sslo = this.descLo;
    const sshi = this.descHi;
    if (isIret) this.writeFlags(flags, size, this.cpl);
    this.setCpl(rpl);
    this.loadCache(CS, sel, lo, hi);
    this.eip = newEip;
    this.loadCache(SS, newSs, sslo, sshi);
    this.regs[ESP] = o32 ? newEsp : (this.regs[ESP] & ~0xffff) | (newEsp & 0xffff);
    this.adjustEsp(imm); // RET imm16 releases the parameters on the outer stack too
    for (const seg of [ES, DS, FS, GS]) this.nullIfTooPrivileged(seg);
  }

  /** After a return to an outer level, data segments the new CPL may not use become null. */
  private nullIfTooPrivileged(seg: number): void {
    const attr = this.segAttr[seg];
    const dpl = (attr >> 13) & 3;
    const conformingCode = (attr & (ATTR_CODE | ATTR_DC)) === (ATTR_CODE | ATTR_DC);
    if ((this.segSel[seg] & 0xfffc) !== 0 && !conformingCode && dpl < this.cpl) this.loadNull(seg, 0);
  }

  // ---- interrupts and exceptions

  /**
   * Delivers an interrupt through the IDT. `errorCode` < 0 means none; `ext` is the
   * EXT bit put into error codes of faults raised during delivery.
   */
  protected deliverInterrupt(vector: number, kind: number, errorCode: number, returnEip: number): void {
    const ext = kind === INT_EXCEPTION ? 1 : 0;
    const idtErr = vector * 8 + 2 + ext;
    if ((this.cr0 & CR0_PE) === 0) this.raiseGP(idtErr); // real mode is not modelled
    if (vector * 8 + 7 > this.idtLimit >>> 0) this.raiseGP(idtErr);
    const glo = this.sysRead32(this.idtBase + vector * 8);
    const ghi = this.sysRead32(this.idtBase + vector * 8 + 4);
    const type = (ghi >> 8) & 0x1f;
    if (type !== 0x0e && type !== 0x0f && type !== 0x06 && type !== 0x07) this.raiseGP(idtErr);
    if (kind === INT_SOFTWARE && ((ghi >> 13) & 3) < this.cpl) this.raiseGP(idtErr);
    if ((ghi & ATTR_P) === 0) this.raise(NP, idtErr);
    const gate32 = (type & 8) !== 0;
    const trapGate = (type & 1) !== 0;
    const sel = glo >>> 16;
    const offset = gate32 ? (ghi & 0xffff0000) | (glo & 0xffff) : glo & 0xffff;
    if ((sel & 0xfffc) === 0) this.raiseGP(ext);
    this.fetchDescriptorOrFault(sel, ext);
    const lo = this.descLo, hi = this.descHi;
    const dpl = (hi >> 13) & 3;
    if ((hi & (ATTR_S | ATTR_CODE)) !== (ATTR_S | ATTR_CODE) || dpl > this.cpl) this.raiseGP((sel & 0xfffc) | ext);
    if ((hi & ATTR_P) === 0) this.raise(NP, (sel & 0xfffc) | ext);
    const inner = (hi & ATTR_DC) === 0 && dpl < this.cpl;
    const newCpl = inner ? dpl : this.cpl;
    const flags = this.getFlags();
    const size = gate32 ? 4 : 2;

    let ssSel = this.segSel[SS], sslo = 0, sshi = 0;
    let base = this.segBase[SS], mask = this.stackMask, sp = this.regs[ESP];
    if (inner) {
      const stack = this.tssStack(dpl, ext);
      this.checkStackSelector(stack.ss, dpl, TS, ext);
      sslo = this.descLo;
      sshi = this.descHi;
      ssSel = stack.ss;
      base = Segmentation.base(sslo, sshi);
      mask = (sshi & ATTR_DB) !== 0 ? -1 : 0xffff;
      sp = stack.esp;
    }
    const top = sp;
    const user = newCpl === 3;
    const put = (v: number) => {
      sp = (sp - size) & mask;
      this.writeAs((base + sp) | 0, v, size, user);
    };
    if (inner) {
      put(this.segSel[SS]);
      put(this.regs[ESP]);
    }
    put(flags);
    put(this.segSel[CS]);
    put(returnEip);
    if (errorCode >= 0) put(errorCode);

    // Committed: nothing below can fault.
    if (inner) {
      this.setCpl(newCpl);
      this.loadCache(SS, (ssSel & ~3) | newCpl, sslo, sshi);
    }
    this.regs[ESP] = (top & ~mask) | sp;
    this.loadCache(CS, (sel & ~3) | newCpl, lo, hi);
    this.eip = offset;
    this.flagsReg &= ~(TF | NT | RF | VM | (trapGate ? 0 : IF));
    this.interruptDelivered = true;
  }

  /**
   * Delivers the exception recorded by raise(), applying the double-fault rules; a
   * fault while delivering a double fault is a triple fault and stops the CPU.
   */
  protected deliverException(faultEip: number): void {
    let vector = this.faultVector;
    let error = this.faultHasError ? this.faultError : -1;
    let previous = -1;
    let depth = 0;
    for (;;) {
      this.faultChain[depth++] = vector;
      this.faultChain[depth++] = error;
      if (previous === 8) {
        this.tripleFault(faultEip, depth);
        return;
      }
      if (previous >= 0 && isDoubleFault(previous, vector)) {
        vector = 8;
        error = 0;
        this.faultChain[depth++] = vector;
        this.faultChain[depth++] = error;
      }
      try {
        this.deliverInterrupt(vector, INT_EXCEPTION, error, faultEip);
        return;
      } catch (e) {
        if (e !== FAULT) throw e;
        previous = vector;
        vector = this.faultVector;
        error = this.faultHasError ? this.faultError : -1;
      }
    }
  }

  /** The exceptions of one delivery, as (vector, error code) pairs; formatted only on a triple fault. */
  private readonly faultChain = new Int32Array(16);

  private tripleFault(faultEip: number, depth: number): void {
    const parts: string[] = [];
    for (let i = depth - 2; i >= 0; i -= 2) parts.push(describeException(this.faultChain[i], this.faultChain[i + 1]));
    this.state = 'triple-fault';
    this.faultMessage = `triple fault: ${parts.join(' while delivering ')} at eip=0x${hex(faultEip)}`;
  }
}

function isDoubleFault(first: number, second: number): boolean {
  const contributory = (v: number) => v < 32 && ((CONTRIBUTORY >> v) & 1) !== 0;
  if (first === 14) return contributory(second) || second === 14;
  return contributory(first) && contributory(second);
}

function hex(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}

export function describeException(vector: number, error: number): string {
  const name = EXCEPTION_NAMES[vector] ?? `vector ${vector}`;
  return error >= 0 ? `${name}(0x${error.toString(16)})` : name;
}
