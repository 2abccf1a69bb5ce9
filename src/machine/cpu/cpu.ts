// The i386 CPU: the run loop, the decoder and the execution of every instruction.
//
// One instruction is decoded and executed in one pass by step(): prefixes, then a
// switch on the opcode. Operands are read and results written through small helpers
// that know the ModRM form (register or memory). An instruction that faults throws
// FAULT from wherever it is; the run loop restores EIP to the instruction's start and
// delivers the exception. Instructions write memory before they change registers, so
// a fault restarts them cleanly.

import { setFlagsFromString } from 'node:v8';
import type { CpuApi, CpuHost, CpuState } from '../bus.js';
import {
  AF, CC_ADC, CC_ADD, CC_DEC, CC_INC, CC_LOGIC, CC_MUL, CC_SAR, CC_SBB, CC_SHL, CC_SUB,
  CF, DF, IF, IOPL, OF, PF, SF, TF, ZF, parityOf,
} from './flags.js';
import { Segmentation, INT_EXCEPTION, INT_SOFTWARE } from './segmentation.js';
import {
  ATTR_CODE, ATTR_DC, ATTR_P, ATTR_RW, ATTR_S, BP, BR, CR0_EM, CR0_ET, CR0_MP, CR0_PE, CR0_PG, CR0_TS, CR0_WP,
  CR4_DE, CR4_PSE, CR4_TSD, CS, DB, DE, DS, EAX, EBP, EBX, ECX, EDI, EDX, ES, ESI, ESP, FAULT, FS, GS,
  NM, NP, OFV, SS, UD,
} from './state.js';
import { divideSigned, divideUnsigned, mulHighSigned, mulHighUnsigned, quotient } from './wide.js';
import { cpuidLeaf, cpuidResult } from './cpuid.js';
import { ENTRY_SHIFT, MAX_INSTRUCTION_LENGTH, SLOT_MASK } from './decodedCode.js';
import { decodeInstruction, Op } from './decoder.js';

// The decoded-code loop (runDecoded) is one function that calls many small helpers
// (memory access through the TLB, lazy flags, the stack). V8 stops inlining into a
// function once the callees it inlined reach 920 bytes of bytecode, which here leaves
// most of those calls as calls; a larger budget makes the loop 15-25% faster. The
// flag is read when a function is optimized, so setting it as the emulator loads
// (before any of it is hot) is enough; it applies to the whole process.
setFlagsFromString('--max-inlined-bytecode-size-cumulative=3000');

/** Byte-register number → index into the register file's bytes (AL CL DL BL AH CH DH BH). */
const R8 = [0, 4, 8, 12, 1, 5, 9, 13];
const IS_PREFIX = new Uint8Array(256);
for (const p of [0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3]) IS_PREFIX[p] = 1;
/** Iterations of a REP string instruction per step, so interrupts get in. */
const REP_CHUNK = 4096;

const MSR_TSC = 0x10;
const MSR_SYSENTER_CS = 0x174;
const MSR_SYSENTER_ESP = 0x175;
const MSR_SYSENTER_EIP = 0x176;
const MSR_EFER = 0xc0000080 | 0;

/** Descriptor high words for the flat segments SYSENTER/SYSEXIT and the multiboot hand-off load. */
const FLAT_CODE_HI = 0x00cf9b00;
const FLAT_DATA_HI = 0x00cf9300;
const FLAT_LO = 0x0000ffff;

export class Cpu extends Segmentation implements CpuApi {
  private readonly host: CpuHost;

  // The instruction being decoded.
  private startEip = 0;
  private segOverride = -1;
  private rep = 0; // 0, 0xf2 or 0xf3
  private mod = 0;
  private reg = 0;
  private rm = 0;
  /** Linear address of the memory operand; eaOffset is its offset within the segment. */
  private ea = 0;
  private eaOffset = 0;

  // Run-loop events.
  private runEnd = 0;
  /** Something must be looked at between instructions (interrupts, TF, shadow). */
  private eventPending = true;
  private sampleInterrupts = true;
  private interruptShadow = false;
  private debugShadow = false;

  private tscOffset = 0;
  private sysenterCs = 0;
  private sysenterEsp = 0;
  private sysenterEip = 0;
  private fpuControl = 0x37f;
  private fpuStatus = 0;

  constructor(memory: Uint8Array, host: CpuHost) {
    super(memory);
    this.host = host;
    this.reset();
  }

  get instructionCount(): number {
    return this.icount;
  }

  /** Power-on state (real mode; this CPU runs only after enterProtectedFlat). */
  reset(): void {
    this.regs.fill(0);
    this.eip = 0xfff0;
    this.flagsReg = 2;
    this.ccOp = 0;
    this.cr0 = CR0_ET;
    this.cr2 = this.cr3 = this.cr4 = 0;
    this.setCpl(0);
    for (let s = 0; s < 6; s++) {
      this.segSel[s] = 0;
      this.segBase[s] = 0;
      this.segLimit[s] = 0xffff;
      this.segAttr[s] = ATTR_P | ATTR_S | ATTR_RW | (s === CS ? ATTR_CODE : 0);
      this.segChecked[s] = 1;
    }
    this.cs32 = false;
    this.resetPrefixes();
    this.stackMask = 0xffff;
    this.flushTlb();
    this.code.clear(); // the host may have loaded new code
    this.state = 'running';
    this.faultMessage = '';
  }

  enterProtectedFlat(eip: number, eax: number, ebx: number): void {
    this.reset();
    this.cr0 = CR0_PE | CR0_ET;
    this.flushTlb();
    this.loadCache(CS, 0x08, FLAT_LO, FLAT_CODE_HI);
    for (const s of [ES, SS, DS, FS, GS]) this.loadCache(s, 0x10, FLAT_LO, FLAT_DATA_HI);
    this.gdtBase = 0;
    this.gdtLimit = 0;
    this.idtBase = 0;
    this.idtLimit = 0;
    this.regs[EAX] = eax;
    this.regs[EBX] = ebx;
    this.eip = eip;
    this.flagsReg = 2;
  }

  /** GDTR and IDTR as the firmware leaves them, for kernels that use them before their own LGDT/LIDT. */
  setDescriptorTables(gdtBase: number, gdtLimit: number, idtBase: number, idtLimit: number): void {
    this.gdtBase = gdtBase | 0;
    this.gdtLimit = gdtLimit & 0xffff;
    this.idtBase = idtBase | 0;
    this.idtLimit = idtLimit & 0xffff;
  }

  // ---- the run loop

  run(budget: number): number {
    const start = this.icount;
    if (this.state === 'halted') {
      if (!this.interruptsEnabled || !this.host.interruptPending()) return 0;
      this.state = 'running';
    }
    if (this.state !== 'running') return 0;
    if ((this.cr0 & CR0_PE) === 0) {
      this.state = 'stopped';
      this.faultMessage = 'real mode is not supported: enter protected mode first';
      return 0;
    }
    // The machine's budgets come from timer periods and may be fractional: running
    // while icount < start + budget is running to the next whole instruction, and a
    // whole number keeps runEnd a small integer to V8. (Any CPU field that once holds
    // a double, or an unsigned value above 2^31, changes the object's layout and throws
    // away all the CPU's optimised code, which then runs slowly until V8 recompiles it.)
    budget = Math.ceil(budget);
    this.runEnd = start + budget;
    this.sampleInterrupts = true;
    this.eventPending = true;
    while (this.icount < this.runEnd) {
      try {
        this.runBlock();
      } catch (e) {
        if (e !== FAULT) throw e;
        this.resetPrefixes();
        this.eip = this.startEip;
        this.deliverException(this.startEip);
        // A fault retires nothing, but it uses up budget: a handler that faults at
        // once would otherwise keep run() from ever returning.
        this.runEnd--;
        if (this.state !== 'running') break;
      }
      if ((this.state as CpuState) === 'halted' && this.interruptsEnabled && this.host.interruptPending()) {
        this.state = 'running';
        this.runEnd = start + budget;
        this.eventPending = this.sampleInterrupts = true;
      }
    }
    return this.icount - start;
  }

  private runBlock(): void {
    while (this.icount < this.runEnd) {
      if (this.eventPending) {
        this.serviceEvents();
        if (this.icount >= this.runEnd) return;
        if ((this.flagsReg & TF) !== 0) {
          this.interruptDelivered = false;
          this.step();
          this.icount++;
          // MOV SS / POP SS hold off the single-step trap for one instruction; INT n,
          // INT3 and INTO enter their handler with TF clear and trap only once IRET
          // has restored it (as QEMU does).
          if (this.debugShadow) this.debugShadow = false;
          else if (!this.interruptDelivered) this.singleStepTrap();
          continue;
        }
        if (this.eventPending) {
          // An interrupt shadow (or a second interrupt to look for): one instruction,
          // then look again.
          this.step();
          this.icount++;
          continue;
        }
      }
      // Decoded instructions from the page at EIP; 16-bit code, and code outside RAM,
      // go byte by byte.
      this.startEip = this.eip;
      const lin = (this.csBase + this.eip) | 0;
      let phys = -1;
      if (lin >>> 12 === this.fetchPage) phys = this.fetchPhys | (lin & 0xfff);
      else if (this.cs32) phys = this.codeAddress(lin);
      if (phys >= 0 && this.cs32) this.runDecoded(phys);
      else {
        this.step();
        this.icount++;
      }
    }
  }

  /** The physical address of code at `lin` (faulting as a fetch would), or -1 outside RAM. */
  private codeAddress(lin: number): number {
    this.fetchSlow(lin);
    return lin >>> 12 === this.fetchPage ? this.fetchPhys | (lin & 0xfff) : -1;
  }

  /** Between instructions: the interrupt shadow, then a pending external interrupt. */
  private serviceEvents(): void {
    if (this.interruptShadow) {
      this.interruptShadow = false;
      return; // eventPending stays set: look again after the next instruction
    }
    if (this.sampleInterrupts) {
      this.sampleInterrupts = false;
      if (this.interruptsEnabled && this.host.interruptPending()) {
        const vector = this.host.acknowledgeInterrupt() & 0xff;
        this.startEip = this.eip;
        this.deliverInterrupt(vector, INT_EXCEPTION, -1, this.eip);
        this.sampleInterrupts = true; // another may be pending once IF is set again
      }
    }
    this.eventPending = this.sampleInterrupts || this.interruptShadow || (this.flagsReg & TF) !== 0;
  }

  private singleStepTrap(): void {
    if (this.state !== 'running') return;
    this.dr[6] |= 0x4000;
    this.startEip = this.eip;
    this.deliverInterrupt(DB, INT_EXCEPTION, -1, this.eip);
  }

  /** Interrupts may have become deliverable: look before the next instruction. */
  private recheckInterrupts(): void {
    this.sampleInterrupts = true;
    this.eventPending = true;
  }

  // ---- decoded instructions (see decoder.ts and decodedCode.ts for the entry layout)

