// C types for ILP32 i386 System V: sizes, alignment, integer promotions, the usual
// arithmetic conversions and struct/union layout (bit-fields, packed, aligned).

import type { Token } from './token.js';

export type TypeKind =
  | 'void' | 'bool' | 'char' | 'short' | 'int' | 'long' | 'llong'
  | 'enum' | 'ptr' | 'func' | 'array' | 'struct' | 'union'
  // Floating types exist only so host headers' declarations parse; no value of them may be computed.
  | 'float';

export interface Member {
  name?: string;
  ty: Type;
  tok?: Token;
  /** Byte offset of the member (for a bit-field: of its access unit). */
  offset: number;
  /** Bit-fields only. */
  isBitfield: boolean;
  bitOffset: number;
  bitWidth: number;
  /** Size in bytes of the unit a bit-field is loaded and stored through (1, 2, 4 or 8). */
  unitSize: number;
}

export interface Param {
  name?: string;
  ty: Type;
  tok?: Token;
}

export interface Type {
  kind: TypeKind;
  size: number;
  align: number;
  isUnsigned: boolean;
  isConst: boolean;
  isVolatile: boolean;
  /** Pointee or element type. */
  base?: Type;
  /** Arrays: element count, -1 when incomplete. */
  arrayLen: number;
  /** Structs and unions. */
  members: Member[];
  isComplete: boolean;
  isFlexible: boolean;
  isPacked: boolean;
  /** Struct, union and enum tag, for messages. */
  tag?: string;
  /** Functions. */
  returnTy?: Type;
  params: Param[];
  isVariadic: boolean;
  /** False for `int f()`: unknown parameters. */
  hasProto: boolean;
  /** The unqualified, un-aligned type this one is a variant of, for compatibility checks. */
  origin?: Type;
  /** Explicit __attribute__((aligned)) or _Alignas on a typedef or member. */
  explicitAlign?: number;
  /** A variable-length array's length expression (block-scope objects only). */
  vlaLen?: import('./ast.js').Node;
}

/**
 * Every type gets every field, the optional ones too, in one order: all types then share
 * one hidden class, so the compiler's type tests stay monomorphic and copies are cheap.
 */
function make(kind: TypeKind, size: number, align: number, isUnsigned = false): Type {
  return {
    kind, size, align, isUnsigned, isConst: false, isVolatile: false, base: undefined, arrayLen: 0, members: [],
    isComplete: true, isFlexible: false, isPacked: false, tag: undefined, returnTy: undefined, params: [],
    isVariadic: false, hasProto: true, origin: undefined, explicitAlign: undefined, vlaLen: undefined,
  };
}

export const tyVoid = make('void', 1, 1);
export const tyBool = make('bool', 1, 1, true);
export const tyChar = make('char', 1, 1);
export const tyShort = make('short', 2, 2);
export const tyInt = make('int', 4, 4);
export const tyLong = make('long', 4, 4);
export const tyLLong = make('llong', 8, 4);
export const tyUChar = make('char', 1, 1, true);
export const tyUShort = make('short', 2, 2, true);
export const tyUInt = make('int', 4, 4, true);
export const tyULong = make('long', 4, 4, true);
export const tyULLong = make('llong', 8, 4, true);
export const tyFloat = make('float', 4, 4);
export const tyDouble = make('float', 8, 4);
export const tyLongDouble = make('float', 12, 4);

/** Does the type involve floating point in a way that needs FP code (value, parameter, result)? */
export function usesFloat(ty: Type): boolean {
  if (ty.kind === 'float') return true;
  if (ty.kind === 'func') return usesFloat(ty.returnTy!) || ty.params.some((p) => usesFloat(p.ty));
  if (ty.kind === 'array') return usesFloat(ty.base!);
  if (ty.kind === 'struct' || ty.kind === 'union') return ty.members.some((m) => usesFloat(m.ty));
  return false;
}

export function copyType(ty: Type): Type {
  return { ...ty, origin: ty.origin ?? ty };
}

export function qualified(ty: Type, isConst: boolean, isVolatile: boolean): Type {
  if ((!isConst || ty.isConst) && (!isVolatile || ty.isVolatile)) return ty;
  const t = copyType(ty);
  t.isConst ||= isConst;
  t.isVolatile ||= isVolatile;
  return t;
}

export function unqualified(ty: Type): Type {
  if (!ty.isConst && !ty.isVolatile) return ty;
  const t = { ...ty };
  t.isConst = false;
  t.isVolatile = false;
  return t;
}

