// Literal tokens to values: pp-numbers to typed integers, character constants and
// string literals (with their escapes and encoding prefixes) to bytes or code units.

import type { Token } from './token.js';
import {
  tyChar, tyInt, tyLLong, tyLong, tyUInt, tyULLong, tyULong, tyUShort, type Type,
} from './type.js';

export class LiteralError extends Error {
  constructor(message: string, readonly col = 0) {
    super(message);
  }
}

export function wrapToType(val: bigint, ty: Type): bigint {
  if (ty.kind === 'bool') return val !== 0n ? 1n : 0n;
  const bits = ty.kind === 'ptr' || ty.kind === 'array' || ty.kind === 'func' ? 32 : ty.size * 8;
  if (bits > 64 || bits <= 0) return val;
  return ty.isUnsigned || ty.kind === 'ptr' ? BigInt.asUintN(bits, val) : BigInt.asIntN(bits, val);
}

/**
 * Most constants are short, unsuffixed decimals (not octal: no leading 0 unless it is
 * "0") or hexadecimals: at most 9 decimal or 7 hex digits always fit an int, and BigInt
 * reads both spellings. The general path below tests a dozen patterns per constant.
 */
function isPlainSmallInt(text: string): boolean {
  const n = text.length;
  if (n === 0) return false;
  const hex = n > 2 && text.charCodeAt(0) === 48 && (text.charCodeAt(1) | 0x20) === 120;
  if (hex) {
    if (n > 9) return false;
    for (let i = 2; i < n; i++) {
      const c = text.charCodeAt(i);
      const lower = c | 0x20;
      if (!((c >= 48 && c <= 57) || (lower >= 97 && lower <= 102))) return false;
    }
    return true;
  }
  if (n > 9 || (n > 1 && text.charCodeAt(0) === 48)) return false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** An integer constant with the type C gives it (6.4.4.1), ILP32. */
export function parseInteger(tok: Token): { val: bigint; ty: Type } {
  const text = tok.text;
  if (isPlainSmallInt(text)) return { val: wrapToType(BigInt(text), tyInt), ty: tyInt };
  let i = 0;
  let base = 10;
  if (/^0[xX]/.test(text)) { base = 16; i = 2; }
  else if (/^0[bB]/.test(text)) { base = 2; i = 2; }
  else if (text.startsWith('0')) base = 8;
  let digits = '';
  const digitRe = base === 16 ? /[0-9a-fA-F]/ : base === 2 ? /[01]/ : base === 8 ? /[0-7]/ : /[0-9]/;
  while (i < text.length && digitRe.test(text[i])) digits += text[i++];
  const suffix = text.slice(i);
  if (/[.eEpP]/.test(suffix) || (base !== 16 && /[.eE]/.test(text)) || /^[fF]$/.test(suffix)) {
    throw new LiteralError('floating-point constants are not supported by ClightX (no floating point)');
  }
  if (!/^(?:[uU]?(?:ll|LL|l|L)?|(?:ll|LL|l|L)[uU])$/.test(suffix)) {
    throw new LiteralError(`invalid suffix '${suffix}' on integer constant`);
  }
  if (digits === '' && base !== 8) throw new LiteralError(`invalid integer constant '${text}'`);
  let val = 0n;
  const b = BigInt(base);
  for (const d of digits) val = val * b + BigInt(parseInt(d, 16));
  if (val > 0xffffffffffffffffn) throw new LiteralError('integer constant is too large for its type');
  const isU = /[uU]/.test(suffix);
  const longs = /ll|LL/.test(suffix) ? 2 : /[lL]/.test(suffix) ? 1 : 0;
  const fitsInt = val <= 0x7fffffffn;
  const fitsUInt = val <= 0xffffffffn;
  const fitsLL = val <= 0x7fffffffffffffffn;
  let ty: Type;
  const decimal = base === 10;
  if (isU) {
    ty = longs === 2 || !fitsUInt ? tyULLong : longs === 1 ? tyULong : tyUInt;
  } else if (longs === 2) {
    ty = fitsLL ? tyLLong : tyULLong;
  } else if (longs === 1) {
    ty = fitsInt ? tyLong : !decimal && fitsUInt ? tyULong : fitsLL ? tyLLong : tyULLong;
  } else {
    ty = fitsInt ? tyInt : !decimal && fitsUInt ? tyUInt : fitsLL ? tyLLong : tyULLong;
  }
  return { val: wrapToType(val, ty), ty };
}

/** Reads the escapes of a character or string literal body into code points. */
function decodeBody(body: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < body.length; ) {
    const c = body[i];
    if (c !== '\\') {
      const cp = body.codePointAt(i)!;
      out.push(cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = body[i + 1];
    i += 2;
    switch (e) {
      case 'n': out.push(10); break;
      case 't': out.push(9); break;
      case 'r': out.push(13); break;
      case 'a': out.push(7); break;
      case 'b': out.push(8); break;
      case 'f': out.push(12); break;
      case 'v': out.push(11); break;
      case 'e': out.push(27); break;
      case 'x': {
        let v = 0;
        let n = 0;
        while (i < body.length && /[0-9a-fA-F]/.test(body[i])) { v = (v * 16 + parseInt(body[i], 16)) >>> 0; i++; n++; }
        if (n === 0) throw new LiteralError('\\x used with no following hex digits');
        out.push(v);
        break;
      }
      case 'u': case 'U': {
        const len = e === 'u' ? 4 : 8;
        const hex = body.slice(i, i + len);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) throw new LiteralError('incomplete universal character name');
        out.push(parseInt(hex, 16));
        i += len;
        break;
      }
      default:
        if (e !== undefined && e >= '0' && e <= '7') {
          let v = parseInt(e, 8);
          for (let k = 0; k < 2 && i < body.length && body[i] >= '0' && body[i] <= '7'; k++) v = v * 8 + parseInt(body[i++], 8);
          out.push(v);
        } else if (e === undefined) {
          throw new LiteralError('unterminated escape sequence');
        } else {
          out.push(e.codePointAt(0)!);
        }
    }
  }
  return out;
}

function utf8(cp: number): number[] {
  if (cp < 0x80) return [cp];
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 0x3f)];
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
}

