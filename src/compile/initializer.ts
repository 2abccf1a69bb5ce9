// Initializers: braced lists with brace elision, designators (`.m =`, `[i] =`,
// `[a ... b] =`), string literals for char arrays. One tree (Init) is built, then
// lowered to assignments for a local or to bytes and relocations for a global.

import type { Token } from './token.js';
import type { Node, Obj } from './ast.js';
import { arrayOf, isInteger, tyChar, tyInt, type Member, type Type } from './type.js';
import { evalAddressConst } from './consteval.js';
import { findMember, type Parser } from './parse.js';

export interface Init {
  ty: Type;
  expr?: Node;
  /** Arrays: elements; structs and unions: one per member. */
  children?: Init[];
  /** An array of unknown length: children grow as elements appear. */
  isFlexible: boolean;
  /** Unions: the member that was initialized. */
  unionMember?: number;
}

function newInit(ty: Type, isFlexible: boolean): Init {
  const init: Init = { ty, isFlexible: false };
  if (ty.kind === 'array') {
    if (isFlexible && ty.arrayLen < 0) {
      init.isFlexible = true;
      init.children = [];
    } else {
      init.children = [];
      for (let i = 0; i < ty.arrayLen; i++) init.children.push(newInit(ty.base!, false));
    }
  } else if (ty.kind === 'struct' || ty.kind === 'union') {
    const n = ty.members.length;
    init.children = ty.members.map((m, i) => newInit(m.ty, ty.isFlexible && i === n - 1 && ty.kind === 'struct'));
  }
  return init;
}

/** Parses an initializer for type ty; the result's type completes an incomplete array. */
export function buildInitializer(p: Parser, ty: Type): Init {
  const init = newInit(ty, true);
  initializer2(p, init);
  if ((ty.kind === 'struct' || ty.kind === 'union') && ty.isFlexible) {
    // The flexible member's elements don't change the object's type (gcc extends storage).
    const last = init.children![init.children!.length - 1];
    if (last.children && last.children.length > 0) {
      const t = { ...ty, size: ty.size + last.children.length * last.ty.base!.size };
      init.ty = t;
      last.ty = arrayOf(last.ty.base!, last.children.length);
    }
  }
  if (init.isFlexible) init.ty = arrayOf(ty.base!, init.children!.length);
  return init;
}

function child(init: Init, i: number): Init {
  while (init.isFlexible && init.children!.length <= i) init.children!.push(newInit(init.ty.base!, false));
  return init.children![i];
}

function arrayLength(init: Init): number {
  return init.isFlexible ? Infinity : init.ty.arrayLen;
}

function isCharArray(ty: Type): boolean {
  return ty.kind === 'array' && isInteger(ty.base!) && ty.base!.kind !== 'bool' &&
    (ty.base!.size === 1 || ty.base!.size === 2 || ty.base!.size === 4);
}

function initializer2(p: Parser, init: Init): void {
  const ty = init.ty;
  if (isCharArray(ty) && (p.peek().kind === 'string' || (p.isAt('{') && p.peek(1).kind === 'string'))) {
    const braced = p.take('{');
    stringInitializer(p, init);
    if (braced) {
      p.take(',');
      p.need('}');
    }
    return;
  }
  if (ty.kind === 'array') {
    if (p.isAt('{')) arrayInitializer1(p, init);
    else arrayInitializer2(p, init, 0);
    return;
  }
  if (ty.kind === 'struct' || ty.kind === 'union') {
    if (p.isAt('{')) {
      if (ty.kind === 'struct') structInitializer1(p, init);
      else unionInitializer1(p, init);
      return;
    }
    // An expression of the struct type initializes it whole; otherwise braces were elided.
    const save = p.position;
    const e = p.assignExpr();
    if (e.ty!.kind === ty.kind) {
      init.expr = e;
      return;
    }
    p.position = save;
    if (ty.kind === 'struct') structInitializer2(p, init, 0);
    else unionInitializer2(p, init);
    return;
  }
  if (p.take('{')) {
    // A scalar in braces; gcc tolerates `{}` as zero.
    if (p.isAt('}')) {
      p.advance();
      init.expr = p.num(0n, p.peek(), tyInt);
      return;
    }
    initializer2(p, init);
    while (p.take(',')) {
      if (p.isAt('}')) break;
      p.warn('excess elements in scalar initializer', p.peek());
      p.assignExpr();
    }
    p.need('}');
    return;
  }
  init.expr = p.assignExpr();
}

