// Linear and physical memory: two-level paging with 4 KiB and 4 MiB pages, and the TLB.
//
// The TLB is one flat Int32Array indexed by linear page number. An entry holds the
// physical frame in its top 20 bits and, in its low bits, which kinds of access may
// take the fast path: kernel read, kernel write, user read, user write. An entry is
// filled lazily by the page walk, and only for frames inside RAM, so the fast path
// never needs a bounds check. Write bits are granted only once the dirty bit is set,
// so the first write to a clean page goes through the walk and sets it. With paging
// off the same table holds the identity map, so every access takes one path.
//
// Every store into a page that holds decoded instructions tells the decoded-code store
// (decodedCode.ts), whichever virtual address it goes through: the TLB grants no write
// bits for such pages, so those stores take the slow path, which looks.

import { DecodedCode } from './decodedCode.js';
import { CpuRegisters, CR0_PG, CR0_WP, CR4_PSE, PFV } from './state.js';

const TLB_KR = 1, TLB_KW = 2, TLB_UR = 4, TLB_UW = 8;
const TLB_ALL = TLB_KR | TLB_KW | TLB_UR | TLB_UW;
const MAX_TRACKED = 4096;

export class Mmu extends CpuRegisters {
  protected readonly mem: Uint8Array;
  protected readonly mem32: Int32Array;
  protected readonly memSize: number;
  protected readonly tlb = new Int32Array(1 << 20);
  /** Pages with a TLB entry, so that a flush clears only those. */
  private readonly tlbFilled = new Int32Array(MAX_TRACKED);
  private tlbFilledCount = 0;
  /** TLB bits an access at the current CPL needs. */
  protected readMask = TLB_KR;
  protected writeMask = TLB_KW;
  /** The code page instruction fetch reads from: linear page number and physical base. */
  protected fetchPage = -1;
  protected fetchPhys = 0;
  /** Instructions decoded once, by physical address; codePages marks the pages they lie in. */
  protected readonly code: DecodedCode;
  protected readonly codePages: Uint8Array;
  protected readonly decoded: Int32Array;

  constructor(memory: Uint8Array) {
    super();
    this.mem = memory;
    this.memSize = memory.length;
    this.code = new DecodedCode(memory.length);
    this.codePages = this.code.pages;
    this.decoded = this.code.entries;
    // A word view when the bytes allow one; unaligned or tail accesses use bytes.
    this.mem32 =
      memory.byteOffset % 4 === 0
        ? new Int32Array(memory.buffer, memory.byteOffset, memory.length >> 2)
        : new Int32Array(0);
  }

  protected setCpl(cpl: number): void {
    this.cpl = cpl;
    this.fetchPage = -1;
    this.readMask = cpl === 3 ? TLB_UR : TLB_KR;
    this.writeMask = cpl === 3 ? TLB_UW : TLB_KW;
  }

  flushTlb(): void {
    this.fetchPage = -1;
    if (this.tlbFilledCount > MAX_TRACKED) this.tlb.fill(0);
    else for (let i = 0; i < this.tlbFilledCount; i++) this.tlb[this.tlbFilled[i]] = 0;
    this.tlbFilledCount = 0;
  }

  /** Marks a physical page as holding decoded code: from now on its stores take the slow path. */
  protected protectCodePage(frame: number): void {
    this.codePages[frame] = 1;
    const tlb = this.tlb;
    const revoke = (page: number) => {
      if (tlb[page] >>> 12 === frame) tlb[page] &= ~(TLB_KW | TLB_UW);
    };
    if (this.tlbFilledCount > MAX_TRACKED) for (let page = 0; page < tlb.length; page++) revoke(page);
    else for (let i = 0; i < this.tlbFilledCount; i++) revoke(this.tlbFilled[i]);
  }

  protected invalidatePage(lin: number): void {
    this.fetchPage = -1;
    this.tlb[lin >>> 12] = 0;
  }

  // ---- physical memory

  physRead8(p: number): number {
    return p >>> 0 < this.memSize ? this.mem[p >>> 0] : 0xff;
  }

  physRead32(p: number): number {
    p >>>= 0;
    if (p + 3 < this.memSize) {
      if ((p & 3) === 0 && this.mem32.length > p >> 2) return this.mem32[p >> 2];
      return this.mem[p] | (this.mem[p + 1] << 8) | (this.mem[p + 2] << 16) | (this.mem[p + 3] << 24);
    }
    return this.physRead8(p) | (this.physRead8(p + 1) << 8) | (this.physRead8(p + 2) << 16) | (this.physRead8(p + 3) << 24);
  }