  /**
   * Runs decoded instructions from physical address `phys` (EIP's) for as long as their
   * code pages are in the TLB, with nothing for the run loop to look at: decoded
   * instructions never change IF, TF, CS or the TLB, and never stop the CPU. An
   * instruction only the interpreter runs ends the stretch after it.
   *
   * EIP and the instruction count live in locals here, and reach the CPU's fields when
   * the stretch ends or an instruction faults (the run loop then restarts it at
   * startEip); handlers that need EIP (calls, the interpreter's own code) are given it.
   */
  private runDecoded(phys: number): void {
    const entries = this.decoded;
    const r = this.regs, r8 = this.regs8;
    const end = this.runEnd;
    let eip = this.eip;
    let count = this.icount;
    try {
      for (;;) {
        const e = (phys & SLOT_MASK) << ENTRY_SHIFT;
        if (entries[e] !== phys) this.decode(phys);
        const info = entries[e + 1];
        const length = (info >> 6) & 15;
        const x = (info >> 10) & 15, a = (info >> 14) & 15, b = (info >> 18) & 15;
        let next = (eip + length) | 0;
        switch (info & 63) {
          case Op.Interpret:
            this.icount = count;
            this.startEip = this.eip = eip;
            this.step();
            this.icount++;
            return;
          case Op.AluRR: {
            const v = this.alu32(x, r[a], r[b]);
            if (x < 7) r[a] = v;
            break;
          }
          case Op.AluMR: {
            const ea = this.eaOf(info, e);
            const v = this.alu32(x, this.read32(ea), r[a]);
            if (x < 7) this.write32(ea, v);
            break;
          }
          case Op.AluRM: {
            const v = this.alu32(x, r[a], this.read32(this.eaOf(info, e)));
            if (x < 7) r[a] = v;
            break;
          }
          case Op.AluRI: {
            const v = this.alu32(x, r[a], entries[e + 2]);
            if (x < 7) r[a] = v;
            break;
          }
          case Op.AluMI: {
            const ea = this.eaOf(info, e);
            const v = this.alu32(x, this.read32(ea), entries[e + 2]);
            if (x < 7) this.write32(ea, v);
            break;
          }
          case Op.MovRR: r[a] = r[b]; break;
          case Op.MovMR: this.write32(this.eaOf(info, e), r[a]); break;
          case Op.MovRM: r[a] = this.read32(this.eaOf(info, e)); break;
          case Op.MovRI: r[a] = entries[e + 2]; break;
          case Op.MovMI: this.write32(this.eaOf(info, e), entries[e + 2]); break;
          case Op.Mov8MR: this.write8(this.eaOf(info, e), r8[a]); break;
          case Op.IncR: r[a] = this.inc(r[a], 2); break;
          case Op.DecR: r[a] = this.dec(r[a], 2); break;
          case Op.PushR: this.push32(r[a]); break;
          case Op.PopR: { const v = this.pop32(); r[a] = v; break; }
          case Op.PushI: this.push32(entries[e + 2]); break;
          case Op.Lea: r[a] = this.offsetOf(info, e); break;
          case Op.Alu8RR: {
            const v = this.alu(x, r8[a], r8[b], 0);
            if (x < 7) r8[a] = v;
            break;
          }
          case Op.Alu8MR: {
            const ea = this.eaOf(info, e);
            const v = this.alu(x, this.read8(ea), r8[a], 0);
            if (x < 7) this.write8(ea, v);
            break;
          }
          case Op.Alu8RM: {
            const v = this.alu(x, r8[a], this.read8(this.eaOf(info, e)), 0);
            if (x < 7) r8[a] = v;
            break;
          }
          case Op.Alu8RI: {
            const v = this.alu(x, r8[a], entries[e + 2], 0);
            if (x < 7) r8[a] = v;
            break;
          }
          case Op.Alu8MI: {
            const ea = this.eaOf(info, e);
            const v = this.alu(x, this.read8(ea), entries[e + 2], 0);
            if (x < 7) this.write8(ea, v);
            break;
          }
          case Op.Mov8RR: r8[a] = r8[b]; break;
          case Op.Mov8RM: r8[a] = this.read8(this.eaOf(info, e)); break;
          case Op.Mov8RI: r8[a] = entries[e + 2]; break;
          case Op.Mov8MI: this.write8(this.eaOf(info, e), entries[e + 2]); break;
          case Op.MovxR: {
            const v = (x & 1) === 0 ? r8[b] : this.regs16[b];
            r[a] = x === 2 ? (v << 24) >> 24 : x === 3 ? (v << 16) >> 16 : v;
            break;
          }
          case Op.MovxM: {
            const ea = this.eaOf(info, e);
            const v = (x & 1) === 0 ? this.read8(ea) : this.read16(ea);
            r[a] = x === 2 ? (v << 24) >> 24 : x === 3 ? (v << 16) >> 16 : v;
            break;
          }
          case Op.SetccR: r8[a] = this.condition(x) ? 1 : 0; break;
          case Op.SetccM: {
            const ea = this.eaOf(info, e);
            this.write8(ea, this.condition(x) ? 1 : 0);
            break;
          }
          case Op.CmovR: if (this.condition(x)) r[a] = r[b]; break;
          case Op.CmovM: {
            const v = this.read32(this.eaOf(info, e));
            if (this.condition(x)) r[a] = v;
            break;
          }
          case Op.ImulR: r[a] = this.imulTruncated(r[a], r[b]); break;
          case Op.ImulM: {
            const v = this.read32(this.eaOf(info, e));
            r[a] = this.imulTruncated(r[a], v);
            break;
          }
          case Op.Imul3R: r[a] = this.imulTruncated(r[b], entries[e + 2]); break;
          case Op.Imul3M: r[a] = this.imulTruncated(this.read32(this.eaOf(info, e)), entries[e + 2]); break;
          case Op.ShiftR: {
            const by = entries[e + 2];
            r[a] = this.shift(x, r[a], by < 0 ? r8[4] : by, 2);
            break;
          }
          case Op.ShiftM: {
            const ea = this.eaOf(info, e), by = entries[e + 2];
            const v = this.read32(ea);
            this.write32(ea, this.shift(x, v, by < 0 ? r8[4] : by, 2));
            break;
          }
          case Op.Cdq: r[EDX] = r[EAX] >> 31; break;
          case Op.Nop: break;
          case Op.Leave: this.leave(); break;
          case Op.Group3R:
            if (x === 2) { // NOT: no flags
              r[a] = ~r[a];
              break;
            }
            if (x === 3) { // NEG
              const v = r[a];
              r[a] = -v | 0;
              this.setFlagsOp(CC_SUB, 2, -v | 0, v);
              break;
            }
            this.eip = next;
            this.executeDecodedOther(info, e);
            break;
          // Control transfers: the next instruction may be anywhere.
          case Op.Jcc:
            if (this.condition(x)) next = (next + entries[e + 2]) | 0;
            break;
          case Op.Jmp: next = (next + entries[e + 2]) | 0; break;
          case Op.Call: this.push32(next); next = (next + entries[e + 2]) | 0; break;
          case Op.Ret: {
            next = this.pop32();
            const release = entries[e + 2];
            if (release !== 0) this.adjustEsp(release);
            break;
          }
          default:
            this.eip = next;
            this.executeDecodedOther(info, e);
            next = this.eip;
        }
        count++;
        if (next === ((eip + length) | 0) && ((phys + length) & 0xfff) !== 0) {
          // Straight on, within the page.
          phys += length;
        } else {
          const lin = (this.csBase + next) | 0;
          if (lin >>> 12 !== this.fetchPage) {
            // Another code page: on a TLB hit, go on there (as fetchSlow would).
            const entry = this.tlb[lin >>> 12];
            if ((entry & this.readMask) === 0) {
              this.eip = next;
              this.icount = count;
              return;
            }
            this.fetchPage = lin >>> 12;
            this.fetchPhys = entry & ~0xfff;
          }
          phys = this.fetchPhys | (lin & 0xfff);
        }
        eip = next;
        if (count >= end) {
          this.eip = eip;
          this.icount = count;
          return;
        }
      }
    } catch (fault) {
      // Nothing of the faulting instruction has retired.
      this.icount = count;
      this.startEip = this.eip = eip;
      throw fault;
    }
  }

  private decode(phys: number): void {
    decodeInstruction(this.code, phys & SLOT_MASK, this.mem, phys);
    const op = this.decoded[((phys & SLOT_MASK) << ENTRY_SHIFT) + 1] & 63;
    if (op !== Op.Interpret && this.codePages[phys >>> 12] === 0) this.protectCodePage(phys >>> 12);
  }

  /** Groups 3 and 5, which run the interpreter's own code (and may need EIP). */
  private executeDecodedOther(info: number, e: number): void {
    switch (info & 63) {
      case Op.Group3R: case Op.Group3M:
        this.loadModrm(info, e, (info & 63) === Op.Group3R);
        this.group3Operate(2);
        return;
      case Op.Group5R: case Op.Group5M:
        this.loadModrm(info, e, (info & 63) === Op.Group5R);
        this.group5Operate();
        return;
      default:
        throw new Error(`decoded op ${info & 63} has no handler`);
    }
  }

  /** The offset (within its segment) of a decoded memory operand. */
  private offsetOf(info: number, e: number): number {
    const r = this.regs;
    return (r[(info >> 18) & 15] + (r[(info >> 22) & 15] << ((info >> 26) & 3)) + this.decoded[e + 3]) | 0;
  }

  /** The linear address of a decoded memory operand, after the segment limit check. */
  private eaOf(info: number, e: number): number {
    const offset = this.offsetOf(info, e);
    const seg = info >> 28;
    if (this.segChecked[seg] !== 0) this.checkSegmentLimit(seg, offset);
    return (this.segBase[seg] + offset) | 0;
  }

  /** Puts a decoded instruction's ModRM fields where the interpreter's helpers look. */
  private loadModrm(info: number, e: number, register: boolean): void {
    this.reg = (info >> 10) & 15;
    this.rm = (info >> 14) & 15;
    this.mod = register ? 3 : 0;
    if (!register) this.ea = this.eaOf(info, e);
  }

  // ---- fetch

  private fetch8(): number {
    const lin = (this.csBase + this.eip) | 0;
    this.eip = (this.eip + 1) | 0;
    if (lin >>> 12 === this.fetchPage) return this.mem[this.fetchPhys | (lin & 0xfff)];
    return this.fetchSlow(lin);
  }

  private fetch16(): number {
    const lin = (this.csBase + this.eip) | 0;
    this.eip = (this.eip + 2) | 0;
    if (lin >>> 12 === this.fetchPage && (lin & 0xfff) < 0xfff) {
      const p = this.fetchPhys | (lin & 0xfff);
      return this.mem[p] | (this.mem[p + 1] << 8);
    }
    return this.read16(lin);
  }

  private fetch32(): number {
    const lin = (this.csBase + this.eip) | 0;
    this.eip = (this.eip + 4) | 0;
    if (lin >>> 12 === this.fetchPage && (lin & 0xfff) < 0xffd) {
      const p = this.fetchPhys | (lin & 0xfff);
      return this.mem[p] | (this.mem[p + 1] << 8) | (this.mem[p + 2] << 16) | (this.mem[p + 3] << 24);
    }
    return this.read32(lin);
  }

  private fetchImm(): number {
    return this.o32 ? this.fetch32() : this.fetch16();
  }

  private fetchSimm8(): number {
    return (this.fetch8() << 24) >> 24;
  }

  // ---- ModRM

  private decodeModrm(): void {
    const b = this.fetch8();
    this.mod = b >> 6;
    this.reg = (b >> 3) & 7;
    this.rm = b & 7;
    if (this.mod !== 3) this.decodeAddress();
  }

  private decodeAddress(): void {
    let seg = DS;
    let addr: number;
    const mod = this.mod, rm = this.rm;
    if (this.a32) {
      if (rm === 4) {
        const sib = this.fetch8();
        const base = sib & 7, index = (sib >> 3) & 7;
        addr = index === 4 ? 0 : this.regs[index] << (sib >> 6);
        if (base === 5 && mod === 0) addr = (addr + this.fetch32()) | 0;
        else {
          addr = (addr + this.regs[base]) | 0;
          if (base === ESP || base === EBP) seg = SS;
        }
      } else if (rm === 5 && mod === 0) {
        addr = this.fetch32();
      } else {
        addr = this.regs[rm];
        if (rm === EBP) seg = SS;
      }
      if (mod === 1) addr = (addr + this.fetchSimm8()) | 0;
      else if (mod === 2) addr = (addr + this.fetch32()) | 0;
    } else {
      const r = this.regs;
      switch (rm) {
        case 0: addr = r[EBX] + r[ESI]; break;
        case 1: addr = r[EBX] + r[EDI]; break;
        case 2: addr = r[EBP] + r[ESI]; seg = SS; break;
        case 3: addr = r[EBP] + r[EDI]; seg = SS; break;
        case 4: addr = r[ESI]; break;
        case 5: addr = r[EDI]; break;
        case 6:
          if (mod === 0) addr = this.fetch16();
          else { addr = r[EBP]; seg = SS; }
          break;
        default: addr = r[EBX]; break;
      }
      if (mod === 1) addr += this.fetchSimm8();
      else if (mod === 2) addr += this.fetch16();
      addr &= 0xffff;
    }
    this.eaOffset = addr;
    if (this.segOverride >= 0) seg = this.segOverride;
    if (this.segChecked[seg] !== 0) this.checkSegmentLimit(seg, addr);
    this.ea = (this.segBase[seg] + addr) | 0;
  }

