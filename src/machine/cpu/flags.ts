// EFLAGS and lazy arithmetic flags.
//
// Most instructions set the six arithmetic flags and most of those flags are never
// read, so an instruction only records what it did (an operation code, its result
// and operands) and CF/PF/AF/ZF/SF/OF are computed when something asks. The rules for
// flags the manuals leave undefined follow QEMU (e.g. AF=0 after logic, shifts and
// multiplies; OF from the last shift step for any count).
//
// Values are kept as int32 and never masked when recorded: every computation first
// shifts the operand left so that the operation's sign bit lands on bit 31, which
// discards whatever garbage lies above an 8- or 16-bit result.

export const CF = 0x1;
export const PF = 0x4;
export const AF = 0x10;
export const ZF = 0x40;
export const SF = 0x80;
export const TF = 0x100;
export const IF = 0x200;
export const DF = 0x400;
export const OF = 0x800;
export const IOPL = 0x3000;
export const NT = 0x4000;
export const RF = 0x10000;
export const VM = 0x20000;
export const AC = 0x40000;
export const ID = 0x200000;
export const ARITH_FLAGS = CF | PF | AF | ZF | SF | OF;

/** Operation kinds; a lazy op code is kind*4 + size index (0: 8, 1: 16, 2: 32 bits). */
export const CC_EFLAGS = 0; // flags already materialised in the flags register
export const CC_ADD = 1;
export const CC_ADC = 2;
export const CC_SUB = 3;
export const CC_SBB = 4;
export const CC_LOGIC = 5;
export const CC_INC = 6;
export const CC_DEC = 7;
export const CC_SHL = 8; // src = value shifted by count-1
export const CC_SAR = 9; // SHR and SAR: src = value shifted right by count-1
export const CC_MUL = 10; // src = non-zero when the high half is significant

/** Left shift that brings a lazy operation's sign bit to bit 31 (24, 16 or 0 by its size). */
export function signShift(op: number): number {
  return (0x1018 >> ((op & 3) << 3)) & 0xff;
}

const PARITY = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  let bits = 0;
  for (let b = 0; b < 8; b++) bits += (i >> b) & 1;
  PARITY[i] = (bits & 1) === 0 ? PF : 0;
}

export function parityOf(value: number): number {
  return PARITY[value & 0xff];
}

/** CF of a lazy operation. */
export function lazyCarry(op: number, dst: number, src: number, src2: number): number {
  const sh = signShift(op);
  switch (op >> 2) {
    case CC_ADD:
      return (dst << sh) >>> 0 < (src << sh) >>> 0 ? 1 : 0;
    case CC_ADC:
      return src2 ? ((dst << sh) >>> 0 <= (src << sh) >>> 0 ? 1 : 0) : (dst << sh) >>> 0 < (src << sh) >>> 0 ? 1 : 0;
    case CC_SUB:
      return ((dst + src) << sh) >>> 0 < (src << sh) >>> 0 ? 1 : 0;
    case CC_SBB: {
      const a = ((dst + src + src2) << sh) >>> 0;
      const b = (src << sh) >>> 0;
      return src2 ? (a <= b ? 1 : 0) : a < b ? 1 : 0;
    }
    case CC_LOGIC:
      return 0;
    case CC_INC:
    case CC_DEC:
      return src;
    case CC_SHL:
      return (src << sh) >>> 31;
    case CC_SAR:
      return src & 1;
    case CC_MUL:
      return src !== 0 ? 1 : 0;
  }
  return 0;
}

/** OF of a lazy operation (as 0 or 1). */
export function lazyOverflow(op: number, dst: number, src: number, src2: number): number {
  const sh = signShift(op);
  switch (op >> 2) {
    case CC_ADD:
    case CC_ADC: {
      const a = dst - src - (op >> 2 === CC_ADC ? src2 : 0);
      return (((a ^ src ^ -1) & (a ^ dst)) << sh) >>> 31;
    }
    case CC_SUB:
    case CC_SBB: {
      const a = dst + src + (op >> 2 === CC_SBB ? src2 : 0);
      return (((a ^ src) & (a ^ dst)) << sh) >>> 31;
    }
    case CC_LOGIC:
      return 0;
    case CC_INC:
      return dst << sh === -0x80000000 ? 1 : 0;
    case CC_DEC:
      return (dst + 1) << sh === -0x80000000 ? 1 : 0;
    case CC_SHL:
    case CC_SAR:
      return ((src ^ dst) << sh) >>> 31;
    case CC_MUL:
      return src !== 0 ? 1 : 0;
  }
  return 0;
}

/** AF of a lazy operation (as 0 or AF). */
function lazyAdjust(op: number, dst: number, src: number, src2: number): number {
  switch (op >> 2) {
    case CC_ADD:
    case CC_ADC:
      return (dst ^ src ^ (dst - src - (op >> 2 === CC_ADC ? src2 : 0))) & AF;
    case CC_SUB:
    case CC_SBB:
      return (dst ^ src ^ (dst + src + (op >> 2 === CC_SBB ? src2 : 0))) & AF;
    case CC_INC:
      return (dst & 0xf) === 0 ? AF : 0;
    case CC_DEC:
      return (dst & 0xf) === 0xf ? AF : 0;
  }
  return 0;
}

/** All six arithmetic flags of a lazy operation, as EFLAGS bits. */
export function lazyFlags(op: number, dst: number, src: number, src2: number): number {
  const shifted = dst << signShift(op);
  return (
    lazyCarry(op, dst, src, src2) |
    PARITY[dst & 0xff] |
    lazyAdjust(op, dst, src, src2) |
    (shifted === 0 ? ZF : 0) |
    (shifted < 0 ? SF : 0) |
    (lazyOverflow(op, dst, src, src2) << 11)
  );
}

/** ZF test of a lazy operation without computing the rest. */
export function lazyZero(op: number, dst: number): boolean {
  return dst << signShift(op) === 0;
}

/** SF test of a lazy operation. */
export function lazySign(op: number, dst: number): boolean {
  return dst << signShift(op) < 0;
}