  physWrite8(p: number, v: number): void {
    if (p >>> 0 < this.memSize) {
      if (this.codePages[p >>> 12] !== 0) this.code.written(p >>> 0, 1);
      this.mem[p >>> 0] = v;
    }
  }

  physWrite32(p: number, v: number): void {
    p >>>= 0;
    if (p < this.memSize && this.codePages[p >>> 12] !== 0) this.code.written(p, 4);
    if ((p & 3) === 0 && p + 3 < this.memSize && this.mem32.length > p >> 2) {
      this.mem32[p >> 2] = v;
      return;
    }
    this.physWrite8(p, v);
    this.physWrite8(p + 1, v >> 8);
    this.physWrite8(p + 2, v >> 16);
    this.physWrite8(p + 3, v >> 24);
  }

  // ---- the page walk

  /** Translates a linear address for an access, raising #PF; fills the TLB. */
  translate(lin: number, write: boolean, user: boolean): number {
    let phys: number;
    let bits: number;
    if ((this.cr0 & CR0_PG) === 0) {
      phys = lin >>> 0;
      bits = TLB_ALL;
    } else {
      const pdeAddr = ((this.cr3 & ~0xfff) | ((lin >>> 22) << 2)) >>> 0;
      let pde = this.physRead32(pdeAddr);
      if ((pde & 1) === 0) this.pageFault(lin, 0, write, user);
      let entryAddr: number;
      let entry: number;
      let rw: number;
      let us: number;
      if ((pde & 0x80) !== 0 && (this.cr4 & CR4_PSE) !== 0) {
        entryAddr = pdeAddr;
        entry = pde;
        rw = pde & 2;
        us = pde & 4;
        phys = ((pde & 0xffc00000) | (lin & 0x3ff000)) >>> 0;
      } else {
        entryAddr = ((pde & ~0xfff) | (((lin >>> 12) & 0x3ff) << 2)) >>> 0;
        entry = this.physRead32(entryAddr);
        if ((entry & 1) === 0) this.pageFault(lin, 0, write, user);
        rw = pde & entry & 2;
        us = pde & entry & 4;
        phys = (entry & ~0xfff) >>> 0;
      }
      if (user ? us === 0 || (write && rw === 0) : write && rw === 0 && (this.cr0 & CR0_WP) !== 0) {
        this.pageFault(lin, 1, write, user);
      }
      if (entryAddr !== pdeAddr && (pde & 0x20) === 0) {
        pde |= 0x20;
        this.physWrite32(pdeAddr, pde);
      }
      const updated = entry | 0x20 | (write ? 0x40 : 0);
      if (updated !== entry) this.physWrite32(entryAddr, updated);
      const dirty = (updated & 0x40) !== 0;
      bits = TLB_KR;
      if (dirty && (rw !== 0 || (this.cr0 & CR0_WP) === 0)) bits |= TLB_KW;
      if (us !== 0) bits |= TLB_UR;
      if (us !== 0 && rw !== 0 && dirty) bits |= TLB_UW;
    }
    if (phys + 0x1000 <= this.memSize) {
      if (this.codePages[phys >>> 12] !== 0) bits &= ~(TLB_KW | TLB_UW);
      const page = lin >>> 12;
      if (this.tlb[page] === 0) {
        if (this.tlbFilledCount < MAX_TRACKED) this.tlbFilled[this.tlbFilledCount] = page;
        this.tlbFilledCount++;
      }
      this.tlb[page] = phys | bits;
    }
    return (phys | (lin & 0xfff)) >>> 0;
  }

  private pageFault(lin: number, present: number, write: boolean, user: boolean): never {
    this.cr2 = lin | 0;
    return this.raise(PFV, present | (write ? 2 : 0) | (user ? 4 : 0));
  }

  /** Instruction fetch outside the cached code page; caches the page when it can. */
  protected fetchSlow(lin: number): number {
    const v = this.read8(lin);
    const e = this.tlb[lin >>> 12];
    if ((e & this.readMask) !== 0) {
      this.fetchPage = lin >>> 12;
      this.fetchPhys = e & ~0xfff;
    }
    return v;
  }

  // ---- linear accesses at the current privilege level

  read8(lin: number): number {
    const e = this.tlb[lin >>> 12];
    if ((e & this.readMask) !== 0) return this.mem[(e & ~0xfff) | (lin & 0xfff)];
    return this.read8Slow(lin);
  }

  private read8Slow(lin: number): number {
    return this.physRead8(this.translate(lin, false, this.cpl === 3));
  }

  read16(lin: number): number {
    const e = this.tlb[lin >>> 12];
    if ((e & this.readMask) !== 0 && (lin & 0xfff) !== 0xfff) {
      const p = (e & ~0xfff) | (lin & 0xfff);
      return this.mem[p] | (this.mem[p + 1] << 8);
    }
    return this.read8(lin) | (this.read8(lin + 1) << 8);
  }