  /** Memory-only operands (LEA, LGDT, far pointers…) raise #UD with a register form. */
  private requireMemory(): void {
    if (this.mod === 3) this.raise(UD);
  }

  // ---- operands

  private readE8(): number {
    return this.mod === 3 ? this.regs8[R8[this.rm]] : this.read8(this.ea);
  }

  private writeE8(v: number): void {
    if (this.mod === 3) this.regs8[R8[this.rm]] = v;
    else this.write8(this.ea, v);
  }

  private readE16(): number {
    return this.mod === 3 ? this.regs16[this.rm << 1] : this.read16(this.ea);
  }

  private writeE16(v: number): void {
    if (this.mod === 3) this.regs16[this.rm << 1] = v;
    else this.write16(this.ea, v);
  }

  private readE32(): number {
    return this.mod === 3 ? this.regs[this.rm] : this.read32(this.ea);
  }

  private writeE32(v: number): void {
    if (this.mod === 3) this.regs[this.rm] = v;
    else this.write32(this.ea, v);
  }

  private readEv(): number {
    return this.o32 ? this.readE32() : this.readE16();
  }

  private writeEv(v: number): void {
    if (this.o32) this.writeE32(v);
    else this.writeE16(v);
  }

  private readGv(): number {
    return this.o32 ? this.regs[this.reg] : this.regs16[this.reg << 1];
  }

  private writeGv(v: number): void {
    if (this.o32) this.regs[this.reg] = v;
    else this.regs16[this.reg << 1] = v;
  }

  private writeReg(r: number, v: number): void {
    if (this.o32) this.regs[r] = v;
    else this.regs16[r << 1] = v;
  }

  private readReg(r: number): number {
    return this.o32 ? this.regs[r] : this.regs16[r << 1];
  }

  private get sizeIndex(): number {
    return this.o32 ? 2 : 1;
  }

  private pushV(v: number): void {
    if (this.o32) this.push32(v);
    else this.push16(v);
  }

  private popV(): number {
    return this.o32 ? this.pop32() : this.pop16();
  }

  private jumpTo(target: number): void {
    this.eip = this.o32 ? target | 0 : target & 0xffff;
  }

  // ---- arithmetic

  private setFlagsOp(kind: number, size: number, dst: number, src: number): void {
    this.ccOp = (kind << 2) | size;
    this.ccDst = dst;
    this.ccSrc = src;
  }

  /** The eight ALU operations of opcodes 00-3F and group 1, and TEST as 8; CMP and TEST return `a` unchanged. */
  private alu(op: number, a: number, b: number, size: number): number {
    let r: number;
    switch (op) {
      case 0: r = (a + b) | 0; this.setFlagsOp(CC_ADD, size, r, b); return r;
      case 1: r = a | b; this.setFlagsOp(CC_LOGIC, size, r, 0); return r;
      case 2: {
        const c = this.getCF();
        r = (a + b + c) | 0;
        this.setFlagsOp(CC_ADC, size, r, b);
        this.ccSrc2 = c;
        return r;
      }
      case 3: {
        const c = this.getCF();
        r = (a - b - c) | 0;
        this.setFlagsOp(CC_SBB, size, r, b);
        this.ccSrc2 = c;
        return r;
      }
      case 4: r = a & b; this.setFlagsOp(CC_LOGIC, size, r, 0); return r;
      case 5: r = (a - b) | 0; this.setFlagsOp(CC_SUB, size, r, b); return r;
      case 6: r = a ^ b; this.setFlagsOp(CC_LOGIC, size, r, 0); return r;
      case 7: this.setFlagsOp(CC_SUB, size, (a - b) | 0, b); return a;
      default: this.setFlagsOp(CC_LOGIC, size, a & b, 0); return a; // 8: TEST (decoded code only)
    }
  }

  /**
   * alu() on 32-bit operands, small enough for V8 to inline into the decoded-code loop:
   * the operations without a carry in record their flags here.
   */
  private alu32(op: number, a: number, b: number): number {
    let r: number;
    if (op === 0) {
      r = (a + b) | 0;
      this.ccOp = (CC_ADD << 2) | 2;
      this.ccSrc = b;
    } else if (op === 5 || op === 7) {
      r = (a - b) | 0;
      this.ccOp = (CC_SUB << 2) | 2;
      this.ccSrc = b;
    } else if (op === 2 || op === 3) {
      return this.alu(op, a, b, 2);
    } else {
      r = op === 1 ? a | b : op === 6 ? a ^ b : a & b;
      this.ccOp = (CC_LOGIC << 2) | 2;
      this.ccSrc = 0;
    }
    this.ccDst = r;
    return op < 7 ? r : a;
  }

  private inc(v: number, size: number): number {
    const cf = this.getCF();
    const r = (v + 1) | 0;
    this.setFlagsOp(CC_INC, size, r, cf);
    return r;
  }

  private dec(v: number, size: number): number {
    const cf = this.getCF();
    const r = (v - 1) | 0;
    this.setFlagsOp(CC_DEC, size, r, cf);
    return r;
  }

  /** Group 2: rotates and shifts of an operand (clean, zero-extended) by a count. */
  private shift(op: number, v: number, count: number, size: number): number {
    count &= 0x1f;
    if (count === 0) return v;
    const bits = 8 << size;
    const mask = size === 2 ? -1 : (1 << bits) - 1;
    switch (op) {
      case 0: { // ROL
        const c = count & (bits - 1);
        const r = c === 0 ? v : ((v << c) | (v >>> (bits - c))) & mask;
        const cf = r & 1;
        this.setRotateFlags(cf, ((r >>> (bits - 1)) & 1) ^ cf);
        return r;
      }
      case 1: { // ROR
        const c = count & (bits - 1);
        const r = c === 0 ? v : ((v >>> c) | (v << (bits - c))) & mask;
        const msb = (r >>> (bits - 1)) & 1;
        this.setRotateFlags(msb, msb ^ ((r >>> (bits - 2)) & 1));
        return r;
      }
      case 2: // RCL
      case 3: { // RCR
        const c = size === 0 ? count % 9 : size === 1 ? count % 17 : count;
        if (c === 0) return v;
        const cin = this.getCF();
        let r: number, cf: number;
        if (op === 2) {
          r = (v << c) | (cin << (c - 1)) | (c > 1 ? v >>> (bits + 1 - c) : 0);
          cf = (v >>> (bits - c)) & 1;
        } else {
          r = (v >>> c) | (cin << (bits - c)) | (c > 1 ? v << (bits + 1 - c) : 0);
          cf = (v >>> (c - 1)) & 1;
        }
        r &= mask;
        this.setRotateFlags(cf, ((v ^ r) >>> (bits - 1)) & 1);
        return r;
      }
      case 4:
      case 6: { // SHL/SAL
        const r = v << count;
        this.setFlagsOp(CC_SHL, size, r, v << (count - 1));
        return r & mask;
      }
      case 5: { // SHR
        const r = v >>> count;
        // | 0: an unsigned value above 2^31 would make ccSrc a double to V8 (see run()).
        this.setFlagsOp(CC_SAR, size, r, (v >>> (count - 1)) | 0);
        return r;
      }
      default: { // SAR
        const s = (v << (32 - bits)) >> (32 - bits);
        const r = s >> count;
        this.setFlagsOp(CC_SAR, size, r, s >> (count - 1));
        return r & mask;
      }
    }
  }

  private setRotateFlags(cf: number, of: number): void {
    const f = this.getFlags();
    this.flagsReg = (f & ~(CF | OF)) | cf | (of << 11);
  }

  /** SHLD/SHRD, as QEMU does them (a 16-bit count above 16 shifts dest:src:dest). */
  private shiftDouble(right: boolean, d: number, s: number, count: number, size: number): number {
    count &= 0x1f;
    if (count === 0) return d;
    let r: number, carry: number;
    if (size === 2) {
      if (right) {
        r = (d >>> count) | (s << (32 - count));
        carry = (d >>> (count - 1)) | 0;
      } else {
        r = (d << count) | (s >>> (32 - count));
        carry = d << (count - 1);
      }
    } else if (right) {
      const wide = (s << 16) | d;
      carry = (wide >>> (count - 1)) | 0;
      r = (wide >>> count) | (d << (32 - count));
    } else {
      const wide = (s << 16) | d;
      carry = (d << (count - 1)) | (wide >>> (33 - count));
      r = (d << count) | (wide >>> (32 - count));
    }
    this.setFlagsOp(right ? CC_SAR : CC_SHL, size, r, carry);
    return size === 2 ? r : r & 0xffff;
  }

  /** Group 3 MUL/IMUL/DIV/IDIV on the accumulator. */
  private multiplyDivide(op: number, v: number, size: number): void {
    const r = this.regs;
    switch (op) {
      case 4: // MUL
        if (size === 0) {
          const p = this.regs8[0] * v;
          this.regs16[0] = p;
          this.setFlagsOp(CC_MUL, 0, p, p & 0xff00);
        } else if (size === 1) {
          const p = this.regs16[0] * v;
          this.regs16[0] = p;
          this.regs16[EDX << 1] = p >>> 16;
          this.setFlagsOp(CC_MUL, 1, p, p >>> 16);
        } else {
          const lo = Math.imul(r[EAX], v), hi = mulHighUnsigned(r[EAX], v);
          r[EAX] = lo;
          r[EDX] = hi;
          this.setFlagsOp(CC_MUL, 2, lo, hi);
        }
        return;
      case 5: // IMUL
        if (size === 0) {
          const p = ((this.regs8[0] << 24) >> 24) * ((v << 24) >> 24);
          this.regs16[0] = p;
          this.setFlagsOp(CC_MUL, 0, p, p !== (p << 24) >> 24 ? 1 : 0);
        } else if (size === 1) {
          const p = ((this.regs16[0] << 16) >> 16) * ((v << 16) >> 16);
          this.regs16[0] = p;
          this.regs16[EDX << 1] = p >> 16;
          this.setFlagsOp(CC_MUL, 1, p, p !== (p << 16) >> 16 ? 1 : 0);
        } else {
          const lo = Math.imul(r[EAX], v), hi = mulHighSigned(r[EAX], v);
          r[EAX] = lo;
          r[EDX] = hi;
          this.setFlagsOp(CC_MUL, 2, lo, hi !== lo >> 31 ? 1 : 0);
        }
        return;
      case 6: // DIV
        if (size === 0) {
          const n = this.regs16[0];
          if (v === 0 || n / v >= 0x100) this.raise(DE);
          this.regs8[0] = (n / v) | 0;
          this.regs8[1] = n % v;
        } else if (size === 1) {
          const n = ((this.regs16[EDX << 1] << 16) | this.regs16[0]) >>> 0;
          if (v === 0 || n / v >= 0x10000) this.raise(DE);
          this.regs16[0] = Math.floor(n / v);
          this.regs16[EDX << 1] = n % v;
        } else {
          if (!divideUnsigned(r[EDX], r[EAX], v)) this.raise(DE);
          r[EAX] = quotient.q;
          r[EDX] = quotient.r;
        }
        return;
      default: // IDIV
        if (size === 0) {
          const n = (this.regs16[0] << 16) >> 16, d = (v << 24) >> 24;
          if (d === 0) this.raise(DE);
          const q = Math.trunc(n / d);
          if (q > 127 || q < -128) this.raise(DE);
          this.regs8[0] = q;
          this.regs8[1] = n % d;
        } else if (size === 1) {
          const n = (this.regs16[EDX << 1] << 16) | this.regs16[0], d = (v << 16) >> 16;
          if (d === 0) this.raise(DE);
          const q = Math.trunc(n / d);
          if (q > 32767 || q < -32768) this.raise(DE);
          this.regs16[0] = q;
          this.regs16[EDX << 1] = n % d;
        } else {
          if (!divideSigned(r[EDX], r[EAX], v)) this.raise(DE);
          r[EAX] = quotient.q;
          r[EDX] = quotient.r;
        }
    }
  }