function stringInitializer(p: Parser, init: Init): void {
  const tok = p.peek();
  const lit = p.stringValue(tok)!;
  while (p.peek().kind === 'string') p.advance();
  const elemSize = init.ty.base!.size;
  if (lit.elem.size !== elemSize && !(lit.elem.size === 1 && elemSize === 1)) {
    p.report('initializer-string has the wrong character width for this array', tok);
  }
  let units = lit.units;
  if (!init.isFlexible) {
    if (units.length - 1 > init.ty.arrayLen) p.warn('initializer-string for array is too long', tok);
    units = units.slice(0, init.ty.arrayLen);
  }
  for (let i = 0; i < units.length; i++) child(init, i).expr = p.num(BigInt(units[i]), tok, init.ty.base!);
}

/** After an element: is there another one that belongs to this (unbraced) list? */
function hasNextElement(p: Parser): boolean {
  if (!p.isAt(',')) return false;
  if (p.isAt('}', 1)) return false;
  return true;
}

function skipExcess(p: Parser, tok: Token): void {
  p.warn('excess elements in initializer', tok);
  const dummy = newInit(tyInt, false);
  if (p.isAt('{')) {
    p.advance();
    let depth = 1;
    while (depth > 0 && p.peek().kind !== 'eof') {
      const t = p.advance();
      if (t.text === '{' && t.kind === 'punct') depth++;
      else if (t.text === '}' && t.kind === 'punct') depth--;
    }
    return;
  }
  initializer2(p, dummy);
}

function endBraced(p: Parser): boolean {
  if (p.isAt('}')) {
    p.advance();
    return true;
  }
  if (p.isAt(',') && p.isAt('}', 1)) {
    p.advance();
    p.advance();
    return true;
  }
  return false;
}

function arrayInitializer1(p: Parser, init: Init): void {
  p.need('{');
  let i = 0;
  let first = true;
  while (!endBraced(p)) {
    if (!first) p.need(',');
    first = false;
    if (p.isAt('[')) {
      const [begin, end] = arrayDesignator(p, init);
      const save = p.position;
      let after = save;
      for (let j = begin; j <= end; j++) {
        p.position = save;
        designation(p, child(init, j));
        after = p.position;
      }
      p.position = after;
      i = end + 1;
      continue;
    }
    if (i >= arrayLength(init)) {
      skipExcess(p, p.peek());
      i++;
      continue;
    }
    initializer2(p, child(init, i));
    i++;
  }
}

function arrayInitializer2(p: Parser, init: Init, start: number): void {
  for (let i = start; i < arrayLength(init); i++) {
    if (i > start) {
      if (!hasNextElement(p) || p.isAt('[', 1) || p.isAt('.', 1)) return;
      p.advance();
    }
    initializer2(p, child(init, i));
  }
}

function arrayDesignator(p: Parser, init: Init): [number, number] {
  const tok = p.need('[');
  const begin = Number(p.constantExpr());
  let end = begin;
  if (p.take('...')) end = Number(p.constantExpr());
  p.need(']');
  if (begin < 0 || end < begin || end >= arrayLength(init)) p.fail('array index in initializer exceeds array bounds', tok);
  return [begin, end];
}

/** Nested designators after the first, then `=` and the value. */
function designation(p: Parser, init: Init): void {
  if (p.isAt('[')) {
    if (init.ty.kind !== 'array') p.fail('array index in non-array initializer', p.peek());
    const [begin, end] = arrayDesignator(p, init);
    const save = p.position;
    let after = save;
    for (let j = begin; j <= end; j++) {
      p.position = save;
      designation(p, child(init, j));
      after = p.position;
    }
    p.position = after;
    return;
  }
  if (p.isAt('.') && (init.ty.kind === 'struct' || init.ty.kind === 'union')) {
    p.advance();
    const name = p.expectIdentifier();
    const idx = memberDesignatorPath(p, init.ty, name);
    designateMember(p, init, idx);
    return;
  }
  if (p.isAt('.')) p.fail('field name not in record or union initializer', p.peek());
  p.take('=');
  initializer2(p, init);
}