export function isInteger(ty: Type): boolean {
  const k = ty.kind;
  return k === 'bool' || k === 'char' || k === 'short' || k === 'int' || k === 'long' || k === 'llong' || k === 'enum';
}

export function isScalar(ty: Type): boolean {
  return isInteger(ty) || ty.kind === 'ptr';
}

export function isPointerLike(ty: Type): boolean {
  return ty.kind === 'ptr' || ty.kind === 'array';
}

export function isAggregate(ty: Type): boolean {
  return ty.kind === 'struct' || ty.kind === 'union' || ty.kind === 'array';
}

export function is64(ty: Type): boolean {
  return ty.kind === 'llong';
}

export function pointerTo(base: Type): Type {
  const t = make('ptr', 4, 4, true);
  t.base = base;
  return t;
}

export function arrayOf(base: Type, len: number): Type {
  const t = make('array', base.size * Math.max(len, 0), base.align);
  t.base = base;
  t.arrayLen = len;
  t.isComplete = len >= 0;
  return t;
}

export function funcType(returnTy: Type, params: Param[], isVariadic: boolean, hasProto: boolean): Type {
  const t = make('func', 1, 1);
  t.returnTy = returnTy;
  t.params = params;
  t.isVariadic = isVariadic;
  t.hasProto = hasProto;
  return t;
}

export function enumType(): Type {
  return make('enum', 4, 4);
}

export function structType(kind: 'struct' | 'union', tag?: string): Type {
  const t = make(kind, 0, 1);
  t.isComplete = false;
  t.tag = tag;
  return t;
}

/** Integer promotion: everything narrower than int becomes int. */
export function promote(ty: Type): Type {
  if (ty.kind === 'bool' || ty.kind === 'char' || ty.kind === 'short') return tyInt;
  if (ty.kind === 'enum') return ty.size === 8 ? (ty.isUnsigned ? tyULLong : tyLLong) : ty.isUnsigned ? tyUInt : tyInt;
  return ty;
}

function rank(ty: Type): number {
  switch (ty.kind) {
    case 'llong': return 4;
    case 'long': return 3;
    default: return 2;
  }
}

/** The usual arithmetic conversions on two (integer) operand types. */
export function commonType(a: Type, b: Type): Type {
  a = promote(a);
  b = promote(b);
  if (a.size !== b.size) return a.size > b.size ? canonical(a) : canonical(b);
  // Same size: long and int are both 32 bits; unsigned wins, and long outranks int.
  const kind = rank(a) >= rank(b) ? a.kind : b.kind;
  const isUnsigned = a.isUnsigned || b.isUnsigned;
  return canonical({ ...tyInt, kind, isUnsigned });
}

function canonical(ty: Type): Type {
  switch (ty.kind) {
    case 'llong': return ty.isUnsigned ? tyULLong : tyLLong;
    case 'long': return ty.isUnsigned ? tyULong : tyLong;
    default: return ty.isUnsigned ? tyUInt : tyInt;
  }
}

export function alignTo(n: number, align: number): number {
  return Math.ceil(n / align) * align;
}

/**
 * Lays out a struct or union the way gcc -m32 does: a bit-field goes at the next
 * free bit unless it would straddle an aligned unit of its declared type, a
 * zero-width bit-field closes the unit, and packed drops member alignment to 1.
 */
export function layOut(ty: Type, members: Member[], isPacked: boolean, explicitAlign: number): void {
  let bits = 0;
  let align = 1;
  const isUnion = ty.kind === 'union';
  for (const m of members) {
    const memberAlign = isPacked ? (m.ty.explicitAlign ?? 1) : m.ty.align;
    if (m.isBitfield) {
      // gcc's rule: a bit-field may not occupy more alignment units of its type than
      // the type itself spans (so int fields never straddle, long long ones may on i386).
      const alignBits = m.ty.align * 8;
      if (m.bitWidth === 0) {
        if (!isUnion) bits = alignTo(bits, alignBits);
        continue;
      }
      let start = isUnion ? 0 : bits;
      const units = Math.floor(((start % alignBits) + m.bitWidth + alignBits - 1) / alignBits);
      if (!isPacked && units > m.ty.size / m.ty.align) start = alignTo(start, alignBits);
      placeBitfield(m, start, isPacked);
      if (m.name !== undefined || isPacked) align = Math.max(align, memberAlign);
      if (isUnion) bits = Math.max(bits, m.bitWidth);
      else bits = start + m.bitWidth;
      continue;
    }
    if (isUnion) {
      m.offset = 0;
      bits = Math.max(bits, m.ty.size * 8);
    } else {
      bits = alignTo(bits, memberAlign * 8);
      m.offset = bits / 8;
      bits += m.ty.size * 8;
    }
    align = Math.max(align, memberAlign);
  }
  if (explicitAlign) align = Math.max(align, explicitAlign);
  ty.members = members;
  ty.align = align;
  ty.size = alignTo(Math.ceil(bits / 8), align);
  ty.isComplete = true;
  ty.isPacked = isPacked;
}