  /** IMUL r, r/m(, imm): truncated product, CF=OF when it did not fit. */
  private imulTruncated(a: number, b: number): number {
    if (this.o32) {
      const lo = Math.imul(a, b);
      // The double product is exact whenever it could equal a 32-bit value.
      this.setFlagsOp(CC_MUL, 2, lo, a * b !== lo ? 1 : 0);
      return lo;
    }
    const p = ((a << 16) >> 16) * ((b << 16) >> 16);
    this.setFlagsOp(CC_MUL, 1, p, p !== (p << 16) >> 16 ? 1 : 0);
    return p & 0xffff;
  }

  // ---- one instruction

  /**
   * Between instructions the prefix state holds its defaults (o32 = a32 = cs32, no
   * override, no REP), so an instruction without prefixes resets nothing; a prefixed
   * one restores the defaults when it ends or faults.
   */
  private step(): void {
    this.startEip = this.eip;
    const b = this.fetch8();
    if (IS_PREFIX[b] === 0) this.execute(b);
    else {
      this.stepPrefixed(b);
      this.resetPrefixes();
    }
  }

  private resetPrefixes(): void {
    this.o32 = this.a32 = this.cs32;
    this.segOverride = -1;
    this.rep = 0;
  }

  private stepPrefixed(b: number): void {
    for (;;) {
      switch (b) {
        case 0x26: this.segOverride = ES; break;
        case 0x2e: this.segOverride = CS; break;
        case 0x36: this.segOverride = SS; break;
        case 0x3e: this.segOverride = DS; break;
        case 0x64: this.segOverride = FS; break;
        case 0x65: this.segOverride = GS; break;
        case 0x66: this.o32 = !this.cs32; break;
        case 0x67: this.a32 = !this.cs32; break;
        case 0xf0: this.checkLock(); break;
        case 0xf2: case 0xf3: this.rep = b; break;
        default: this.execute(b); return;
      }
      if (((this.eip - this.startEip) | 0) >= MAX_INSTRUCTION_LENGTH) this.raiseGP(0);
      b = this.fetch8();
    }
  }

  /** The most frequent one-byte opcodes, in a small function; the rest in executeOther. */
  private execute(b: number): void {
    switch (b) {
      case 0x01: case 0x09: case 0x11: case 0x19: case 0x21: case 0x29: case 0x31: case 0x39:
        this.aluEvGv(b >> 3);
        return;
      case 0x03: case 0x0b: case 0x13: case 0x1b: case 0x23: case 0x2b: case 0x33: case 0x3b:
        this.aluGvEv(b >> 3);
        return;
      case 0x40: case 0x41: case 0x42: case 0x43: case 0x44: case 0x45: case 0x46: case 0x47:
        this.incReg(b & 7);
        return;
      case 0x48: case 0x49: case 0x4a: case 0x4b: case 0x4c: case 0x4d: case 0x4e: case 0x4f:
        this.decReg(b & 7);
        return;
      case 0x50: case 0x51: case 0x52: case 0x53: case 0x54: case 0x55: case 0x56: case 0x57:
        this.pushReg(b & 7);
        return;
      case 0x58: case 0x59: case 0x5a: case 0x5b: case 0x5c: case 0x5d: case 0x5e: case 0x5f:
        this.popReg(b & 7);
        return;
      case 0x70: case 0x71: case 0x72: case 0x73: case 0x74: case 0x75: case 0x76: case 0x77:
      case 0x78: case 0x79: case 0x7a: case 0x7b: case 0x7c: case 0x7d: case 0x7e: case 0x7f:
        this.jccShort(b & 0xf);
        return;
      case 0x81: case 0x83: this.aluEvIv(b === 0x83); return;
      case 0x89: this.movEvGv(); return;
      case 0x8b: this.movGvEv(); return;
      case 0xb8: case 0xb9: case 0xba: case 0xbb: case 0xbc: case 0xbd: case 0xbe: case 0xbf:
        this.movRegImm(b & 7);
        return;
      case 0xc3: this.retNear(false); return;
      case 0xe8: this.callNear(); return;
      default: this.executeOther(b);
    }
  }