  // The 32-bit accesses keep only the aligned TLB hit in the function the callers
  // inline; the rest is a call away.

  read32(lin: number): number {
    const e = this.tlb[lin >>> 12];
    if ((e & this.readMask) !== 0 && (lin & 3) === 0) return this.mem32[((e & ~0xfff) | (lin & 0xfff)) >> 2];
    return this.read32Slow(lin);
  }

  private read32Slow(lin: number): number {
    const e = this.tlb[lin >>> 12];
    const off = lin & 0xfff;
    if ((e & this.readMask) !== 0 && off <= 0xffc) {
      const p = (e & ~0xfff) | off;
      return this.mem[p] | (this.mem[p + 1] << 8) | (this.mem[p + 2] << 16) | (this.mem[p + 3] << 24);
    }
    if (off <= 0xffc) return this.physRead32(this.translate(lin, false, this.cpl === 3));
    return this.read8(lin) | (this.read8(lin + 1) << 8) | (this.read8(lin + 2) << 16) | (this.read8(lin + 3) << 24);
  }

  write8(lin: number, v: number): void {
    const e = this.tlb[lin >>> 12];
    if ((e & this.writeMask) !== 0) this.mem[(e & ~0xfff) | (lin & 0xfff)] = v;
    else this.write8Slow(lin, v);
  }

  private write8Slow(lin: number, v: number): void {
    this.physWrite8(this.translate(lin, true, this.cpl === 3), v);
  }

  write16(lin: number, v: number): void {
    const e = this.tlb[lin >>> 12];
    if ((e & this.writeMask) !== 0 && (lin & 0xfff) !== 0xfff) {
      const p = (e & ~0xfff) | (lin & 0xfff);
      this.mem[p] = v;
      this.mem[p + 1] = v >> 8;
      return;
    }
    this.writeSlow(lin, v, 2, this.cpl === 3);
  }

  write32(lin: number, v: number): void {
    const e = this.tlb[lin >>> 12];
    if ((e & this.writeMask) !== 0 && (lin & 3) === 0) this.mem32[((e & ~0xfff) | (lin & 0xfff)) >> 2] = v;
    else this.write32Slow(lin, v);
  }

  private write32Slow(lin: number, v: number): void {
    const e = this.tlb[lin >>> 12];
    if ((e & this.writeMask) !== 0 && (lin & 0xfff) <= 0xffc) {
      const p = (e & ~0xfff) | (lin & 0xfff);
      this.mem[p] = v;
      this.mem[p + 1] = v >> 8;
      this.mem[p + 2] = v >> 16;
      this.mem[p + 3] = v >> 24;
      return;
    }
    this.writeSlow(lin, v, 4, this.cpl === 3);
  }

  /** A write that may cross a page: both pages are translated before any byte is written. */
  private writeSlow(lin: number, v: number, size: number, user: boolean): void {
    const first = this.translate(lin, true, user);
    const last = (lin & 0xfff) + size > 0x1000 ? this.translate(lin + size - 1, true, user) : first + size - 1;
    for (let i = 0; i < size; i++) {
      const p = (lin & 0xfff) + i < 0x1000 ? first + i : last - (size - 1 - i);
      this.physWrite8(p, v >> (8 * i));
    }
  }

  /** Checks that a write would succeed, without writing (for multi-part stores). */
  protected probeWrite(lin: number, size: number): void {
    const e = this.tlb[lin >>> 12];
    if ((e & this.writeMask) !== 0 && (lin & 0xfff) <= 0x1000 - size) return;
    this.translate(lin, true, this.cpl === 3);
    if ((lin & 0xfff) > 0x1000 - size) this.translate(lin + size - 1, true, this.cpl === 3);
  }

  // ---- supervisor accesses (descriptor tables, TSS), whatever the CPL

  sysRead8(lin: number): number {
    return this.physRead8(this.translate(lin, false, false));
  }

  sysRead16(lin: number): number {
    return this.sysRead8(lin) | (this.sysRead8(lin + 1) << 8);
  }

  sysRead32(lin: number): number {
    if ((lin & 0xfff) <= 0xffc) return this.physRead32(this.translate(lin, false, false));
    return this.sysRead16(lin) | (this.sysRead16(lin + 2) << 16);
  }

  sysWrite8(lin: number, v: number): void {
    this.physWrite8(this.translate(lin, true, false), v);
  }

  sysWrite16(lin: number, v: number): void {
    this.writeSlow(lin, v, 2, false);
  }

  sysWrite32(lin: number, v: number): void {
    this.writeSlow(lin, v, 4, false);
  }
}