function splitPrefix(text: string, quote: string): { prefix: string; body: string } {
  const q = text.indexOf(quote);
  if (q < 0 || !text.endsWith(quote) || text.length < q + 2) throw new LiteralError('unterminated literal');
  return { prefix: text.slice(0, q), body: text.slice(q + 1, -1) };
}

/** A character constant's value and type: 'a' is int, L'a' wchar_t (int), u'a' char16_t. */
export function parseCharConstant(text: string): { val: bigint; ty: Type } {
  const { prefix, body } = splitPrefix(text, "'");
  const cps = decodeBody(body);
  if (cps.length === 0) throw new LiteralError('empty character constant');
  if (prefix === 'L' || prefix === 'U') return { val: BigInt(cps[0] | 0), ty: prefix === 'L' ? tyInt : tyUInt };
  if (prefix === 'u') return { val: BigInt(cps[0] & 0xffff), ty: tyUShort };
  // Plain multi-character constants pack bytes big-endian like gcc; a single char is sign-extended.
  const bytes = cps.flatMap((c) => (c > 0xff ? utf8(c) : [c]));
  if (bytes.length === 1) return { val: BigInt.asIntN(8, BigInt(bytes[0])), ty: tyInt };
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b & 0xff);
  return { val: BigInt.asIntN(32, v), ty: tyInt };
}

export interface StringLiteral {
  /** Code units, the terminating zero included. */
  units: number[];
  /** Element type: char, or the wide type of L/u/U strings. */
  elem: Type;
}

/** Concatenates adjacent string literal tokens (translation phase 6) into one literal. */
export function parseStrings(texts: string[]): StringLiteral {
  let prefix = '';
  const bodies: number[][] = [];
  for (const t of texts) {
    const p = splitPrefix(t, '"');
    if (p.prefix !== '' && p.prefix !== 'u8') {
      if (prefix !== '' && prefix !== p.prefix) throw new LiteralError('concatenation of string literals with different encodings');
      prefix = p.prefix;
    }
    bodies.push(decodeBody(p.body));
  }
  if (prefix === '') {
    const units: number[] = [];
    for (const b of bodies) for (const cp of b) {
      // Escapes denote bytes; written characters are UTF-8 encoded.
      if (cp <= 0xff) units.push(cp); else units.push(...utf8(cp));
    }
    units.push(0);
    return { units, elem: tyChar };
  }
  const units: number[] = [];
  for (const b of bodies) for (const cp of b) {
    if (prefix === 'u' && cp > 0xffff) {
      const v = cp - 0x10000;
      units.push(0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff));
    } else units.push(cp);
  }
  units.push(0);
  return { units, elem: prefix === 'u' ? tyUShort : prefix === 'U' ? tyUInt : tyInt };
}