  private executeOther(b: number): void {
    const r = this.regs;
    switch (b) {
      // ALU r/m, r and r, r/m and accumulator, immediate
      case 0x00: case 0x08: case 0x10: case 0x18: case 0x20: case 0x28: case 0x30: case 0x38: {
        this.decodeModrm();
        const op = b >> 3;
        const v = this.alu(op, this.readE8(), this.regs8[R8[this.reg]], 0);
        if (op !== 7) this.writeE8(v);
        return;
      }
      case 0x01: case 0x09: case 0x11: case 0x19: case 0x21: case 0x29: case 0x31: case 0x39:
        this.aluEvGv(b >> 3);
        return;
      case 0x02: case 0x0a: case 0x12: case 0x1a: case 0x22: case 0x2a: case 0x32: case 0x3a: {
        this.decodeModrm();
        const op = b >> 3;
        const v = this.alu(op, this.regs8[R8[this.reg]], this.readE8(), 0);
        if (op !== 7) this.regs8[R8[this.reg]] = v;
        return;
      }
      case 0x03: case 0x0b: case 0x13: case 0x1b: case 0x23: case 0x2b: case 0x33: case 0x3b:
        this.aluGvEv(b >> 3);
        return;
      case 0x04: case 0x0c: case 0x14: case 0x1c: case 0x24: case 0x2c: case 0x34: case 0x3c: {
        const op = b >> 3;
        const v = this.alu(op, this.regs8[0], this.fetch8(), 0);
        if (op !== 7) this.regs8[0] = v;
        return;
      }
      case 0x05: case 0x0d: case 0x15: case 0x1d: case 0x25: case 0x2d: case 0x35: case 0x3d: {
        const op = b >> 3;
        if (this.o32) {
          const v = this.alu(op, r[EAX], this.fetch32(), 2);
          if (op !== 7) r[EAX] = v;
        } else {
          const v = this.alu(op, this.regs16[0], this.fetch16(), 1);
          if (op !== 7) this.regs16[0] = v;
        }
        return;
      }

      case 0x06: this.pushV(this.segSel[ES]); return;
      case 0x07: this.popSegment(ES); return;
      case 0x0e: this.pushV(this.segSel[CS]); return;
      case 0x0f: this.execute0F(this.fetch8()); return;
      case 0x16: this.pushV(this.segSel[SS]); return;
      case 0x17: this.popSegment(SS); return;
      case 0x1e: this.pushV(this.segSel[DS]); return;
      case 0x1f: this.popSegment(DS); return;
      case 0x27: this.daa(); return;
      case 0x2f: this.das(); return;
      case 0x37: this.aaa(); return;
      case 0x3f: this.aas(); return;

      case 0x40: case 0x41: case 0x42: case 0x43: case 0x44: case 0x45: case 0x46: case 0x47:
        this.incReg(b & 7);
        return;
      case 0x48: case 0x49: case 0x4a: case 0x4b: case 0x4c: case 0x4d: case 0x4e: case 0x4f:
        this.decReg(b & 7);
        return;
      case 0x50: case 0x51: case 0x52: case 0x53: case 0x54: case 0x55: case 0x56: case 0x57:
        this.pushReg(b & 7);
        return;
      case 0x58: case 0x59: case 0x5a: case 0x5b: case 0x5c: case 0x5d: case 0x5e: case 0x5f:
        this.popReg(b & 7);
        return;
      case 0x60: this.pusha(); return;
      case 0x61: this.popa(); return;
      case 0x62: this.bound(); return;
      case 0x63: this.arpl(); return;
      case 0x68: this.pushV(this.fetchImm()); return;
      case 0x69: {
        this.decodeModrm();
        const a = this.readEv();
        this.writeGv(this.imulTruncated(a, this.fetchImm()));
        return;
      }
      case 0x6a: this.pushV(this.fetchSimm8()); return;
      case 0x6b: {
        this.decodeModrm();
        const a = this.readEv();
        this.writeGv(this.imulTruncated(a, this.fetchSimm8()));
        return;
      }
      case 0x6c: case 0x6d: case 0x6e: case 0x6f:
        this.stringInstruction(b);
        return;

      case 0x70: case 0x71: case 0x72: case 0x73: case 0x74: case 0x75: case 0x76: case 0x77:
      case 0x78: case 0x79: case 0x7a: case 0x7b: case 0x7c: case 0x7d: case 0x7e: case 0x7f:
        this.jccShort(b & 0xf);
        return;

      case 0x80: case 0x82: {
        this.decodeModrm();
        const op = this.reg;
        const v = this.alu(op, this.readE8(), this.fetch8(), 0);
        if (op !== 7) this.writeE8(v);
        return;
      }
      case 0x81: case 0x83:
        this.aluEvIv(b === 0x83);
        return;
      case 0x84:
        this.decodeModrm();
        this.setFlagsOp(CC_LOGIC, 0, this.readE8() & this.regs8[R8[this.reg]], 0);
        return;
      case 0x85:
        this.decodeModrm();
        this.setFlagsOp(CC_LOGIC, this.sizeIndex, this.readEv() & this.readGv(), 0);
        return;
      case 0x86: {
        this.decodeModrm();
        const v = this.readE8();
        this.writeE8(this.regs8[R8[this.reg]]);
        this.regs8[R8[this.reg]] = v;
        return;
      }
      case 0x87: {
        this.decodeModrm();
        const v = this.readEv();
        this.writeEv(this.readGv());
        this.writeGv(v);
        return;
      }
      case 0x88: this.decodeModrm(); this.writeE8(this.regs8[R8[this.reg]]); return;
      case 0x89: this.movEvGv(); return;
      case 0x8a: this.decodeModrm(); this.regs8[R8[this.reg]] = this.readE8(); return;
      case 0x8b: this.movGvEv(); return;
      case 0x8c: {
        this.decodeModrm();
        if (this.reg > 5) this.raise(UD);
        const sel = this.segSel[this.reg];
        if (this.mod === 3) this.writeReg(this.rm, sel);
        else this.write16(this.ea, sel);
        return;
      }
      case 0x8d:
        this.decodeModrm();
        this.requireMemory();
        this.writeGv(this.eaOffset);
        return;
      case 0x8e: {
        this.decodeModrm();
        if (this.reg > 5 || this.reg === CS) this.raise(UD);
        this.loadSegment(this.reg, this.readE16());
        if (this.reg === SS) this.shadowInterrupts(true);
        return;
      }
      case 0x8f: {
        // POP r/m: ESP is incremented before the destination address is computed,
        // and restored if the store faults.
        const before = r[ESP];
        const v = this.popV();
        try {
          this.decodeModrm();
          this.writeEv(v);
        } catch (e) {
          r[ESP] = before;
          throw e;
        }
        return;
      }
      case 0x90:
        if (this.rep === 0xf3) return; // PAUSE
        return;
      case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97: {
        const v = this.readReg(b & 7);
        this.writeReg(b & 7, this.readReg(EAX));
        this.writeReg(EAX, v);
        return;
      }
      case 0x98:
        if (this.o32) r[EAX] = (r[EAX] << 16) >> 16;
        else this.regs16[0] = (this.regs8[0] << 24) >> 24;
        return;
      case 0x99:
        if (this.o32) r[EDX] = r[EAX] >> 31;
        else this.regs16[EDX << 1] = (this.regs16[0] << 16) >> 31;
        return;
      case 0x9a: {
        const offset = this.fetchImm();
        const sel = this.fetch16();
        this.farTransfer(sel, offset, true, this.o32, this.eip);
        return;
      }
      case 0x9b: // FWAIT
        if ((this.cr0 & (CR0_MP | CR0_TS)) === (CR0_MP | CR0_TS)) this.raise(NM);
        return;
      case 0x9c: this.pushf(); return;
      case 0x9d: this.popf(); return;
      case 0x9e: {
        const f = this.getFlags();
        this.flagsReg = (f & ~(SF | ZF | AF | PF | CF)) | (this.regs8[1] & (SF | ZF | AF | PF | CF));
        return;
      }
      case 0x9f: this.regs8[1] = this.getFlags(); return;
      case 0xa0: case 0xa1: case 0xa2: case 0xa3: {
        const offset = this.a32 ? this.fetch32() : this.fetch16();
        const seg = this.segOverride >= 0 ? this.segOverride : DS;
        if (this.segChecked[seg] !== 0) this.checkSegmentLimit(seg, offset);
        const lin = (this.segBase[seg] + offset) | 0;
        if (b === 0xa0) this.regs8[0] = this.read8(lin);
        else if (b === 0xa1) this.writeReg(EAX, this.o32 ? this.read32(lin) : this.read16(lin));
        else if (b === 0xa2) this.write8(lin, this.regs8[0]);
        else if (this.o32) this.write32(lin, r[EAX]);
        else this.write16(lin, this.regs16[0]);
        return;
      }
      case 0xa4: case 0xa5: case 0xa6: case 0xa7: case 0xaa: case 0xab: case 0xac: case 0xad: case 0xae: case 0xaf:
        this.stringInstruction(b);
        return;
      case 0xa8: this.setFlagsOp(CC_LOGIC, 0, this.regs8[0] & this.fetch8(), 0); return;
      case 0xa9: this.setFlagsOp(CC_LOGIC, this.sizeIndex, this.readReg(EAX) & this.fetchImm(), 0); return;
      case 0xb0: case 0xb1: case 0xb2: case 0xb3: case 0xb4: case 0xb5: case 0xb6: case 0xb7:
        this.regs8[R8[b & 7]] = this.fetch8();
        return;
      case 0xb8: case 0xb9: case 0xba: case 0xbb: case 0xbc: case 0xbd: case 0xbe: case 0xbf:
        this.movRegImm(b & 7);
        return;
      case 0xc0: case 0xc1: case 0xd0: case 0xd1: case 0xd2: case 0xd3: {
        this.decodeModrm();
        const size = (b & 1) === 0 ? 0 : this.sizeIndex;
        const v = size === 0 ? this.readE8() : this.readEv();
        const count = b <= 0xc1 ? this.fetch8() : b <= 0xd1 ? 1 : this.regs8[4];
        const res = this.shift(this.reg, size === 2 ? v : v & (size === 0 ? 0xff : 0xffff), count, size);
        if (size === 0) this.writeE8(res);
        else this.writeEv(res);
        return;
      }
      case 0xc2: case 0xc3: this.retNear(b === 0xc2); return;
      case 0xc4: case 0xc5: this.loadFarPointer(b === 0xc4 ? ES : DS); return;
      case 0xc6: this.decodeModrm(); this.writeE8(this.fetch8()); return;
      case 0xc7: {
        this.decodeModrm();
        this.writeEv(this.fetchImm());
        return;
      }
      case 0xc8: this.enter(); return;
      case 0xc9: this.leave(); return;
      case 0xca: this.farReturn(this.o32, this.fetch16(), false); return;
      case 0xcb: this.farReturn(this.o32, 0, false); return;
      case 0xcc: this.deliverInterrupt(BP, INT_SOFTWARE, -1, this.eip); return;
      case 0xcd: this.deliverInterrupt(this.fetch8(), INT_SOFTWARE, -1, this.eip); return;
      case 0xce:
        if (this.getOF()) this.deliverInterrupt(OFV, INT_SOFTWARE, -1, this.eip);
        return;
      case 0xcf:
        this.farReturn(this.o32, 0, true);
        this.recheckInterrupts();
        return;
      case 0xd4: this.aam(this.fetch8()); return;
      case 0xd5: this.aad(this.fetch8()); return;
      case 0xd6: this.regs8[0] = this.getCF() ? 0xff : 0; return;
      case 0xd7: {
        const offset = this.a32 ? (r[EBX] + this.regs8[0]) | 0 : (r[EBX] + this.regs8[0]) & 0xffff;
        this.regs8[0] = this.read8((this.segBase[this.segOverride >= 0 ? this.segOverride : DS] + offset) | 0);
        return;
      }
      case 0xd8: case 0xd9: case 0xda: case 0xdb: case 0xdc: case 0xdd: case 0xde: case 0xdf:
        this.x87(b);
        return;
      case 0xe0: case 0xe1: case 0xe2: case 0xe3: {
        const d = this.fetchSimm8();
        const count = this.a32 ? r[ECX] : this.regs16[ECX << 1];
        let taken: boolean;
        if (b === 0xe3) taken = count === 0;
        else {
          const n = (count - 1) | 0;
          if (this.a32) r[ECX] = n;
          else this.regs16[ECX << 1] = n;
          const nz = (this.a32 ? n : n & 0xffff) !== 0;
          taken = b === 0xe2 ? nz : b === 0xe1 ? nz && this.getZF() : nz && !this.getZF();
        }
        if (taken) this.jumpTo(this.eip + d);
        return;
      }
      case 0xe4: case 0xe5: case 0xec: case 0xed: {
        const port = b < 0xe8 ? this.fetch8() : this.regs16[EDX << 1];
        const size = (b & 1) === 0 ? 1 : this.o32 ? 4 : 2;
        this.checkIoPermission(port, size);
        const v = this.host.ioRead(port, size);
        if (size === 1) this.regs8[0] = v;
        else this.writeReg(EAX, v);
        this.recheckInterrupts();
        return;
      }
      case 0xe6: case 0xe7: case 0xee: case 0xef: {
        const port = b < 0xe8 ? this.fetch8() : this.regs16[EDX << 1];
        const size = (b & 1) === 0 ? 1 : this.o32 ? 4 : 2;
        this.checkIoPermission(port, size);
        this.portWrite(port, size, size === 1 ? this.regs8[0] : size === 2 ? this.regs16[0] : r[EAX]);
        return;
      }
      case 0xe8: this.callNear(); return;
      case 0xe9: { const d = this.fetchImm(); this.jumpTo(this.eip + d); return; }
      case 0xea: {
        const offset = this.fetchImm();
        const sel = this.fetch16();
        this.farTransfer(sel, offset, false, this.o32, this.eip);
        return;
      }
      case 0xeb: { const d = this.fetchSimm8(); this.jumpTo(this.eip + d); return; }
      case 0xf1: this.deliverInterrupt(DB, INT_EXCEPTION, -1, this.eip); return;
      case 0xf4:
        if (this.cpl !== 0) this.raiseGP(0);
        this.state = 'halted';
        this.runEnd = 0;
        return;
      case 0xf5: {
        const f = this.getFlags();
        this.flagsReg = f ^ CF;
        return;
      }
      case 0xf6: case 0xf7: this.group3(b === 0xf6 ? 0 : this.sizeIndex); return;
      case 0xf8: this.setArithFlags(this.getFlags() & ~CF); return;
      case 0xf9: this.setArithFlags(this.getFlags() | CF); return;
      case 0xfa:
        if (this.cpl > this.iopl) this.raiseGP(0);
        this.flagsReg &= ~IF;
        return;
      case 0xfb:
        if (this.cpl > this.iopl) this.raiseGP(0);
        if ((this.flagsReg & IF) === 0) {
          this.flagsReg |= IF;
          this.shadowInterrupts();
        }
        return;
      case 0xfc: this.flagsReg &= ~DF; return;
      case 0xfd: this.flagsReg |= DF; return;
      case 0xfe: {
        this.decodeModrm();
        if (this.reg > 1) this.raise(UD);
        const v = this.readE8();
        this.writeE8(this.reg === 0 ? this.inc(v, 0) : this.dec(v, 0));
        return;
      }
      case 0xff: this.group5(); return;
      default:
        this.raise(UD); // 0xd6 aside, every unassigned one-byte opcode
    }
  }

  // ---- the most frequent instructions, small so that V8 inlines their helpers

  private aluEvGv(op: number): void {
    this.decodeModrm();
    const r = this.regs;
    if (this.o32) {
      if (this.mod === 3) {
        const v = this.alu(op, r[this.rm], r[this.reg], 2);
        if (op !== 7) r[this.rm] = v;
      } else {
        const v = this.alu(op, this.read32(this.ea), r[this.reg], 2);
        if (op !== 7) this.write32(this.ea, v);
      }
    } else {
      const v = this.alu(op, this.readE16(), this.regs16[this.reg << 1], 1);
      if (op !== 7) this.writeE16(v);
    }
  }

  private aluGvEv(op: number): void {
    this.decodeModrm();
    const r = this.regs;
    if (this.o32) {
      const v = this.alu(op, r[this.reg], this.mod === 3 ? r[this.rm] : this.read32(this.ea), 2);
      if (op !== 7) r[this.reg] = v;
    } else {
      const v = this.alu(op, this.regs16[this.reg << 1], this.readE16(), 1);
      if (op !== 7) this.regs16[this.reg << 1] = v;
    }
  }

  private aluEvIv(signExtended8: boolean): void {
    this.decodeModrm();
    const op = this.reg;
    const a = this.readEv();
    const imm = signExtended8 ? this.fetchSimm8() : this.fetchImm();
    const v = this.alu(op, a, imm, this.sizeIndex);
    if (op !== 7) this.writeEv(v);
  }

  private incReg(n: number): void {
    if (this.o32) this.regs[n] = this.inc(this.regs[n], 2);
    else this.regs16[n << 1] = this.inc(this.regs16[n << 1], 1);
  }

  private decReg(n: number): void {
    if (this.o32) this.regs[n] = this.dec(this.regs[n], 2);
    else this.regs16[n << 1] = this.dec(this.regs16[n << 1], 1);
  }

  private pushReg(n: number): void {
    if (this.o32) this.push32(this.regs[n]);
    else this.push16(this.regs16[n << 1]);
  }

  private popReg(n: number): void {
    const v = this.popV();
    this.writeReg(n, v);
  }

  private jccShort(cc: number): void {
    const d = this.fetchSimm8();
    if (this.condition(cc)) this.jumpTo(this.eip + d);
  }

  private movEvGv(): void {
    this.decodeModrm();
    if (this.o32) {
      if (this.mod === 3) this.regs[this.rm] = this.regs[this.reg];
      else this.write32(this.ea, this.regs[this.reg]);
    } else this.writeE16(this.regs16[this.reg << 1]);
  }

  private movGvEv(): void {
    this.decodeModrm();
    if (this.o32) this.regs[this.reg] = this.mod === 3 ? this.regs[this.rm] : this.read32(this.ea);
    else this.regs16[this.reg << 1] = this.readE16();
  }

  private movRegImm(n: number): void {
    if (this.o32) this.regs[n] = this.fetch32();
    else this.regs16[n << 1] = this.fetch16();
  }

  private retNear(withImmediate: boolean): void {
    const imm = withImmediate ? this.fetch16() : 0;
    const target = this.popV();
    this.eip = this.o32 ? target : target & 0xffff;
    if (imm) this.adjustEsp(imm);
  }

  private callNear(): void {
    const d = this.fetchImm();
    this.pushV(this.eip);
    this.jumpTo(this.eip + d);
  }

  private get iopl(): number {
    return (this.flagsReg & IOPL) >> 12;
  }

  /** After STI and loads of SS, no interrupt is taken before the next instruction ends. */
  private shadowInterrupts(stackLoad = false): void {
    if (stackLoad && (this.flagsReg & TF) !== 0) this.debugShadow = true;
    this.interruptShadow = true;
    this.sampleInterrupts = true;
    this.eventPending = true;
  }