function memberDesignatorPath(p: Parser, ty: Type, name: Token): number[] {
  const path = findMember(ty, name.text);
  if (!path) p.fail(`'${ty.kind} ${ty.tag ?? '<anonymous>'}' has no member named '${name.text}'`, name);
  const idx: number[] = [];
  let cur = ty;
  for (const m of path) {
    idx.push(cur.members.indexOf(m));
    cur = m.ty;
  }
  return idx;
}

function designateMember(p: Parser, init: Init, path: number[]): void {
  let cur = init;
  for (let k = 0; k < path.length; k++) {
    if (cur.ty.kind === 'union') cur.unionMember = path[k];
    const next = cur.children![path[k]];
    if (k === path.length - 1) designation(p, next);
    cur = next;
  }
}

/** Whether a member takes part in initialization (unnamed bit-fields do not). */
function initializable(m: Member): boolean {
  return !(m.isBitfield && m.name === undefined);
}

function structInitializer1(p: Parser, init: Init): void {
  p.need('{');
  const members = init.ty.members;
  let i = 0;
  let first = true;
  while (!endBraced(p)) {
    if (!first) p.need(',');
    first = false;
    if (p.isAt('.')) {
      p.advance();
      const name = p.expectIdentifier();
      const path = memberDesignatorPath(p, init.ty, name);
      designateMember(p, init, path);
      i = path[0] + 1;
      continue;
    }
    if (p.peek().kind === 'ident' && p.isAt(':', 1) && members.some((m) => m.name === p.peek().text)) {
      // Old GNU `member: value`.
      const name = p.advance();
      p.advance();
      const path = memberDesignatorPath(p, init.ty, name);
      designateMember(p, init, [...path.slice(0, -1), path[path.length - 1]]);
      i = path[0] + 1;
      continue;
    }
    while (i < members.length && !initializable(members[i])) i++;
    if (i >= members.length) {
      skipExcess(p, p.peek());
      continue;
    }
    initializer2(p, init.children![i]);
    i++;
  }
}

function structInitializer2(p: Parser, init: Init, start: number): void {
  const members = init.ty.members;
  let first = true;
  for (let i = start; i < members.length; i++) {
    if (!initializable(members[i])) continue;
    if (!first) {
      if (!hasNextElement(p) || p.isAt('.', 1) || p.isAt('[', 1)) return;
      p.advance();
    }
    first = false;
    initializer2(p, init.children![i]);
  }
}

function unionInitializer1(p: Parser, init: Init): void {
  p.need('{');
  if (endBraced(p)) return;
  let first = true;
  while (!endBraced(p)) {
    if (!first) {
      p.need(',');
      if (endBraced(p)) return;
      if (!p.isAt('.')) {
        skipExcess(p, p.peek());
        continue;
      }
    }
    first = false;
    if (p.isAt('.')) {
      p.advance();
      const name = p.expectIdentifier();
      designateMember(p, init, memberDesignatorPath(p, init.ty, name));
      continue;
    }
    const idx = init.ty.members.findIndex(initializable);
    if (idx < 0) return;
    init.unionMember = idx;
    initializer2(p, init.children![idx]);
  }
}

function unionInitializer2(p: Parser, init: Init): void {
  const idx = init.ty.members.findIndex(initializable);
  if (idx < 0) return;
  init.unionMember = idx;
  initializer2(p, init.children![idx]);
}

// ---- lowering: locals ------------------------------------------------------

/** `v = {…}` inside a function: zero the object, then assign each given leaf. */
export function lowerLocalInit(p: Parser, v: Obj, init: Init, tok: Token): Node {
  v.ty = init.ty;
  const target = p.varNode(v, tok);
  if (init.expr && init.ty.kind !== 'array') {
    return p.assignNode(target, init.expr, tok);
  }
  let node: Node = { kind: 'memzero', tok, obj: v, ty: init.ty };
  const assigns: Node[] = [];
  collectAssigns(p, init, target, tok, assigns);
  for (const a of assigns) node = { kind: 'comma', tok, lhs: node, rhs: a, ty: a.ty };
  return node;
}

