// 64-bit products and quotients from 32-bit halves, without BigInt (which allocates):
// MUL/IMUL/DIV/IDIV with 32-bit operands, and RDTSC/RDMSR splitting a count.

/** High 32 bits of the unsigned product of two 32-bit values. */
export function mulHighUnsigned(a: number, b: number): number {
  a >>>= 0;
  b >>>= 0;
  const aL = a & 0xffff, aH = a >>> 16, bL = b & 0xffff, bH = b >>> 16;
  const ll = aL * bL, lh = aL * bH, hl = aH * bL;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (aH * bH + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 0x10000)) | 0;
}

/** High 32 bits of the signed product of two 32-bit values. */
export function mulHighSigned(a: number, b: number): number {
  let hi = mulHighUnsigned(a, b);
  if (a < 0) hi = (hi - b) | 0;
  if (b < 0) hi = (hi - a) | 0;
  return hi;
}

/** Quotient and remainder of the last division (no allocation per division). */
export const quotient = { q: 0, r: 0 };

/**
 * Unsigned (hi:lo) / d with 32-bit inputs. False when the quotient does not fit in
 * 32 bits (or d is 0), which is #DE.
 */
export function divideUnsigned(hi: number, lo: number, d: number): boolean {
  hi >>>= 0;
  lo >>>= 0;
  d >>>= 0;
  if (d === 0 || hi >= d) return false;
  // Two steps of 16 bits keep every intermediate below 2^48, exact in a double.
  const n1 = hi * 0x10000 + (lo >>> 16);
  const q1 = floorDiv(n1, d);
  const n0 = (n1 - q1 * d) * 0x10000 + (lo & 0xffff);
  const q0 = floorDiv(n0, d);
  quotient.q = (q1 * 0x10000 + q0) | 0;
  quotient.r = (n0 - q0 * d) | 0;
  return true;
}

function floorDiv(n: number, d: number): number {
  // Correct the rounding of the double division by at most one step.
  let q = Math.floor(n / d);
  const r = n - q * d;
  if (r < 0) q--;
  else if (r >= d) q++;
  return q;
}

/** Signed (hi:lo) / d, truncating toward zero; false on overflow or d = 0. */
export function divideSigned(hi: number, lo: number, d: number): boolean {
  const negative = hi < 0;
  let ahi = hi, alo = lo;
  if (negative) {
    alo = -lo | 0;
    ahi = (~hi + (lo === 0 ? 1 : 0)) | 0;
  }
  const ad = d < 0 ? -d : d;
  if (!divideUnsigned(ahi, alo, ad)) return false;
  const qNegative = negative !== d < 0;
  const qu = quotient.q >>> 0;
  if (qNegative ? qu > 0x80000000 : qu > 0x7fffffff) return false;
  quotient.q = qNegative ? -qu | 0 : qu | 0;
  quotient.r = negative ? -(quotient.r >>> 0) | 0 : quotient.r;
  return true;
}