  private portWrite(port: number, size: 1 | 2 | 4, value: number): void {
    this.host.ioWrite(port, size, size === 4 ? value : value & (size === 1 ? 0xff : 0xffff));
    this.recheckInterrupts();
    if (this.host.stopRequested()) {
      this.state = 'stopped';
      this.runEnd = 0;
    }
  }

  /** IN/OUT/INS/OUTS above IOPL consult the TSS I/O permission bitmap. */
  private checkIoPermission(port: number, size: number): void {
    if (this.cpl <= this.iopl) return;
    if ((this.trAttr & 0x800) === 0 || this.trLimit >>> 0 < 0x67) this.raiseGP(0);
    const mapBase = this.sysRead16(this.trBase + 0x66);
    const at = mapBase + (port >> 3);
    if (at + 1 > this.trLimit >>> 0) this.raiseGP(0);
    const bits = this.sysRead16(this.trBase + at);
    if (((bits >> (port & 7)) & ((1 << size) - 1)) !== 0) this.raiseGP(0);
  }

  /** LOCK is only valid on read-modify-write instructions with a memory destination. */
  private checkLock(): void {
    let at = this.eip;
    const peek = () => this.read8((this.segBase[CS] + at++) | 0);
    let op = peek();
    while (op === 0x66 || op === 0x67 || op === 0xf0 || op === 0xf2 || op === 0xf3 ||
      op === 0x26 || op === 0x2e || op === 0x36 || op === 0x3e || op === 0x64 || op === 0x65) op = peek();
    let ok: boolean;
    let modrm: number;
    if (op === 0x0f) {
      op = peek();
      modrm = peek();
      const reg = (modrm >> 3) & 7;
      ok = op === 0xab || op === 0xb3 || op === 0xbb || op === 0xb0 || op === 0xb1 || op === 0xc0 || op === 0xc1 ||
        (op === 0xba && reg >= 5) || (op === 0xc7 && reg === 1);
    } else {
      modrm = peek();
      const reg = (modrm >> 3) & 7;
      ok = (op < 0x40 && (op & 7) <= 1 && (op & 0x38) !== 0x38) ||
        ((op >= 0x80 && op <= 0x83) && reg !== 7) || op === 0x86 || op === 0x87 ||
        ((op === 0xf6 || op === 0xf7) && (reg === 2 || reg === 3)) ||
        ((op === 0xfe || op === 0xff) && reg <= 1);
    }
    if (!ok || modrm >> 6 === 3) this.raise(UD);
  }

  // ---- groups

  private group3(size: number): void {
    this.decodeModrm();
    if (this.reg < 2) {
      const v = size === 0 ? this.readE8() : this.readEv();
      const imm = size === 0 ? this.fetch8() : this.fetchImm();
      this.setFlagsOp(CC_LOGIC, size, v & imm, 0);
      return;
    }
    this.group3Operate(size);
  }

  /** Group 3 but TEST, once the ModRM fields (mod, reg, rm, ea) are in place. */
  private group3Operate(size: number): void {
    const v = size === 0 ? this.readE8() : this.readEv();
    switch (this.reg) {
      case 2:
        if (size === 0) this.writeE8(~v);
        else this.writeEv(~v);
        return;
      case 3: {
        const res = -v | 0;
        if (size === 0) this.writeE8(res);
        else this.writeEv(res);
        this.setFlagsOp(CC_SUB, size, res, v);
        return;
      }
      default:
        this.multiplyDivide(this.reg, v, size);
    }
  }

  private group5(): void {
    this.decodeModrm();
    this.group5Operate();
  }

  /** Group 5 once the ModRM fields (mod, reg, rm, ea) are in place. */
  private group5Operate(): void {
    switch (this.reg) {
      case 0: case 1: {
        const v = this.readEv();
        const size = this.sizeIndex;
        this.writeEv(this.reg === 0 ? this.inc(v, size) : this.dec(v, size));
        return;
      }
      case 2: {
        const target = this.readEv();
        this.pushV(this.eip);
        this.jumpTo(target);
        return;
      }
      case 3: case 5: {
        this.requireMemory();
        const offset = this.o32 ? this.read32(this.ea) : this.read16(this.ea);
        const sel = this.read16((this.ea + (this.o32 ? 4 : 2)) | 0);
        this.farTransfer(sel, offset, this.reg === 3, this.o32, this.eip);
        return;
      }
      case 4: this.jumpTo(this.readEv()); return;
      case 6: this.pushV(this.readEv()); return;
      default: this.raise(UD);
    }
  }

  // ---- stack and flags instructions

  private popSegment(seg: number): void {
    const v = this.o32 ? this.stackRead(0, 4) : this.stackRead(0, 2);
    this.loadSegment(seg, v & 0xffff);
    this.adjustEsp(this.o32 ? 4 : 2);
    if (seg === SS) this.shadowInterrupts(true);
  }

  private pusha(): void {
    const r = this.regs;
    const size = this.o32 ? 4 : 2;
    this.probeWrite((this.segBase[SS] + ((r[ESP] - 8 * size) & this.stackMask)) | 0, 8 * size);
    const esp = r[ESP];
    for (let i = 0; i < 8; i++) this.pushV(i === ESP ? esp : r[i]);
  }

  private popa(): void {
    const size = this.o32 ? 4 : 2;
    const values = [0, 0, 0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 8; i++) values[7 - i] = this.stackRead(i * size, size);
    for (let i = 0; i < 8; i++) if (i !== ESP) this.writeReg(i, values[i]);
    this.adjustEsp(8 * size);
  }

  private pushf(): void {
    const f = this.getFlags() & ~0x30000; // VM and RF are never pushed
    this.pushV(f);
  }

  private popf(): void {
    const size = this.o32 ? 4 : 2;
    const v = this.stackRead(0, size);
    this.writeFlags(v, size, this.cpl);
    this.adjustEsp(size);
    this.recheckInterrupts();
  }

  private leave(): void {
    const r = this.regs;
    const mask = this.stackMask;
    const sp = r[EBP] & mask;
    const v = this.o32 ? this.read32((this.segBase[SS] + sp) | 0) : this.read16((this.segBase[SS] + sp) | 0);
    r[ESP] = (r[ESP] & ~mask) | ((sp + (this.o32 ? 4 : 2)) & mask);
    this.writeReg(EBP, v);
  }

  private enter(): void {
    const r = this.regs;
    const frameSize = this.fetch16();
    const level = this.fetch8() & 0x1f;
    const size = this.o32 ? 4 : 2;
    const mask = this.stackMask;
    const ssBase = this.segBase[SS];
    let sp = r[ESP];
    const put = (v: number) => {
      sp = (sp - size) & mask;
      if (size === 4) this.write32((ssBase + sp) | 0, v);
      else this.write16((ssBase + sp) | 0, v);
    };
    put(this.readReg(EBP));
    const frameTemp = sp;
    if (level > 0) {
      let bp = r[EBP];
      for (let i = 1; i < level; i++) {
        bp = (bp - size) & mask;
        put(size === 4 ? this.read32((ssBase + bp) | 0) : this.read16((ssBase + bp) | 0));
      }
      put(frameTemp);
    }
    const newSp = (sp - frameSize) & mask;
    this.probeWrite((ssBase + newSp) | 0, 1);
    this.writeReg(EBP, frameTemp);
    r[ESP] = (r[ESP] & ~mask) | newSp;
  }

  private loadFarPointer(seg: number): void {
    this.decodeModrm();
    this.requireMemory();
    const offset = this.o32 ? this.read32(this.ea) : this.read16(this.ea);
    const sel = this.read16((this.ea + (this.o32 ? 4 : 2)) | 0);
    this.loadSegment(seg, sel);
    this.writeGv(offset);
    if (seg === SS) this.shadowInterrupts();
  }

  private bound(): void {
    this.decodeModrm();
    this.requireMemory();
    const size = this.o32 ? 4 : 2;
    const index = this.o32 ? this.regs[this.reg] : (this.regs16[this.reg << 1] << 16) >> 16;
    const lower = this.o32 ? this.read32(this.ea) : (this.read16(this.ea) << 16) >> 16;
    const upper = this.o32 ? this.read32((this.ea + size) | 0) : (this.read16((this.ea + size) | 0) << 16) >> 16;
    if (index < lower || index > upper) this.raise(BR);
  }

  private arpl(): void {
    this.decodeModrm();
    const dest = this.readE16();
    const src = this.regs16[this.reg << 1];
    if ((dest & 3) < (src & 3)) {
      this.writeE16((dest & ~3) | (src & 3));
      this.setArithFlags(this.getFlags() | ZF);
    } else {
      this.setArithFlags(this.getFlags() & ~ZF);
    }
  }

  // ---- decimal adjust (flags as QEMU computes them)

  private daa(): void {
    const f = this.getFlags();
    const old = this.regs8[0];
    let al = old, out = 0;
    if ((al & 0xf) > 9 || (f & AF) !== 0) { al = (al + 6) & 0xff; out |= AF; }
    if (old > 0x99 || (f & CF) !== 0) { al = (al + 0x60) & 0xff; out |= CF; }
    this.regs8[0] = al;
    this.setArithFlags(out | (al === 0 ? ZF : 0) | parityOf(al) | (al & 0x80));
  }

  private das(): void {
    const f = this.getFlags();
    const old = this.regs8[0];
    let al = old, out = 0;
    if ((al & 0xf) > 9 || (f & AF) !== 0) {
      out |= AF;
      if (al < 6 || (f & CF) !== 0) out |= CF;
      al = (al - 6) & 0xff;
    }
    if (old > 0x99 || (f & CF) !== 0) { al = (al - 0x60) & 0xff; out |= CF; }
    this.regs8[0] = al;
    this.setArithFlags(out | (al === 0 ? ZF : 0) | parityOf(al) | (al & 0x80));
  }

  private aaa(): void {
    const f = this.getFlags();
    if ((this.regs8[0] & 0xf) > 9 || (f & AF) !== 0) {
      this.regs16[0] = this.regs16[0] + 0x106;
      this.regs8[0] &= 0xf;
      this.setArithFlags(f | AF | CF);
    } else {
      this.regs8[0] &= 0xf;
      this.setArithFlags(f & ~(AF | CF));
    }
  }

  private aas(): void {
    const f = this.getFlags();
    if ((this.regs8[0] & 0xf) > 9 || (f & AF) !== 0) {
      const borrow = this.regs8[0] < 6 ? 1 : 0;
      this.regs8[0] = (this.regs8[0] - 6) & 0xf;
      this.regs8[1] = this.regs8[1] - 1 - borrow;
      this.setArithFlags(f | AF | CF);
    } else {
      this.regs8[0] &= 0xf;
      this.setArithFlags(f & ~(AF | CF));
    }
  }

  private aam(base: number): void {
    if (base === 0) this.raise(DE);
    const al = this.regs8[0];
    this.regs8[1] = (al / base) | 0;
    this.regs8[0] = al % base;
    this.setFlagsOp(CC_LOGIC, 0, this.regs8[0], 0);
  }

  private aad(base: number): void {
    const al = (this.regs8[0] + this.regs8[1] * base) & 0xff;
    this.regs8[0] = al;
    this.regs8[1] = 0;
    this.setFlagsOp(CC_LOGIC, 0, al, 0);
  }

  // ---- string instructions