function collectAssigns(p: Parser, init: Init, lv: Node, tok: Token, out: Node[]): void {
  const ty = init.ty;
  if (ty.kind === 'array') {
    init.children!.forEach((c, i) => {
      if (!hasValue(c)) return;
      const elem = p.deref(p.binary('add', lv, p.num(BigInt(i), tok), tok), tok);
      collectAssigns(p, c, elem, tok, out);
    });
    return;
  }
  if ((ty.kind === 'struct' || ty.kind === 'union') && !init.expr) {
    ty.members.forEach((m, i) => {
      if (ty.kind === 'union' && init.unionMember !== i) return;
      const c = init.children![i];
      if (!hasValue(c)) return;
      collectAssigns(p, c, p.memberNode(lv, m, tok), tok, out);
    });
    return;
  }
  if (!init.expr) return;
  out.push(p.assignNode(lv, init.expr, tok));
}

function hasValue(init: Init): boolean {
  if (init.expr) return true;
  return init.children?.some(hasValue) ?? false;
}

// ---- lowering: globals -----------------------------------------------------

/** Fills v.initData and v.relocs from the initializer; errors if an element is not constant. */
export function writeGlobalInit(p: Parser, v: Obj, init: Init): void {
  v.ty = init.ty;
  const buf = new Uint8Array(init.ty.size);
  v.relocs = [];
  writeData(p, init, buf, 0, v);
  v.initData = buf;
}

function writeData(p: Parser, init: Init, buf: Uint8Array, offset: number, v: Obj): void {
  const ty = init.ty;
  if (ty.kind === 'array' && init.children) {
    const es = ty.base!.size;
    init.children.forEach((c, i) => writeData(p, c, buf, offset + i * es, v));
    return;
  }
  if ((ty.kind === 'struct' || ty.kind === 'union') && !init.expr) {
    ty.members.forEach((m, i) => {
      if (ty.kind === 'union' && init.unionMember !== i) return;
      const c = init.children![i];
      if (m.isBitfield) {
        if (!c.expr) return;
        const val = constantOf(p, c.expr, m.ty, v);
        if (val === undefined) return;
        writeBits(buf, offset + m.offset, m.bitOffset, m.bitWidth, val);
        return;
      }
      writeData(p, c, buf, offset + m.offset, v);
    });
    return;
  }
  if (!init.expr) return;
  if (ty.kind === 'struct' || ty.kind === 'union') {
    const e = init.expr;
    const src = e.kind === 'var' && !e.obj!.isLocal && e.obj!.initData && e.obj!.ty.size === ty.size ? e.obj! : undefined;
    if (!src) {
      p.report('initializer element is not constant', e.tok);
      return;
    }
    buf.set(src.initData!, offset);
    for (const r of src.relocs ?? []) v.relocs!.push({ offset: offset + r.offset, label: r.label, addend: r.addend });
    return;
  }
  const e = p.cast(init.expr, ty);
  const c = evalAddressConst(e);
  if (!c) {
    p.report('initializer element is not constant', init.expr.tok);
    return;
  }
  if (c.label !== undefined) {
    if (ty.size !== 4) {
      p.report('initializer element is not computable at load time', init.expr.tok);
      return;
    }
    v.relocs!.push({ offset, label: c.label, addend: Number(c.addend) });
    return;
  }
  writeInt(buf, offset, ty.size, c.addend);
}

function constantOf(p: Parser, e: Node, ty: Type, v: Obj): bigint | undefined {
  void v;
  const c = evalAddressConst(p.cast(e, ty));
  if (!c || c.label !== undefined) {
    p.report('initializer element is not constant', e.tok);
    return undefined;
  }
  return c.addend;
}

function writeInt(buf: Uint8Array, offset: number, size: number, val: bigint): void {
  let x = BigInt.asUintN(64, val);
  for (let i = 0; i < size; i++) {
    buf[offset + i] = Number(x & 0xffn);
    x >>= 8n;
  }
}

function writeBits(buf: Uint8Array, offset: number, bitOffset: number, width: number, val: bigint): void {
  const v = BigInt.asUintN(width, val);
  for (let b = 0; b < width; b++) {
    const bit = bitOffset + b;
    const byte = offset + (bit >> 3);
    const mask = 1 << (bit & 7);
    if ((v >> BigInt(b)) & 1n) buf[byte] |= mask;
    else buf[byte] &= ~mask;
  }
}

export { tyChar };