/** Picks the smallest naturally sized access unit that covers the bit-field. */
function placeBitfield(m: Member, bitPos: number, isPacked: boolean): void {
  if (!isPacked && m.ty.size <= 4) {
    // layOut moved the field so that it does not straddle a unit of its own type.
    m.unitSize = m.ty.size;
    m.offset = Math.floor(bitPos / (m.unitSize * 8)) * m.unitSize;
    m.bitOffset = bitPos - m.offset * 8;
    return;
  }
  const first = Math.floor(bitPos / 8);
  const last = Math.floor((bitPos + m.bitWidth - 1) / 8);
  const span = last - first + 1;
  m.offset = first;
  m.unitSize = span === 1 ? 1 : span === 2 ? 2 : span <= 4 ? 4 : 8;
  m.bitOffset = bitPos - first * 8;
}

/** Structural compatibility, as needed for redeclarations and prototype checks. */
export function isCompatible(a: Type, b: Type): boolean {
  if (a === b) return true;
  if (a.origin) return isCompatible(a.origin, b);
  if (b.origin) return isCompatible(a, b.origin);
  if (a.kind !== b.kind) {
    // Enums are compatible with their underlying integer type.
    if (a.kind === 'enum' && b.kind === 'int') return true;
    if (b.kind === 'enum' && a.kind === 'int') return true;
    return false;
  }
  switch (a.kind) {
    case 'char': case 'short': case 'int': case 'long': case 'llong':
      return a.isUnsigned === b.isUnsigned;
    case 'float':
      return a.size === b.size;
    case 'ptr':
      return a.base!.isConst === b.base!.isConst && a.base!.isVolatile === b.base!.isVolatile && isCompatible(a.base!, b.base!);
    case 'func': {
      if (!isCompatible(a.returnTy!, b.returnTy!)) return false;
      if (!a.hasProto || !b.hasProto) return true;
      if (a.isVariadic !== b.isVariadic || a.params.length !== b.params.length) return false;
      return a.params.every((p, i) => isCompatible(unqualified(p.ty), unqualified(b.params[i].ty)));
    }
    case 'array':
      if (!isCompatible(a.base!, b.base!)) return false;
      return a.arrayLen < 0 || b.arrayLen < 0 || a.arrayLen === b.arrayLen;
    case 'struct': case 'union':
      return a.tag !== undefined && a.tag === b.tag;
    default:
      return true;
  }
}

/** The type as C writes it, for diagnostics. */
export function typeName(ty: Type, inner = ''): string {
  const q = (ty.isConst ? 'const ' : '') + (ty.isVolatile ? 'volatile ' : '');
  switch (ty.kind) {
    case 'ptr': {
      const b = ty.base!;
      const wrap = b.kind === 'func' || b.kind === 'array';
      return typeName(b, wrap ? `(*${q.trim() ? ' ' + q.trim() : ''}${inner})` : `*${q ? ' ' + q.trim() : ''}${inner}`);
    }
    case 'array':
      return typeName(ty.base!, `${inner}[${ty.arrayLen >= 0 ? ty.arrayLen : ''}]`);
    case 'func': {
      const ps = ty.params.map((p) => typeName(p.ty));
      if (ty.isVariadic) ps.push('...');
      if (ty.hasProto && ps.length === 0) ps.push('void');
      return typeName(ty.returnTy!, `${inner}(${ps.join(', ')})`);
    }
    default: {
      let base: string;
      switch (ty.kind) {
        case 'void': base = 'void'; break;
        case 'bool': base = '_Bool'; break;
        case 'llong': base = 'long long'; break;
        case 'float': base = ty.size === 4 ? 'float' : ty.size === 8 ? 'double' : 'long double'; break;
        case 'enum': base = `enum ${ty.tag ?? '<anonymous>'}`; break;
        case 'struct': case 'union': base = `${ty.kind} ${ty.tag ?? '<anonymous>'}`; break;
        default: base = ty.kind;
      }
      if (ty.isUnsigned && ty.kind !== 'bool' && ty.kind !== 'enum' && ty.kind !== 'void') base = 'unsigned ' + base;
      return `${q}${base}${inner ? (inner.startsWith('[') || inner.startsWith('(') ? '' : ' ') + inner : ''}`;
    }
  }
}