  private stringInstruction(b: number): void {
    const r = this.regs;
    const size = (b & 1) === 0 ? 1 : this.o32 ? 4 : 2;
    const step = (this.flagsReg & DF) !== 0 ? -size : size;
    const amask = this.a32 ? -1 : 0xffff;
    const srcBase = this.segBase[this.segOverride >= 0 ? this.segOverride : DS];
    const dstBase = this.segBase[ES];
    const sizeIndex = size === 1 ? 0 : size === 2 ? 1 : 2;
    const repeat = this.rep !== 0;
    const isCompare = b === 0xa6 || b === 0xa7 || b === 0xae || b === 0xaf;
    let iterations = 0;
    for (;;) {
      if (repeat) {
        const count = r[ECX] & amask;
        if (count === 0) break;
        if (iterations === REP_CHUNK) {
          this.eip = this.startEip; // resumed after pending events are looked at
          break;
        }
      }
      const si = r[ESI] & amask, di = r[EDI] & amask;
      switch (b) {
        case 0xa4: case 0xa5: {
          const v = this.readSized((srcBase + si) | 0, size);
          this.writeSized((dstBase + di) | 0, v, size);
          this.advance(ESI, step, amask);
          this.advance(EDI, step, amask);
          break;
        }
        case 0xa6: case 0xa7: {
          const a = this.readSized((srcBase + si) | 0, size);
          const c = this.readSized((dstBase + di) | 0, size);
          this.alu(7, a, c, sizeIndex);
          this.advance(ESI, step, amask);
          this.advance(EDI, step, amask);
          break;
        }
        case 0xaa: case 0xab:
          this.writeSized((dstBase + di) | 0, size === 4 ? r[EAX] : size === 2 ? this.regs16[0] : this.regs8[0], size);
          this.advance(EDI, step, amask);
          break;
        case 0xac: case 0xad: {
          const v = this.readSized((srcBase + si) | 0, size);
          if (size === 1) this.regs8[0] = v;
          else if (size === 2) this.regs16[0] = v;
          else r[EAX] = v;
          this.advance(ESI, step, amask);
          break;
        }
        case 0xae: case 0xaf: {
          const c = this.readSized((dstBase + di) | 0, size);
          this.alu(7, size === 4 ? r[EAX] : size === 2 ? this.regs16[0] : this.regs8[0], c, sizeIndex);
          this.advance(EDI, step, amask);
          break;
        }
        case 0x6c: case 0x6d: {
          const port = this.regs16[EDX << 1];
          this.checkIoPermission(port, size);
          this.probeWrite((dstBase + di) | 0, size);
          const v = this.host.ioRead(port, size as 1 | 2 | 4);
          this.writeSized((dstBase + di) | 0, v, size);
          this.advance(EDI, step, amask);
          break;
        }
        default: { // 0x6e, 0x6f OUTS
          const port = this.regs16[EDX << 1];
          this.checkIoPermission(port, size);
          const v = this.readSized((srcBase + si) | 0, size);
          this.portWrite(port, size as 1 | 2 | 4, v);
          this.advance(ESI, step, amask);
          break;
        }
      }
      iterations++;
      if (!repeat) break;
      r[ECX] = (r[ECX] & ~amask) | ((r[ECX] - 1) & amask);
      if (isCompare && this.getZF() !== (this.rep === 0xf3)) break;
      if (this.state !== 'running') break;
    }
    if (iterations > 1) this.icount += iterations - 1;
  }

  private advance(reg: number, step: number, amask: number): void {
    const v = this.regs[reg];
    this.regs[reg] = (v & ~amask) | ((v + step) & amask);
  }

  private readSized(lin: number, size: number): number {
    return size === 4 ? this.read32(lin) : size === 2 ? this.read16(lin) : this.read8(lin);
  }

  private writeSized(lin: number, v: number, size: number): void {
    if (size === 4) this.write32(lin, v);
    else if (size === 2) this.write16(lin, v);
    else this.write8(lin, v);
  }

  // ---- x87 probes

  private x87(b: number): void {
    if ((this.cr0 & (CR0_EM | CR0_TS)) !== 0) this.raise(NM);
    this.decodeModrm();
    const form = (b << 8) | (this.mod << 6) | (this.reg << 3) | this.rm;
    if (form === 0xdbe3) { // FNINIT
      this.fpuControl = 0x37f;
      this.fpuStatus = 0;
    } else if (form === 0xdbe2) { // FNCLEX
      this.fpuStatus &= 0x7f00;
    } else if (form === 0xdfe0) { // FNSTSW AX
      this.regs16[0] = this.fpuStatus;
    } else if (b === 0xdd && this.mod !== 3 && this.reg === 7) { // FNSTSW m16
      this.write16(this.ea, this.fpuStatus);
    } else if (b === 0xd9 && this.mod !== 3 && this.reg === 7) { // FNSTCW m16
      this.write16(this.ea, this.fpuControl);
    } else if (b === 0xd9 && this.mod !== 3 && this.reg === 5) { // FLDCW m16
      this.fpuControl = this.read16(this.ea) | 0x40;
    } else if (form === 0xdbe4 || form === 0xdbe0 || form === 0xdbe1) { // FNSETPM, FENI, FDISI: no-ops on a 387
    } else {
      this.raise(UD); // x87 arithmetic is not modelled yet
    }
  }

  // ---- two-byte opcodes

