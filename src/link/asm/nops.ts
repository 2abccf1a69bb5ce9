// Padding for alignment inside code: the multi-byte NOPs GNU as uses for i386,
// so aligned code is byte-identical with `as --32`. Up to three of the longest
// NOP are used directly; longer pads jump over the filler.

const NOPS32: number[][] = [
  [],
  [0x90],
  [0x66, 0x90],
  [0x8d, 0x76, 0x00], // lea 0(%esi),%esi
  [0x8d, 0x74, 0x26, 0x00], // lea 0(%esi,%eiz,1),%esi
  [0x8d, 0x74, 0x26, 0x00, 0x90],
  [0x8d, 0xb6, 0x00, 0x00, 0x00, 0x00], // lea 0L(%esi),%esi
  [0x8d, 0xb4, 0x26, 0x00, 0x00, 0x00, 0x00], // lea 0L(%esi,%eiz,1),%esi
];

const NOPS16: number[][] = [
  [],
  [0x90],
  [0x66, 0x90],
  [0x8d, 0x74, 0x00], // lea 0(%si),%si
  [0x8d, 0xb4, 0x00, 0x00], // lea 0w(%si),%si
];

/** Writes `count` bytes of NOP padding at out[pos]. */
export function writeNops(out: Uint8Array, pos: number, count: number, code16: boolean): void {
  const table = code16 ? NOPS16 : NOPS32;
  const longest = table.length - 1;
  if (count >= 3 * longest) {
    // Jump over the rest: a short jmp while it reaches, else a near one.
    if (count - 2 <= 127) {
      out[pos] = 0xeb;
      out[pos + 1] = count - 2;
      pos += 2;
      count -= 2;
    } else if (code16) {
      const rel = count - 6;
      out.set([0x66, 0xe9, rel & 0xff, (rel >>> 8) & 0xff, (rel >>> 16) & 0xff, (rel >>> 24) & 0xff], pos);
      pos += 6;
      count -= 6;
    } else {
      const rel = count - 5;
      out.set([0xe9, rel & 0xff, (rel >>> 8) & 0xff, (rel >>> 16) & 0xff, (rel >>> 24) & 0xff], pos);
      pos += 5;
      count -= 5;
    }
  }
  while (count > 0) {
    const n = Math.min(count, longest);
    out.set(table[n], pos);
    pos += n;
    count -= n;
  }
}
