// Decoded instructions, kept by physical address so that each instruction is decoded
// once however often it runs (decoder.ts fills the entries).
//
// The store is direct-mapped: the instruction starting at physical address P lives in
// slot P & SLOT_MASK, tagged with P. Entries are only made for instructions that lie
// inside one page of RAM, and every page holding one is marked in `pages` (and
// write-protected in the TLB); the MMU calls written() for any store into a marked
// page, which drops the entries whose bytes it touched (self-modifying code, code loaded over old code, REP MOVS over code, and
// writes through any virtual alias, since the key is physical).
//
// An entry is ENTRY_SIZE int32s in one flat array, so that running an instruction
// reads one or two cache lines:
//   [0] tag: the physical address of the instruction, or -1
//   [1] info: op (bits 0-5) | length (6-9) | x (10-13) | a (14-17) | then, from bit 18,
//       either register b (register forms) or the memory operand: base (18-21),
//       index (22-25), scale (26-27), segment (28-30); register 8 reads as zero
//   [2] immediate
//   [3] displacement of the memory operand

const SLOT_BITS = 17;
export const SLOT_MASK = (1 << SLOT_BITS) - 1;
export const ENTRY_SHIFT = 2;
/** The longest instruction x86 allows (longer is #GP): a write can touch an entry starting this many bytes before it. */
export const MAX_INSTRUCTION_LENGTH = 15;

export class DecodedCode {
  readonly entries = new Int32Array((1 << SLOT_BITS) << ENTRY_SHIFT);
  /** Non-zero for physical pages that hold decoded instructions. */
  readonly pages: Uint8Array;

  constructor(memoryBytes: number) {
    this.pages = new Uint8Array((memoryBytes + 0xfff) >>> 12);
    this.clear();
  }

  /** Bytes [p, p + size) of a marked page were written: drop the instructions they overlap. */
  written(p: number, size: number): void {
    const entries = this.entries;
    for (let at = p - MAX_INSTRUCTION_LENGTH + 1; at < p + size; at++) {
      const i = (at & SLOT_MASK) << ENTRY_SHIFT;
      if (entries[i] === at) entries[i] = -1;
    }
  }

  /** Forgets everything (the host may have rewritten RAM behind the CPU's back). */
  clear(): void {
    this.entries.fill(-1);
    this.pages.fill(0);
  }
}