  private execute0F(b: number): void {
    const r = this.regs;
    switch (b) {
      case 0x00: this.group6(); return;
      case 0x01: this.group7(); return;
      case 0x02: case 0x03: this.larLsl(b === 0x02); return;
      case 0x06:
        if (this.cpl !== 0) this.raiseGP(0);
        this.cr0 &= ~CR0_TS;
        return;
      case 0x08: case 0x09:
        if (this.cpl !== 0) this.raiseGP(0);
        return;
      case 0x18: case 0x19: case 0x1a: case 0x1b: case 0x1c: case 0x1d: case 0x1e: case 0x1f:
        this.decodeModrm(); // hint NOPs
        return;
      case 0x20: case 0x21: case 0x22: case 0x23: this.moveControl(b); return;
      case 0x30: this.wrmsr(); return;
      case 0x31: this.rdtsc(); return;
      case 0x32: this.rdmsr(); return;
      case 0x34: this.sysenter(); return;
      case 0x35: this.sysexit(); return;
      case 0x40: case 0x41: case 0x42: case 0x43: case 0x44: case 0x45: case 0x46: case 0x47:
      case 0x48: case 0x49: case 0x4a: case 0x4b: case 0x4c: case 0x4d: case 0x4e: case 0x4f: {
        this.decodeModrm();
        const v = this.readEv();
        if (this.condition(b & 0xf)) this.writeGv(v);
        return;
      }
      case 0x80: case 0x81: case 0x82: case 0x83: case 0x84: case 0x85: case 0x86: case 0x87:
      case 0x88: case 0x89: case 0x8a: case 0x8b: case 0x8c: case 0x8d: case 0x8e: case 0x8f: {
        const d = this.fetchImm();
        if (this.condition(b & 0xf)) this.jumpTo(this.eip + d);
        return;
      }
      case 0x90: case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97:
      case 0x98: case 0x99: case 0x9a: case 0x9b: case 0x9c: case 0x9d: case 0x9e: case 0x9f:
        this.decodeModrm();
        this.writeE8(this.condition(b & 0xf) ? 1 : 0);
        return;
      case 0xa0: this.pushV(this.segSel[FS]); return;
      case 0xa1: this.popSegment(FS); return;
      case 0xa2: this.cpuid(); return;
      case 0xa3: case 0xab: case 0xb3: case 0xbb: this.bitTest(b, false); return;
      case 0xa4: case 0xa5: case 0xac: case 0xad: {
        this.decodeModrm();
        const v = this.readEv();
        const count = (b & 1) === 0 ? this.fetch8() : this.regs8[4];
        this.writeEv(this.shiftDouble(b >= 0xac, v, this.readGv(), count, this.sizeIndex));
        return;
      }
      case 0xa8: this.pushV(this.segSel[GS]); return;
      case 0xa9: this.popSegment(GS); return;
      case 0xaf: {
        this.decodeModrm();
        const v = this.readEv();
        this.writeGv(this.imulTruncated(this.readGv(), v));
        return;
      }
      case 0xb0: case 0xb1: this.cmpxchg(b === 0xb0 ? 0 : this.sizeIndex); return;
      case 0xb2: this.loadFarPointer(SS); return;
      case 0xb4: this.loadFarPointer(FS); return;
      case 0xb5: this.loadFarPointer(GS); return;
      case 0xb6: this.decodeModrm(); this.writeGv(this.readE8()); return;
      case 0xb7: this.decodeModrm(); this.writeGv(this.readE16()); return;
      case 0xba: this.bitTest(b, true); return;
      case 0xbc: case 0xbd: {
        this.decodeModrm();
        const size = this.sizeIndex;
        const v = size === 2 ? this.readE32() : this.readE16();
        this.setFlagsOp(CC_LOGIC, size, v, 0);
        if (v !== 0) this.writeGv(b === 0xbc ? 31 - Math.clz32(v & -v) : 31 - Math.clz32(v));
        return;
      }
      case 0xbe: this.decodeModrm(); this.writeGv((this.readE8() << 24) >> 24); return;
      case 0xbf: this.decodeModrm(); this.writeGv((this.readE16() << 16) >> 16); return;
      case 0xc0: case 0xc1: {
        this.decodeModrm();
        const size = b === 0xc0 ? 0 : this.sizeIndex;
        const dest = size === 0 ? this.readE8() : this.readEv();
        const src = size === 0 ? this.regs8[R8[this.reg]] : this.readGv();
        const sum = this.alu(0, dest, src, size);
        if (size === 0) {
          this.regs8[R8[this.reg]] = dest;
          this.writeE8(sum);
        } else {
          if (this.mod !== 3) this.probeWrite(this.ea, size === 2 ? 4 : 2);
          this.writeGv(dest);
          this.writeEv(sum);
        }
        return;
      }
      case 0xc7: this.cmpxchg8b(); return;
      case 0xc8: case 0xc9: case 0xca: case 0xcb: case 0xcc: case 0xcd: case 0xce: case 0xcf: {
        const v = r[b & 7];
        r[b & 7] = (v >>> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
        return;
      }
      default:
        this.raise(UD); // includes UD2 (0F 0B)
    }
  }

  private group6(): void {
    this.decodeModrm();
    switch (this.reg) {
      case 0: case 1: { // SLDT, STR
        const v = this.reg === 0 ? this.ldtSel : this.trSel;
        if (this.mod === 3) this.writeReg(this.rm, v);
        else this.write16(this.ea, v);
        return;
      }
      case 2: case 3: {
        if (this.cpl !== 0) this.raiseGP(0);
        const sel = this.readE16();
        if (this.reg === 2) this.lldt(sel);
        else this.ltr(sel);
        return;
      }
      case 4: case 5: this.verify(this.readE16(), this.reg === 5); return;
      default: this.raise(UD);
    }
  }

  private lldt(sel: number): void {
    if ((sel & 0xfffc) === 0) {
      this.ldtSel = sel;
      this.ldtBase = 0;
      this.ldtLimit = 0;
      return;
    }
    if ((sel & 4) !== 0) this.raiseGP(sel & 0xfffc);
    this.fetchDescriptorOrFault(sel, 0);
    if ((this.descHi & 0x1f00) !== 0x0200) this.raiseGP(sel & 0xfffc);
    if ((this.descHi & ATTR_P) === 0) this.raise(NP, sel & 0xfffc);
    this.ldtSel = sel;
    this.ldtBase = Segmentation.base(this.descLo, this.descHi);
    this.ldtLimit = Segmentation.limit(this.descLo, this.descHi);
  }

  private ltr(sel: number): void {
    if ((sel & 0xfffc) === 0) this.raiseGP(0);
    if ((sel & 4) !== 0) this.raiseGP(sel & 0xfffc);
    this.fetchDescriptorOrFault(sel, 0);
    const type = (this.descHi >> 8) & 0x1f;
    if (type !== 0x01 && type !== 0x09) this.raiseGP(sel & 0xfffc);
    if ((this.descHi & ATTR_P) === 0) this.raise(NP, sel & 0xfffc);
    this.descHi |= 0x200; // busy
    this.sysWrite8(this.descAddr + 5, this.descHi >> 8);
    this.trSel = sel;
    this.trBase = Segmentation.base(this.descLo, this.descHi);
    this.trLimit = Segmentation.limit(this.descLo, this.descHi);
    this.trAttr = this.descHi & 0x00f0ff00;
  }

  private group7(): void {
    this.decodeModrm();
    const reg = this.reg;
    if (reg === 4) { // SMSW
      if (this.mod === 3) this.writeReg(this.rm, this.o32 ? this.cr0 : this.cr0 & 0xffff);
      else this.write16(this.ea, this.cr0);
      return;
    }
    if (reg === 6) { // LMSW: may set PE but never clear it
      if (this.cpl !== 0) this.raiseGP(0);
      const v = this.readE16();
      this.cr0 = (this.cr0 & ~0xe) | (v & 0xf) | (this.cr0 & CR0_PE);
      return;
    }
    this.requireMemory();
    switch (reg) {
      case 0: case 1: { // SGDT, SIDT
        const base = reg === 0 ? this.gdtBase : this.idtBase;
        this.probeWrite(this.ea, 6);
        this.write16(this.ea, reg === 0 ? this.gdtLimit : this.idtLimit);
        this.write32((this.ea + 2) | 0, this.o32 ? base : base & 0xffffff);
        return;
      }
      case 2: case 3: { // LGDT, LIDT
        if (this.cpl !== 0) this.raiseGP(0);
        const limit = this.read16(this.ea);
        let base = this.read32((this.ea + 2) | 0);
        if (!this.o32) base &= 0xffffff;
        if (reg === 2) { this.gdtBase = base; this.gdtLimit = limit; }
        else { this.idtBase = base; this.idtLimit = limit; }
        return;
      }
      case 7: // INVLPG
        if (this.cpl !== 0) this.raiseGP(0);
        this.invalidatePage(this.ea);
        return;
      default:
        this.raise(UD);
    }
  }

  /** LAR and LSL: ZF=1 and the access rights or limit when the descriptor is visible. */
  private larLsl(isLar: boolean): void {
    this.decodeModrm();
    const sel = this.readE16();
    let ok = (sel & 0xfffc) !== 0 && this.fetchDescriptor(sel);
    if (ok) {
      const hi = this.descHi;
      const dpl = (hi >> 13) & 3;
      if ((hi & ATTR_S) !== 0) {
        const conformingCode = (hi & (ATTR_CODE | ATTR_DC)) === (ATTR_CODE | ATTR_DC);
        if (!conformingCode && (dpl < this.cpl || dpl < (sel & 3))) ok = false;
      } else {
        const type = (hi >> 8) & 0xf;
        const valid = isLar ? [1, 2, 3, 4, 5, 9, 11, 12] : [1, 2, 3, 9, 11];
        if (!valid.includes(type) || dpl < this.cpl || dpl < (sel & 3)) ok = false;
      }
    }
    const f = this.getFlags();
    if (!ok) {
      this.setArithFlags(f & ~ZF);
      return;
    }
    this.setArithFlags(f | ZF);
    const v = isLar ? this.descHi & 0x00f0ff00 : Segmentation.limit(this.descLo, this.descHi);
    this.writeGv(this.o32 ? v : v & 0xffff);
  }

  private verify(sel: number, write: boolean): void {
    let ok = (sel & 0xfffc) !== 0 && this.fetchDescriptor(sel);
    if (ok) {
      const hi = this.descHi;
      const dpl = (hi >> 13) & 3;
      const code = (hi & ATTR_CODE) !== 0;
      if ((hi & ATTR_S) === 0) ok = false;
      else if (write) ok = !code && (hi & ATTR_RW) !== 0 && dpl >= this.cpl && dpl >= (sel & 3);
      else if (code && (hi & ATTR_RW) === 0) ok = false;
      else if (!(code && (hi & ATTR_DC) !== 0) && (dpl < this.cpl || dpl < (sel & 3))) ok = false;
    }
    const f = this.getFlags();
    this.setArithFlags(ok ? f | ZF : f & ~ZF);
  }

  private moveControl(b: number): void {
    if (this.cpl !== 0) this.raiseGP(0);
    const modrm = this.fetch8();
    const n = (modrm >> 3) & 7, rm = modrm & 7;
    if (b === 0x20) {
      switch (n) {
        case 0: this.regs[rm] = this.cr0; return;
        case 2: this.regs[rm] = this.cr2; return;
        case 3: this.regs[rm] = this.cr3; return;
        case 4: this.regs[rm] = this.cr4; return;
        default: this.raise(UD);
      }
    }
    if (b === 0x22) {
      const v = this.regs[rm];
      switch (n) {
        case 0: this.writeCr0(v); return;
        case 2: this.cr2 = v; return;
        case 3: this.cr3 = v & ~0xfe7; this.flushTlb(); return;
        case 4:
          if ((v & ~(CR4_TSD | CR4_DE | CR4_PSE)) !== 0) this.raiseGP(0);
          if (((v ^ this.cr4) & CR4_PSE) !== 0) this.flushTlb();
          this.cr4 = v;
          return;
        default: this.raise(UD);
      }
    }
    const d = (n === 4 || n === 5) && (this.cr4 & CR4_DE) === 0 ? n + 2 : n;
    if (d === 4 || d === 5) this.raise(UD);
    if (b === 0x21) this.regs[rm] = d === 6 ? this.dr[6] | 0xffff0ff0 : d === 7 ? this.dr[7] | 0x400 : this.dr[d];
    else this.dr[d] = this.regs[rm];
  }

  private writeCr0(v: number): void {
    if ((v & CR0_PG) !== 0 && (v & CR0_PE) === 0) this.raiseGP(0);
    if ((v & 0x60000000) === 0x20000000) this.raiseGP(0); // NW without CD
    v = (v & (CR0_PE | CR0_MP | CR0_EM | CR0_TS | 0x20 | CR0_WP | 0x40000 | 0x60000000 | CR0_PG)) | CR0_ET;
    if (((v ^ this.cr0) & (CR0_PG | CR0_WP | CR0_PE)) !== 0) this.flushTlb();
    this.cr0 = v;
  }

  // ---- bit instructions

  private bitTest(b: number, immediate: boolean): void {
    this.decodeModrm();
    const bits = this.o32 ? 32 : 16;
    let op: number, offset: number;
    if (immediate) {
      if (this.reg < 4) this.raise(UD);
      op = this.reg - 4;
      offset = this.fetch8() & (bits - 1);
    } else {
      op = b === 0xa3 ? 0 : b === 0xab ? 1 : b === 0xb3 ? 2 : 3;
      offset = this.o32 ? this.regs[this.reg] : (this.regs16[this.reg << 1] << 16) >> 16;
      if (this.mod !== 3) {
        // A register bit offset reaches memory beyond the operand, signed.
        const unit = bits >> 3;
        this.ea = (this.ea + Math.floor(offset / bits) * unit) | 0;
      }
      offset &= bits - 1;
    }
    const v = this.readEv();
    const bit = (v >>> offset) & 1;
    if (op === 1) this.writeEv(v | (1 << offset));
    else if (op === 2) this.writeEv(v & ~(1 << offset));
    else if (op === 3) this.writeEv(v ^ (1 << offset));
    this.setArithFlags((this.getFlags() & ~CF) | bit);
  }

  private cmpxchg(size: number): void {
    this.decodeModrm();
    const dest = size === 0 ? this.readE8() : this.readEv();
    const acc = size === 0 ? this.regs8[0] : this.readReg(EAX);
    this.alu(7, acc, dest, size);
    if (this.getZF()) {
      const src = size === 0 ? this.regs8[R8[this.reg]] : this.readGv();
      if (size === 0) this.writeE8(src);
      else this.writeEv(src);
    } else {
      // The destination is written back even when the comparison fails.
      if (this.mod !== 3) this.writeSized(this.ea, dest, size === 0 ? 1 : size === 1 ? 2 : 4);
      if (size === 0) this.regs8[0] = dest;
      else this.writeReg(EAX, dest);
    }
  }

  private cmpxchg8b(): void {
    this.decodeModrm();
    if (this.reg !== 1 || this.mod === 3) this.raise(UD);
    const r = this.regs;
    const lo = this.read32(this.ea), hi = this.read32((this.ea + 4) | 0);
    this.probeWrite(this.ea, 8);
    const f = this.getFlags();
    if (lo === r[EAX] && hi === r[EDX]) {
      this.write32(this.ea, r[EBX]);
      this.write32((this.ea + 4) | 0, r[ECX]);
      this.setArithFlags(f | ZF);
    } else {
      this.write32(this.ea, lo);
      this.write32((this.ea + 4) | 0, hi);
      r[EAX] = lo;
      r[EDX] = hi;
      this.setArithFlags(f & ~ZF);
    }
  }

  // ---- CPUID, MSRs, TSC, SYSENTER

  private cpuid(): void {
    const r = this.regs;
    cpuidLeaf(r[EAX], r[ECX]);
    r[EAX] = cpuidResult[0];
    r[EBX] = cpuidResult[1];
    r[ECX] = cpuidResult[2];
    r[EDX] = cpuidResult[3];
  }

  private get tsc(): number {
    return this.icount + this.tscOffset;
  }

  private rdtsc(): void {
    if ((this.cr4 & CR4_TSD) !== 0 && this.cpl !== 0) this.raiseGP(0);
    this.setEdxEax(this.tsc);
  }

  private setEdxEax(v: number): void {
    this.regs[EAX] = v % 0x100000000 | 0;
    this.regs[EDX] = Math.floor(v / 0x100000000) | 0;
  }

  private rdmsr(): void {
    if (this.cpl !== 0) this.raiseGP(0);
    const r = this.regs;
    switch (r[ECX]) {
      case MSR_TSC: this.setEdxEax(this.tsc); return;
      case MSR_SYSENTER_CS: r[EAX] = this.sysenterCs; r[EDX] = 0; return;
      case MSR_SYSENTER_ESP: r[EAX] = this.sysenterEsp; r[EDX] = 0; return;
      case MSR_SYSENTER_EIP: r[EAX] = this.sysenterEip; r[EDX] = 0; return;
      case MSR_EFER: r[EAX] = 0; r[EDX] = 0; return;
      default: this.raiseGP(0);
    }
  }

  private wrmsr(): void {
    if (this.cpl !== 0) this.raiseGP(0);
    const r = this.regs;
    switch (r[ECX]) {
      case MSR_TSC: this.tscOffset = (r[EDX] >>> 0) * 0x100000000 + (r[EAX] >>> 0) - this.icount; return;
      case MSR_SYSENTER_CS: this.sysenterCs = r[EAX] & 0xffff; return;
      case MSR_SYSENTER_ESP: this.sysenterEsp = r[EAX]; return;
      case MSR_SYSENTER_EIP: this.sysenterEip = r[EAX]; return;
      case MSR_EFER:
        // No long mode, SYSCALL or NX is offered: only an all-zero EFER is valid.
        if (r[EAX] !== 0 || r[EDX] !== 0) this.raiseGP(0);
        return;
      default: this.raiseGP(0);
    }
  }

  private sysenter(): void {
    if ((this.sysenterCs & 0xfffc) === 0) this.raiseGP(0);
    this.flagsReg &= ~(IF | 0x30000);
    this.setCpl(0);
    this.loadCache(CS, this.sysenterCs & 0xfffc, FLAT_LO, FLAT_CODE_HI);
    this.loadCache(SS, (this.sysenterCs + 8) & 0xfffc, FLAT_LO, FLAT_DATA_HI);
    this.regs[ESP] = this.sysenterEsp;
    this.eip = this.sysenterEip;
  }

  private sysexit(): void {
    if (this.cpl !== 0 || (this.sysenterCs & 0xfffc) === 0) this.raiseGP(0);
    this.setCpl(3);
    this.loadCache(CS, (this.sysenterCs + 16) | 3, FLAT_LO, FLAT_CODE_HI | 0x6000);
    this.loadCache(SS, (this.sysenterCs + 24) | 3, FLAT_LO, FLAT_DATA_HI | 0x6000);
    this.regs[ESP] = this.regs[ECX];
    this.eip = this.regs[EDX];
  }
}

