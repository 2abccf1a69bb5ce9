// C99 (with common C11 and GNU bits) to a typed AST: declarations with the full
// declarator syntax, statements, expressions, initializers. Errors are collected
// and the parser resynchronizes at `;` or `}` so one run reports several.

import { error as makeError, warning as makeWarning, type Diagnostic } from '../diagnostics.js';
import type { Token } from './token.js';
import {
  arrayOf, commonType, copyType, enumType, funcType, isCompatible, isInteger, isPointerLike,
  isScalar, layOut, pointerTo, promote, qualified, structType, typeName, tyBool, tyChar, tyInt, tyLLong,
  tyLong, tyShort, tyUChar, tyFloat, tyDouble, tyLongDouble, usesFloat, tyUInt, tyULLong, tyULong, tyUShort, tyVoid, unqualified,
  type Member, type Param, type Type,
} from './type.js';
import { newObj, type AsmOperand, type Attributes, type Node, type NodeKind, type Obj } from './ast.js';
import { LiteralError, parseCharConstant, parseInteger, parseStrings, wrapToType } from './literal.js';
import { evalConst, isConstExpr } from './consteval.js';
import { buildInitializer, lowerLocalInit, writeGlobalInit } from './initializer.js';
import type { InlineImporter } from './inline.js';

/** Unwinds to the nearest recovery point after a diagnostic was recorded. */
export class ParseError extends Error {}

interface ScopedName {
  obj?: Obj;
  /** A variable-length array: a pointer to its storage and its size in bytes. */
  vla?: { ptr: Obj; size: Obj; ty: Type };
  typedef?: Type;
  enumTy?: Type;
  enumVal?: bigint;
}

interface Scope {
  vars: Map<string, ScopedName>;
  tags: Map<string, Type>;
}

interface DeclSpec {
  ty: Type;
  isTypedef: boolean;
  isStatic: boolean;
  isExtern: boolean;
  isInline: boolean;
  attrs: Attributes;
}

interface Declarator {
  ty: Type;
  name?: Token;
  /** Old-style parameter names, for K&R definitions. */
  krNames?: Token[];
  attrs: Attributes;
  asmName?: string;
}

export interface TopLevelAsm {
  text: string;
}

export interface ParseResult {
  globals: Obj[];
  topAsm: string[];
  diagnostics: Diagnostic[];
  /** Names referenced (called or address taken) outside any function, e.g. in global initializers. */
  fileRefs: Map<string, Token>;
}

const TYPE_KEYWORDS = new Set([
  'void', '_Bool', 'char', 'short', 'int', 'long', 'signed', 'unsigned', 'float', 'double',
  'struct', 'union', 'enum', 'typedef', 'static', 'extern', 'inline', 'const', 'volatile',
  'auto', 'register', 'restrict', '_Noreturn', '_Alignas', '_Thread_local', '__thread',
  '__signed__', '__signed', '__inline', '__inline__', '__const', '__const__', '__volatile', '__volatile__',
  '__restrict', '__restrict__', '__attribute__', '__attribute', '__extension__', 'typeof', '__typeof__', '__typeof',
  '__builtin_va_list', '_Complex', '__int128',
]);

const MAX_ERRORS = 50;

export class Parser {
  private pos = 0;
  private scopes: Scope[] = [{ vars: new Map(), tags: new Map() }];
  readonly globals: Obj[] = [];
  readonly topAsm: string[] = [];
  readonly diagnostics: Diagnostic[] = [];
  readonly fileRefs = new Map<string, Token>();
  private errorCount = 0;
  private fn?: Obj;
  private labelCount = 0;
  private brkLabel?: string;
  private contLabel?: string;
  private currentSwitch?: Node;
  private gotos: Node[] = [];
  private labels: Node[] = [];
  private staticCount = 0;
  private strings = new Map<string, Obj>();

  constructor(
    private tokens: Token[], private sources: Record<string, string>, private labelPrefix = '',
    private importer?: InlineImporter,
  ) {}

  /** For the inliner: an anonymous string literal object holding `data`. */
  newString(ty: Type, data: Uint8Array, tok: Token): Obj {
    const v = this.newAnonGlobal(ty, tok, 'str');
    v.initData = data;
    v.isStringLiteral = true;
    return v;
  }

  // ---- diagnostics -------------------------------------------------------

  private diag(severity: 'error' | 'warning', message: string, tok: Token, span?: number): Diagnostic {
    const d = (severity === 'error' ? makeError : makeWarning)(message, tok.loc, this.sources[tok.loc.file]);
    if (span !== undefined) d.span = span;
    else if (tok.kind !== 'eof' && tok.text.length > 1) d.span = tok.text.length;
    return d;
  }

  /** Records an error and unwinds to the nearest recovery point. */
  fail(message: string, tok: Token = this.peek(), notes?: Diagnostic[]): never {
    this.report(message, tok, notes);
    throw new ParseError(message);
  }

  report(message: string, tok: Token, notes?: Diagnostic[]): void {
    const d = this.diag('error', message, tok);
    if (notes) d.notes = notes;
    this.diagnostics.push(d);
    if (++this.errorCount >= MAX_ERRORS) {
      this.diagnostics.push(makeError('too many errors; stopping'));
      this.pos = this.tokens.length - 1;
      throw new ParseError('too many errors');
    }
  }

  warn(message: string, tok: Token): void {
    this.diagnostics.push(this.diag('warning', message, tok));
  }

  note(message: string, tok: Token | undefined): Diagnostic {
    const d: Diagnostic = { severity: 'note', message };
    if (tok) {
      d.location = tok.loc;
      const src = this.sources[tok.loc.file];
      if (src !== undefined) d.sourceLine = makeError('', tok.loc, src).sourceLine;
    }
    return d;
  }

  // ---- token stream ------------------------------------------------------

  peek(k = 0): Token {
    return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.tokens[this.pos];
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  private is(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.text === text && (t.kind === 'punct' || t.kind === 'ident');
  }

  private consume(text: string): boolean {
    if (this.is(text)) {
      this.next();
      return true;
    }
    return false;
  }

  private expect(text: string): Token {
    if (!this.is(text)) {
      const t = this.peek();
      this.fail(`expected '${text}'${t.kind === 'eof' ? ' at end of input' : ` before '${t.text}'`}`, t);
    }
    return this.next();
  }

  private expectIdent(what = 'an identifier'): Token {
    const t = this.peek();
    if (t.kind !== 'ident') this.fail(`expected ${what}${t.kind === 'eof' ? ' at end of input' : ` before '${t.text}'`}`, t);
    return this.next();
  }

  private atEof(): boolean {
    return this.peek().kind === 'eof';
  }

  /** Skips to just after the next `;` at this nesting level, or to a `}` that closes it. */
  private resync(stopAtBrace: boolean): void {
    let depth = 0;
    while (!this.atEof()) {
      const t = this.peek();
      if (t.kind === 'punct') {
        if (t.text === '{' || t.text === '(' || t.text === '[') depth++;
        else if (t.text === ')' || t.text === ']') depth = Math.max(0, depth - 1);
        else if (t.text === '}') {
          if (depth === 0) {
            if (!stopAtBrace) this.next();
            return;
          }
          depth--;
          if (depth === 0 && !stopAtBrace) {
            this.next();
            if (this.is(';')) this.next();
            return;
          }
        } else if (t.text === ';' && depth === 0) {
          this.next();
          return;
        }
      }
      this.next();
    }
  }

  private newLabel(kind: string): string {
    return `.L${this.labelPrefix}${kind}.${++this.labelCount}`;
  }

  // ---- scopes ------------------------------------------------------------

  private enterScope(): void {
    this.scopes.push({ vars: new Map(), tags: new Map() });
  }

  private leaveScope(): void {
    this.scopes.pop();
  }

  lookup(name: string): ScopedName | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i].vars.get(name);
      if (v) return v;
    }
    return undefined;
  }

  private lookupTag(name: string): Type | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const t = this.scopes[i].tags.get(name);
      if (t) return t;
    }
    return undefined;
  }

  private declare(name: string, entry: ScopedName): void {
    this.scopes[this.scopes.length - 1].vars.set(name, entry);
  }

  private isTypename(tok: Token = this.peek()): boolean {
    if (tok.kind !== 'ident') return false;
    if (TYPE_KEYWORDS.has(tok.text)) return true;
    return this.lookup(tok.text)?.typedef !== undefined;
  }

  // ---- translation unit --------------------------------------------------

  parseTranslationUnit(): ParseResult {
    while (!this.atEof()) {
      const start = this.pos;
      try {
        this.externalDeclaration();
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
        if (this.errorCount >= MAX_ERRORS) break;
        this.fn = undefined;
        this.scopes.length = 1;
        if (this.pos === start) this.next();
        this.resync(false);
      }
    }
    this.finishTentatives();
    return { globals: this.globals, topAsm: this.topAsm, diagnostics: this.diagnostics, fileRefs: this.fileRefs };
  }

  private externalDeclaration(): void {
    if (this.consume(';')) return;
    if (this.is('asm') || this.is('__asm__') || this.is('__asm')) {
      this.next();
      this.expect('(');
      const text = this.stringLiteralText();
      this.expect(')');
      this.expect(';');
      this.topAsm.push(text);
      return;
    }
    if (this.is('_Static_assert')) {
      this.staticAssert();
      return;
    }
    const startTok = this.peek();
    const spec = this.declspec(true);
    if (spec.isTypedef) {
      this.typedefDeclaration(spec);
      return;
    }
    if (this.consume(';')) return;
    let first = true;
    for (;;) {
      const d = this.declarator(spec.ty);
      this.attributesInto(d.attrs);
      if (!d.name) this.fail('expected an identifier in declaration', this.peek());
      if (d.ty.kind === 'func') {
        if (first && (this.is('{') || (d.krNames && this.isTypename()))) {
          this.functionDefinition(d, spec);
          return;
        }
        this.declareFunction(d, spec, false);
      } else {
        this.globalVariable(d, spec);
      }
      first = false;
      if (this.consume(';')) return;
      if (!this.is(',')) this.fail(`expected ';' or ',' after declaration of '${d.name.text}'`, this.peek());
      this.next();
    }
    void startTok;
  }

  private staticAssert(): void {
    const tok = this.next();
    this.expect('(');
    const val = this.constExpr();
    let msg = '';
    if (this.consume(',')) msg = this.stringLiteralText();
    this.expect(')');
    this.expect(';');
    if (val === 0n) this.report(`static assertion failed${msg ? `: "${msg}"` : ''}`, tok);
  }

  private typedefDeclaration(spec: DeclSpec): void {
    let first = true;
    while (!this.consume(';')) {
      if (!first) this.expect(',');
      first = false;
      const d = this.declarator(spec.ty);
      this.attributesInto(d.attrs);
      if (!d.name) this.fail('typedef name omitted', this.peek());
      let ty = d.ty;
      if (ty.vlaLen) this.fail('variable-length array types are only supported for block-scope objects', d.name);
      const align = d.attrs.aligned ?? spec.attrs.aligned;
      if (align !== undefined || d.attrs.packed) {
        ty = copyType(ty);
        if (align !== undefined) { ty.align = align; ty.explicitAlign = align; }
      }
      this.declare(d.name.text, { typedef: ty });
    }
  }

  // ---- declaration specifiers --------------------------------------------

  private declspec(allowStorage: boolean): DeclSpec {
    const spec: DeclSpec = { ty: tyInt, isTypedef: false, isStatic: false, isExtern: false, isInline: false, attrs: {} };
    let sawType = false;
    let ty: Type | undefined;
    let isConst = false;
    let isVolatile = false;
    let signedness: 'signed' | 'unsigned' | undefined;
    let base: 'void' | 'bool' | 'char' | 'short' | 'int' | undefined;
    let longs = 0;
    let floatTok: Token | undefined;
    const startTok = this.peek();
    for (;;) {
      const tok = this.peek();
      if (tok.kind !== 'ident') break;
      const t = tok.text;
      if (t === 'typedef' || t === 'static' || t === 'extern' || t === 'auto' || t === 'register' ||
          t === '_Thread_local' || t === '__thread') {
        if (!allowStorage) this.fail(`storage class '${t}' is not allowed here`, tok);
        this.next();
        if (t === 'typedef') spec.isTypedef = true;
        else if (t === 'static') spec.isStatic = true;
        else if (t === 'extern') spec.isExtern = true;
        continue;
      }
      if (t === 'inline' || t === '__inline' || t === '__inline__') { this.next(); spec.isInline = true; continue; }
      if (t === '_Noreturn') { this.next(); spec.attrs.noreturn = true; continue; }
      if (t === 'const' || t === '__const' || t === '__const__') { this.next(); isConst = true; continue; }
      if (t === 'volatile' || t === '__volatile' || t === '__volatile__') { this.next(); isVolatile = true; continue; }
      if (t === 'restrict' || t === '__restrict' || t === '__restrict__' || t === '__extension__') { this.next(); continue; }
      if (t === '__attribute__' || t === '__attribute') { this.attributesInto(spec.attrs); continue; }
      if (t === '_Alignas') {
        this.next();
        this.expect('(');
        const a = this.isTypename() ? this.typename().align : Number(this.constExpr());
        this.expect(')');
        spec.attrs.aligned = Math.max(spec.attrs.aligned ?? 0, a);
        continue;
      }
      if (t === '_Complex') this.fail(`'${t}': floating point is not supported by ClightX`, tok);
      if (t === 'float' || t === 'double') {
        if (sawType || base !== undefined || signedness !== undefined || longs > 1) this.fail('two or more data types in declaration specifiers', tok);
        this.next();
        sawType = true;
        ty = t === 'float' ? tyFloat : longs === 1 ? tyLongDouble : tyDouble;
        longs = 0;
        floatTok = tok;
        continue;
      }
      if (t === '__int128') this.fail("'__int128' is not supported on i386", tok);
      const userType = this.lookup(t)?.typedef;
      const isTypeWord = t === 'struct' || t === 'union' || t === 'enum' || t === 'typeof' || t === '__typeof__' ||
        t === '__typeof' || t === '__builtin_va_list' || (userType !== undefined);
      if (isTypeWord) {
        if (sawType || base !== undefined || signedness !== undefined || longs > 0) {
          if (userType) break; // an identifier redeclared with the typedef's name
          this.fail('two or more data types in declaration specifiers', tok);
        }
        sawType = true;
        this.next();
        if (t === 'struct' || t === 'union') ty = this.structDecl(t);
        else if (t === 'enum') ty = this.enumSpecifier();
        else if (t === '__builtin_va_list') ty = pointerTo(tyChar);
        else if (t === 'typeof' || t === '__typeof__' || t === '__typeof') ty = this.typeofSpecifier();
        else ty = userType;
        continue;
      }
      if (t === 'void' || t === '_Bool' || t === 'char' || t === 'short' || t === 'int') {
        if (sawType || (base !== undefined && !(base === 'int' && t === 'short') && !(base === 'short' && t === 'int'))) {
          this.fail('two or more data types in declaration specifiers', tok);
        }
        this.next();
        if (t === '_Bool') base = 'bool';
        else if (t === 'short' || base === 'short') base = 'short';
        else base = t as 'void' | 'char' | 'int';
        continue;
      }
      if (t === 'long') {
        if (floatTok && ty === tyDouble) { this.next(); ty = tyLongDouble; continue; }
        if ((sawType && !floatTok) || longs >= 2) this.fail("'long long long' is too long for ClightX", tok);
        this.next();
        longs++;
        continue;
      }
      if (t === 'signed' || t === '__signed__' || t === '__signed' || t === 'unsigned') {
        if (sawType || signedness) this.fail('duplicate or conflicting signedness', tok);
        this.next();
        signedness = t === 'unsigned' ? 'unsigned' : 'signed';
        continue;
      }
      break;
    }
    if (ty === undefined) {
      const u = signedness === 'unsigned';
      if (longs === 2) ty = u ? tyULLong : tyLLong;
      else if (longs === 1) ty = u ? tyULong : tyLong;
      else if (base === 'void') ty = tyVoid;
      else if (base === 'bool') ty = tyBool;
      else if (base === 'char') ty = signedness === 'unsigned' ? tyUChar : tyChar;
      else if (base === 'short') ty = u ? tyUShort : tyShort;
      else if (base === 'int' || signedness) ty = u ? tyUInt : tyInt;
      else {
        if (this.peek() === startTok || this.peek().kind !== 'ident' || spec.isTypedef || !(spec.isStatic || spec.isExtern || spec.isInline)) {
          if (startTok === this.peek() && !(this.peek().kind === 'ident')) {
            this.fail(`expected a declaration before '${this.peek().text}'`, this.peek());
          }
        }
        if (startTok === this.peek()) this.fail(`unknown type name '${startTok.text}'`, startTok);
        this.warn("type defaults to 'int' in declaration", startTok);
        ty = tyInt;
      }
      if ((longs > 0 && base !== undefined && base !== 'int') || (signedness && (base === 'void' || base === 'bool'))) {
        this.fail('invalid combination of type specifiers', startTok);
      }
    }
    spec.ty = qualified(ty, isConst, isVolatile);
    return spec;
  }

  private typeofSpecifier(): Type {
    this.expect('(');
    let ty: Type;
    if (this.isTypename()) ty = this.typename();
    else ty = this.expr().ty!;
    this.expect(')');
    return ty;
  }

  /** Parses `__attribute__((…))` lists (several in a row) into attrs. */
  attributesInto(attrs: Attributes): void {
    for (;;) {
      if (this.is('__asm__') || this.is('__asm') || this.is('asm')) {
        this.next();
        this.expect('(');
        attrs.asmLabel = this.stringLiteralText();
        this.expect(')');
        continue;
      }
      if (!this.is('__attribute__') && !this.is('__attribute')) return;
      this.next();
      this.expect('(');
      this.expect('(');
      while (!this.is(')')) {
        if (this.consume(',')) continue;
        const nameTok = this.next();
        const name = nameTok.text.replace(/^__(.*)__$/, '$1');
        switch (name) {
          case 'packed': attrs.packed = true; break;
          case 'noreturn': attrs.noreturn = true; break;
          case 'used': attrs.used = true; break;
          case 'unused': attrs.unused = true; break;
          case 'always_inline': attrs.alwaysInline = true; break;
          case 'noinline': attrs.noinline = true; break;
          case 'weak': attrs.weak = true; break;
          case 'aligned':
            if (this.consume('(')) {
              const a = Number(this.constExpr());
              if (a <= 0 || (a & (a - 1)) !== 0) this.report('requested alignment is not a positive power of 2', nameTok);
              attrs.aligned = Math.max(attrs.aligned ?? 0, a);
              this.expect(')');
            } else attrs.aligned = 16;
            continue;
          case 'section':
            this.expect('(');
            attrs.section = this.stringLiteralText();
            this.expect(')');
            continue;
          default:
            break;
        }
        if (this.consume('(')) this.skipBalanced();
      }
      this.expect(')');
      this.expect(')');
    }
  }

  /** Skips up to and including the `)` matching an already consumed `(`. */
  private skipBalanced(): void {
    let depth = 1;
    while (depth > 0 && !this.atEof()) {
      const t = this.next();
      if (t.kind !== 'punct') continue;
      if (t.text === '(') depth++;
      else if (t.text === ')') depth--;
    }
  }

  private stringLiteralText(): string {
    const toks: string[] = [];
    while (this.peek().kind === 'string') toks.push(this.next().text);
    if (toks.length === 0) this.fail('expected a string literal', this.peek());
    try {
      const lit = parseStrings(toks);
      return String.fromCharCode(...lit.units.slice(0, -1));
    } catch (e) {
      if (e instanceof LiteralError) this.fail(e.message, this.peek(-1));
      throw e;
    }
  }

  // ---- struct, union, enum -----------------------------------------------

  private structDecl(kind: 'struct' | 'union'): Type {
    const attrs: Attributes = {};
    this.attributesInto(attrs);
    let tagTok: Token | undefined;
    if (this.peek().kind === 'ident') tagTok = this.next();
    if (tagTok && !this.is('{')) {
      const found = this.lookupTag(tagTok.text);
      if (found) {
        if (found.kind !== kind) this.fail(`'${tagTok.text}' defined as wrong kind of tag`, tagTok);
        return found;
      }
      const ty = structType(kind, tagTok.text);
      this.scopes[this.scopes.length - 1].tags.set(tagTok.text, ty);
      return ty;
    }
    this.expect('{');
    let ty: Type;
    const existing = tagTok ? this.scopes[this.scopes.length - 1].tags.get(tagTok.text) : undefined;
    if (existing && existing.kind === kind && !existing.isComplete) ty = existing;
    else {
      if (existing?.isComplete) this.report(`redefinition of '${kind} ${tagTok!.text}'`, tagTok!);
      ty = structType(kind, tagTok?.text);
      if (tagTok) this.scopes[this.scopes.length - 1].tags.set(tagTok.text, ty);
    }
    const members: Member[] = [];
    while (!this.consume('}')) {
      if (this.atEof()) this.fail(`expected '}' to end ${kind}`, this.peek());
      if (this.is('_Static_assert')) { this.staticAssert(); continue; }
      const memberStart = this.peek();
      const spec = this.declspec(false);
      if (this.consume(';')) {
        // An anonymous struct or union member (C11).
        if ((spec.ty.kind === 'struct' || spec.ty.kind === 'union')) {
          members.push(this.newMember(undefined, spec.ty, memberStart));
        } else this.warn('declaration does not declare anything', memberStart);
        continue;
      }
      let first = true;
      while (!this.consume(';')) {
        if (!first) this.expect(',');
        first = false;
        const d = this.is(':') ? { ty: spec.ty, name: undefined, attrs: {} as Attributes } : this.declarator(spec.ty);
        let mty = d.ty;
        const m = this.newMember(d.name?.text, mty, d.name ?? this.peek());
        if (this.consume(':')) {
          const wTok = this.peek();
          const width = Number(this.constExpr());
          if (!isInteger(mty)) this.report(`bit-field '${d.name?.text ?? '<anonymous>'}' has non-integer type '${typeName(mty)}'`, wTok);
          else if (width < 0 || width > mty.size * 8) this.report(`width of bit-field '${d.name?.text ?? '<anonymous>'}' exceeds its type`, wTok);
          else if (width === 0 && d.name) this.report(`zero width for bit-field '${d.name.text}'`, wTok);
          m.isBitfield = true;
          m.bitWidth = width;
        }
        this.attributesInto(d.attrs);
        this.attributesInto(d.attrs);
        const align = d.attrs.aligned ?? spec.attrs.aligned;
        if (align !== undefined || d.attrs.packed) {
          mty = copyType(mty);
          if (align !== undefined) { mty.align = Math.max(d.attrs.packed ? 1 : mty.align, align); mty.explicitAlign = align; }
          else if (d.attrs.packed) mty.align = 1;
          m.ty = mty;
        }
        if (mty.kind === 'array' && mty.arrayLen < 0) {
          mty = arrayOf(mty.base!, 0);
          m.ty = mty;
          ty.isFlexible = true;
        } else if (!mty.isComplete && mty.kind !== 'array') {
          this.report(`field '${d.name?.text}' has incomplete type '${typeName(mty)}'`, d.name ?? memberStart);
        } else if (mty.kind === 'func') {
          this.report(`field '${d.name?.text}' declared as a function`, d.name ?? memberStart);
        }
        members.push(m);
      }
    }
    this.attributesInto(attrs);
    layOut(ty, members, attrs.packed === true, attrs.aligned ?? 0);
    return ty;
  }

  private newMember(name: string | undefined, ty: Type, tok: Token): Member {
    return { name, ty, tok, offset: 0, isBitfield: false, bitOffset: 0, bitWidth: 0, unitSize: 0 };
  }

  private enumSpecifier(): Type {
    const attrs: Attributes = {};
    this.attributesInto(attrs);
    let tagTok: Token | undefined;
    if (this.peek().kind === 'ident') tagTok = this.next();
    if (tagTok && !this.is('{')) {
      const found = this.lookupTag(tagTok.text);
      if (found) {
        if (found.kind !== 'enum') this.fail(`'${tagTok.text}' defined as wrong kind of tag`, tagTok);
        return found;
      }
      const ty = enumType();
      ty.tag = tagTok.text;
      this.scopes[this.scopes.length - 1].tags.set(tagTok.text, ty);
      return ty;
    }
    this.expect('{');
    const ty = enumType();
    ty.tag = tagTok?.text;
    let val = 0n;
    let min = 0n;
    let max = 0n;
    const consts: ScopedName[] = [];
    while (!this.consume('}')) {
      const name = this.expectIdent('an enumerator name');
      this.attributesInto({});
      if (this.consume('=')) val = this.constExpr();
      const entry: ScopedName = { enumTy: ty, enumVal: val };
      consts.push(entry);
      this.declare(name.text, entry);
      if (val < min) min = val;
      if (val > max) max = val;
      val++;
      if (!this.consume(',')) {
        this.expect('}');
        break;
      }
    }
    // Like gcc: the underlying type is unsigned int when no enumerator is negative.
    if (min >= 0n) ty.isUnsigned = true;
    if (min < -0x80000000n || max > 0xffffffffn) { ty.size = 8; ty.align = 4; }
    if (tagTok) this.scopes[this.scopes.length - 1].tags.set(tagTok.text, ty);
    this.attributesInto(attrs);
    return ty;
  }

  // ---- declarators -------------------------------------------------------

  private pointers(ty: Type): Type {
    while (this.consume('*')) {
      ty = pointerTo(ty);
      let c = false;
      let v = false;
      for (;;) {
        const t = this.peek().text;
        if (this.peek().kind !== 'ident') break;
        if (t === 'const' || t === '__const' || t === '__const__') c = true;
        else if (t === 'volatile' || t === '__volatile' || t === '__volatile__') v = true;
        else if (t === 'restrict' || t === '__restrict' || t === '__restrict__') { /* no effect on code */ }
        else if (t === '__attribute__' || t === '__attribute') { this.attributesInto({}); continue; }
        else break;
        this.next();
      }
      ty = qualified(ty, c, v);
    }
    return ty;
  }

  /** declarator = pointers ("(" declarator ")" | ident)? type-suffix */
  declarator(ty: Type): Declarator {
    const attrs: Attributes = {};
    this.attributesInto(attrs);
    ty = this.pointers(ty);
    this.attributesInto(attrs);
    if (this.is('(') && !this.startsParams(1)) {
      // Nested declarator: parse the suffix first, then apply the inner declarator to it.
      const open = this.next();
      const save = this.pos;
      this.skipBalanced();
      const suffixed = this.typeSuffix(ty);
      const end = this.pos;
      this.pos = save;
      const inner = this.declarator(suffixed.ty);
      if (!this.is(')')) this.fail("expected ')' in declarator", this.peek());
      this.pos = end;
      void open;
      Object.assign(inner.attrs, attrs);
      return inner;
    }
    let name: Token | undefined;
    if (this.peek().kind === 'ident' && !this.isAttributeWord()) name = this.next();
    const suffixed = this.typeSuffix(ty);
    this.attributesInto(attrs);
    return { ty: suffixed.ty, name, krNames: suffixed.krNames, attrs };
  }

  private isAttributeWord(): boolean {
    const t = this.peek().text;
    return t === '__attribute__' || t === '__attribute' || t === '__asm__' || t === '__asm' || t === 'asm';
  }

  /** After `(`, does a parameter list (rather than a nested declarator) follow? */
  private startsParams(k: number): boolean {
    const t = this.peek(k);
    if (t.kind === 'punct') return t.text === ')' || t.text === '...';
    return this.isTypename(t) && !(t.text === '__attribute__' || t.text === '__attribute');
  }

  abstractDeclarator(ty: Type): Type {
    return this.declarator(ty).ty;
  }

  typename(): Type {
    const spec = this.declspec(false);
    return this.abstractDeclarator(spec.ty);
  }

  private typeSuffix(ty: Type): { ty: Type; krNames?: Token[] } {
    if (this.is('(')) {
      this.next();
      return this.funcParams(ty);
    }
    if (this.is('[')) {
      const open = this.next();
      while (this.is('static') || this.is('const') || this.is('restrict') || this.is('volatile') || this.is('__restrict')) this.next();
      if (this.consume(']') || (this.is('*') && this.is(']', 1) && this.next() && this.next())) {
        const inner = this.typeSuffix(ty).ty;
        return { ty: arrayOf(inner, -1) };
      }
      const lenTok = this.peek();
      const lenNode = this.conditional();
      if (!isConstExpr(lenNode)) {
        if (!this.fn) this.fail('variable-length array outside a function', lenTok);
        this.expect(']');
        const inner = this.typeSuffix(ty).ty;
        if (inner.vlaLen || !inner.isComplete) this.fail('only the outermost dimension of a variable-length array may vary', lenTok);
        const vla = arrayOf(inner, -1);
        vla.vlaLen = lenNode;
        return { ty: vla };
      }
      const len = this.evalConstNode(lenNode, lenTok);
      this.expect(']');
      if (len < 0n) this.fail('size of array is negative', lenTok);
      const inner = this.typeSuffix(ty).ty;
      if (!inner.isComplete && inner.kind !== 'void') this.fail(`array has incomplete element type '${typeName(inner)}'`, open);
      if (inner.kind === 'func') this.fail('declaration of an array of functions', open);
      return { ty: arrayOf(inner, Number(len)) };
    }
    return { ty };
  }

  private funcParams(returnTy: Type): { ty: Type; krNames?: Token[] } {
    if (returnTy.kind === 'func') this.fail('function cannot return a function', this.peek(-1));
    if (returnTy.kind === 'array') this.fail('function cannot return an array', this.peek(-1));
    if (this.is('void') && this.is(')', 1)) {
      this.next();
      this.next();
      return { ty: funcType(returnTy, [], false, true) };
    }
    if (this.consume(')')) return { ty: funcType(returnTy, [], false, false) };
    // Old-style identifier list.
    if (this.peek().kind === 'ident' && !this.isTypename()) {
      const names: Token[] = [];
      for (;;) {
        names.push(this.expectIdent());
        if (this.consume(')')) break;
        this.expect(',');
      }
      const ty = funcType(returnTy, names.map((n) => ({ name: n.text, ty: tyInt, tok: n })), false, false);
      return { ty, krNames: names };
    }
    const params: Param[] = [];
    let isVariadic = false;
    for (;;) {
      if (this.consume('...')) {
        isVariadic = true;
        this.expect(')');
        break;
      }
      const ptok = this.peek();
      const spec = this.declspec(true);
      const d = this.declarator(spec.ty);
      let pty = d.ty;
      if (pty.kind === 'array') pty = qualified(pointerTo(pty.base!), pty.isConst, pty.isVolatile);
      else if (pty.kind === 'func') pty = pointerTo(pty);
      if (pty.kind === 'void') this.fail("'void' must be the only parameter", ptok);
      params.push({ name: d.name?.text, ty: pty, tok: d.name ?? ptok });
      if (this.consume(')')) break;
      this.expect(',');
    }
    return { ty: funcType(returnTy, params, isVariadic, true) };
  }

  // ---- functions and globals ---------------------------------------------

  private declareFunction(d: Declarator, spec: DeclSpec, isDefinition: boolean): Obj {
    const name = d.name!;
    const existing = this.scopes[0].vars.get(name.text)?.obj;
    let fn: Obj;
    if (existing && existing.isFunction) {
      if (!isCompatible(existing.ty, d.ty)) {
        this.report(`conflicting types for '${name.text}'`, name, [this.note('previous declaration is here', existing.tok)]);
      }
      if (isDefinition && existing.isDefinition) {
        this.report(`redefinition of '${name.text}'`, name, [this.note('previous definition is here', existing.tok)]);
      }
      fn = existing;
      // Prefer the declaration that has a prototype.
      if (d.ty.hasProto || isDefinition) fn.ty = d.ty;
      if (isDefinition) fn.tok = name;
    } else {
      if (existing) this.report(`'${name.text}' redeclared as a different kind of symbol`, name, [this.note('previous declaration is here', existing.tok)]);
      fn = newObj(name.text, d.ty, false, name);
      fn.isStatic = spec.isStatic;
      fn.inlineOnly = spec.isInline && !spec.isExtern && !spec.isStatic;
      this.globals.push(fn);
      this.scopes[0].vars.set(name.text, { obj: fn });
    }
    if (this.scopes.length > 1) this.declare(name.text, { obj: fn });
    if (spec.isStatic) fn.isStatic = true;
    if (!spec.isInline || spec.isExtern) fn.inlineOnly = false;
    fn.isInline ||= spec.isInline;
    Object.assign(fn.attrs, spec.attrs, d.attrs);
    if (d.attrs.asmLabel) fn.asmName = d.attrs.asmLabel;
    return fn;
  }

  private rejectFloat(ty: Type, tok: Token, what: string): void {
    if (usesFloat(ty)) this.fail(`${what}: floating point is not supported by ClightX`, tok);
  }

  private functionDefinition(d: Declarator, spec: DeclSpec): void {
    if (usesFloat(d.ty)) {
      // Headers (csmith's, glibc's) define floating-point helpers; only using one is an error.
      if (!spec.isStatic && !spec.isInline) this.rejectFloat(d.ty, d.name!, `function '${d.name!.text}'`);
      this.declareFunction(d, spec, false);
      this.expect('{');
      let depth = 1;
      while (depth > 0 && !this.atEof()) {
        const t = this.next();
        if (t.kind === 'punct' && t.text === '{') depth++;
        else if (t.kind === 'punct' && t.text === '}') depth--;
      }
      return;
    }
    const fn = this.declareFunction(d, spec, true);
    fn.isDefinition = true;
    fn.refs = new Map();
    this.fn = fn;
    this.gotos = [];
    this.labels = [];
    this.enterScope();
    let ty = d.ty;
    if (d.krNames) ty = this.krParameters(d, fn);
    if (ty.returnTy!.kind !== 'void' && !ty.returnTy!.isComplete) {
      this.report(`return type is an incomplete type '${typeName(ty.returnTy!)}'`, d.name!);
    }
    fn.ty = ty;
    for (const p of ty.params) {
      if (!p.name) {
        this.report('parameter name omitted', p.tok ?? d.name!);
        continue;
      }
      if (!p.ty.isComplete) this.report(`parameter '${p.name}' has incomplete type '${typeName(p.ty)}'`, p.tok ?? d.name!);
      const v = this.newLocal(p.name, p.ty, p.tok);
      fn.params.push(v);
    }
    this.declareFuncName(fn);
    const body = this.compoundStatement();
    this.leaveScope();
    this.resolveGotos();
    fn.body = body;
    this.fn = undefined;
  }

  /** `int f(a, b) int a; char *b; { … }`: declarations give the parameters their types. */
  private krParameters(d: Declarator, fn: Obj): Type {
    const types = new Map<string, Type>();
    while (this.isTypename() && !this.is('{')) {
      const spec = this.declspec(true);
      let first = true;
      while (!this.consume(';')) {
        if (!first) this.expect(',');
        first = false;
        const pd = this.declarator(spec.ty);
        let pty = pd.ty;
        if (pty.kind === 'array') pty = pointerTo(pty.base!);
        else if (pty.kind === 'func') pty = pointerTo(pty);
        if (pd.name) types.set(pd.name.text, pty);
      }
    }
    const params = d.krNames!.map((n) => {
      const t = types.get(n.text) ?? tyInt;
      return { name: n.text, ty: t, tok: n };
    });
    void fn;
    return funcType(d.ty.returnTy!, params, false, false);
  }

  private declareFuncName(fn: Obj): void {
    const tok = fn.tok!;
    const bytes = [...Buffer.from(fn.name, 'utf8'), 0];
    const v = this.newAnonGlobal(arrayOf(tyChar, bytes.length), tok, '__func__');
    v.initData = Uint8Array.from(bytes);
    v.ty = qualified(v.ty, true, false);
    this.declare('__func__', { obj: v });
    this.declare('__FUNCTION__', { obj: v });
    this.declare('__PRETTY_FUNCTION__', { obj: v });
  }

  private resolveGotos(): void {
    for (const g of this.gotos) {
      const target = this.labels.find((l) => l.name === g.name);
      if (!target) this.report(`label '${g.name}' used but not defined`, g.tok);
      else g.label = target.label;
    }
  }

  private globalVariable(d: Declarator, spec: DeclSpec): void {
    const name = d.name!;
    const existingEntry = this.scopes[0].vars.get(name.text);
    const existing = existingEntry?.obj;
    let v: Obj;
    const hasInit = this.is('=');
    if (existing && !existing.isFunction) {
      if (!isCompatible(existing.ty, d.ty)) {
        this.report(`conflicting types for '${name.text}'`, name, [this.note('previous declaration is here', existing.tok)]);
      }
      v = existing;
      if (v.ty.kind === 'array' && v.ty.arrayLen < 0 && d.ty.kind === 'array') v.ty = d.ty;
      if (hasInit && v.isDefinition && v.initData && !v.isTentative) {
        this.report(`redefinition of '${name.text}'`, name, [this.note('previous definition is here', existing.tok)]);
      }
    } else {
      if (existing || existingEntry?.typedef) this.report(`'${name.text}' redeclared as a different kind of symbol`, name);
      v = newObj(name.text, d.ty, false, name);
      this.globals.push(v);
      this.scopes[0].vars.set(name.text, { obj: v });
    }
    if (this.scopes.length > 1) this.declare(name.text, { obj: v });
    v.isStatic ||= spec.isStatic;
    Object.assign(v.attrs, spec.attrs, d.attrs);
    if (d.attrs.asmLabel) v.asmName = d.attrs.asmLabel;
    if (v.attrs.aligned) v.align = Math.max(v.ty.align, v.attrs.aligned);
    else v.align = Math.max(v.align, v.ty.align);
    if (d.ty.kind === 'void') this.fail(`variable '${name.text}' declared void`, name);
    if (hasInit || !spec.isExtern) this.rejectFloat(d.ty, name, `variable '${name.text}'`);
    if (hasInit) {
      this.next();
      v.isDefinition = true;
      v.isTentative = false;
      this.globalInitializer(v);
      return;
    }
    if (!spec.isExtern && !v.isDefinition) {
      v.isDefinition = true;
      v.isTentative = true;
    }
  }

  private finishTentatives(): void {
    for (const v of this.globals) {
      if (v.isFunction || !v.isDefinition) continue;
      if (v.ty.kind === 'array' && v.ty.arrayLen < 0) v.ty = arrayOf(v.ty.base!, 1);
      if (!v.ty.isComplete && !v.initData) {
        this.report(`storage size of '${v.name}' isn't known`, v.tok ?? this.peek());
      }
    }
  }

  private newAnonGlobal(ty: Type, tok: Token, hint = 'anon'): Obj {
    const name = `.L${this.labelPrefix}${hint}.${this.staticCount++}`;
    const v = newObj(name, ty, false, tok);
    v.isStatic = true;
    v.isDefinition = true;
    v.isReferenced = true;
    this.globals.push(v);
    return v;
  }

  private newLocal(name: string, ty: Type, tok?: Token): Obj {
    const v = newObj(name, ty, true, tok);
    this.declare(name, { obj: v });
    this.fn!.locals.push(v);
    return v;
  }

  newTemp(ty: Type): Obj {
    const v = newObj('', ty, true);
    this.fn!.locals.push(v);
    return v;
  }

  // ---- initializers ------------------------------------------------------

  private globalInitializer(v: Obj): void {
    const init = buildInitializer(this, v.ty);
    if (init.ty !== v.ty) v.ty = init.ty;
    if (!v.ty.isComplete) this.fail(`storage size of '${v.name}' isn't known`, v.tok!);
    writeGlobalInit(this, v, init);
  }

  /** The glue the initializer module needs from the parser. */
  get initContext(): {
    parser: Parser;
  } {
    return { parser: this };
  }

  // Exposed to initializer.ts.
  isAt(text: string, k = 0): boolean { return this.is(text, k); }
  take(text: string): boolean { return this.consume(text); }
  need(text: string): Token { return this.expect(text); }
  advance(): Token { return this.next(); }
  get position(): number { return this.pos; }
  set position(p: number) { this.pos = p; }
  assignExpr(): Node { return this.assign(); }
  constantExpr(): bigint { return this.constExpr(); }
  expectIdentifier(): Token { return this.expectIdent(); }
  stringValue(tok: Token): { units: number[]; elem: Type } | undefined {
    return tok.kind === 'string' ? this.peekStringLiteral() : undefined;
  }

  private peekStringLiteral(): { units: number[]; elem: Type } {
    const save = this.pos;
    const toks: string[] = [];
    while (this.peek().kind === 'string') toks.push(this.next().text);
    this.pos = save;
    try {
      return parseStrings(toks);
    } catch (e) {
      if (e instanceof LiteralError) this.fail(e.message, this.peek());
      throw e;
    }
  }

  // ---- statements --------------------------------------------------------

  private compoundStatement(): Node {
    const tok = this.expect('{');
    const body: Node[] = [];
    this.enterScope();
    while (!this.is('}')) {
      if (this.atEof()) {
        this.leaveScope();
        this.fail("expected '}' at end of input", this.peek());
      }
      const start = this.pos;
      try {
        if (this.isDeclarationStart()) body.push(this.blockDeclaration());
        else body.push(this.statement());
      } catch (e) {
        if (!(e instanceof ParseError) || this.errorCount >= MAX_ERRORS) throw e;
        if (this.pos === start) this.next();
        this.resync(true);
        if (this.atEof()) throw e;
      }
    }
    this.leaveScope();
    this.next();
    return { kind: 'block', tok, body };
  }

  private isDeclarationStart(): boolean {
    const t = this.peek();
    if (t.kind !== 'ident') return false;
    if (t.text === '_Static_assert') return true;
    if (!this.isTypename(t)) return false;
    // `T:` is a label even when T names a type.
    if (this.is(':', 1) && this.lookup(t.text)?.typedef) return false;
    return true;
  }

  private blockDeclaration(): Node {
    const tok = this.peek();
    if (this.is('_Static_assert')) {
      this.staticAssert();
      return { kind: 'nop', tok };
    }
    const spec = this.declspec(true);
    if (spec.isTypedef) {
      this.typedefDeclaration(spec);
      return { kind: 'nop', tok };
    }
    const body: Node[] = [];
    let first = true;
    while (!this.consume(';')) {
      if (!first) this.expect(',');
      first = false;
      const d = this.declarator(spec.ty);
      this.attributesInto(d.attrs);
      if (!d.name) this.fail('expected an identifier in declaration', this.peek());
      if (d.ty.kind === 'func') {
        const fn = this.declareFunction(d, { ...spec, isStatic: false }, false);
        void fn;
        continue;
      }
      if (spec.isExtern) {
        const save = this.scopes;
        this.scopes = [save[0]];
        try {
          this.globalVariable(d, spec);
        } finally {
          this.scopes = save;
        }
        const g = this.scopes[0].vars.get(d.name.text);
        if (g) this.declare(d.name.text, g);
        continue;
      }
      if (spec.isStatic) {
        const v = newObj(d.name.text, d.ty, false, d.name);
        v.asmName = `${d.name.text}.${this.staticCount++}`;
        v.isStatic = true;
        v.isDefinition = true;
        Object.assign(v.attrs, spec.attrs, d.attrs);
        v.align = Math.max(v.ty.align, v.attrs.aligned ?? 0);
        this.globals.push(v);
        this.declare(d.name.text, { obj: v });
        if (this.consume('=')) this.globalInitializer(v);
        else if (v.ty.kind === 'array' && v.ty.arrayLen < 0) this.fail(`array size missing in '${v.name}'`, d.name);
        continue;
      }
      if (d.ty.kind === 'void') this.fail(`variable '${d.name.text}' declared void`, d.name);
      this.rejectFloat(d.ty, d.name, `variable '${d.name.text}'`);
      if (d.ty.vlaLen) {
        body.push(this.vlaDeclaration(d.name, d.ty));
        continue;
      }
      const v = this.newLocal(d.name.text, d.ty, d.name);
      const align = d.attrs.aligned ?? spec.attrs.aligned;
      if (align) v.align = Math.max(v.align, align);
      if (this.consume('=')) {
        const init = buildInitializer(this, v.ty);
        v.ty = init.ty;
        body.push({ kind: 'exprstmt', tok: d.name, lhs: lowerLocalInit(this, v, init, d.name) });
      }
      if (!v.ty.isComplete) this.fail(`storage size of '${v.name}' isn't known`, d.name);
    }
    return { kind: 'block', tok, body };
  }

  /** `T name[n]`: the storage comes off the stack at run time (never given back before return). */
  private vlaDeclaration(name: Token, ty: Type): Node {
    if (this.is('=')) this.fail('variable-length array may not be initialized', this.peek());
    const elem = ty.base!;
    const ptr = this.newTemp(pointerTo(elem));
    const size = this.newTemp(tyUInt);
    const bytes = this.binary('mul', this.cast(ty.vlaLen!, tyUInt), this.num(BigInt(elem.size), name, tyUInt), name);
    const setSize = this.assignNode(this.varNode(size, name), bytes, name);
    this.declare(name.text, { vla: { ptr, size, ty } });
    const alloc: Node = { kind: 'vlaalloc', tok: name, obj: ptr, lhs: this.varNode(size, name), ty: tyVoid };
    return { kind: 'exprstmt', tok: name, lhs: { kind: 'comma', tok: name, lhs: setSize, rhs: alloc, ty: tyVoid } };
  }

  private statement(): Node {
    const tok = this.peek();
    if (tok.kind === 'ident') {
      switch (tok.text) {
        case 'return': return this.returnStatement();
        case 'if': {
          this.next();
          this.expect('(');
          const cond = this.condition(this.expr());
          this.expect(')');
          const then = this.statement();
          const els = this.consume('else') ? this.statement() : undefined;
          return { kind: 'if', tok, cond, then, els };
        }
        case 'switch': return this.switchStatement();
        case 'case': {
          this.next();
          if (!this.currentSwitch) this.fail("'case' label not within a switch statement", tok);
          const sw = this.currentSwitch;
          const begin = this.constExpr();
          let end = begin;
          if (this.consume('...')) end = this.constExpr();
          this.expect(':');
          const condTy = sw.cond!.ty!;
          const node: Node = {
            kind: 'case', tok, label: this.newLabel('case'),
            caseBegin: wrapToType(begin, condTy), caseEnd: wrapToType(end, condTy),
          };
          for (const c of sw.cases!) {
            if (c.caseBegin! <= node.caseEnd! && node.caseBegin! <= c.caseEnd!) {
              this.report('duplicate case value', tok, [this.note('previously used here', c.tok)]);
              break;
            }
          }
          sw.cases!.push(node);
          node.lhs = this.is('}') ? { kind: 'nop', tok } : this.statement();
          return node;
        }
        case 'default': {
          this.next();
          if (!this.currentSwitch) this.fail("'default' label not within a switch statement", tok);
          this.expect(':');
          const node: Node = { kind: 'case', tok, label: this.newLabel('default') };
          if (this.currentSwitch.defaultCase) this.report('multiple default labels in one switch', tok);
          this.currentSwitch.defaultCase = node;
          node.lhs = this.is('}') ? { kind: 'nop', tok } : this.statement();
          return node;
        }
        case 'for': return this.forStatement();
        case 'while': {
          this.next();
          this.expect('(');
          const cond = this.condition(this.expr());
          this.expect(')');
          const node: Node = { kind: 'for', tok, cond };
          node.then = this.loopBody(node);
          return node;
        }
        case 'do': {
          this.next();
          const node: Node = { kind: 'do', tok };
          node.then = this.loopBody(node);
          this.expect('while');
          this.expect('(');
          node.cond = this.condition(this.expr());
          this.expect(')');
          this.expect(';');
          return node;
        }
        case 'goto': {
          this.next();
          if (this.is('*')) this.fail('computed goto is not supported by ClightX', tok);
          const name = this.expectIdent('a label name');
          this.expect(';');
          const node: Node = { kind: 'goto', tok: name, name: name.text };
          this.gotos.push(node);
          return node;
        }
        case 'break': {
          this.next();
          if (!this.brkLabel) this.fail("'break' statement not in loop or switch statement", tok);
          this.expect(';');
          return { kind: 'goto', tok, label: this.brkLabel };
        }
        case 'continue': {
          this.next();
          if (!this.contLabel) this.fail("'continue' statement not in a loop", tok);
          this.expect(';');
          return { kind: 'goto', tok, label: this.contLabel };
        }
        case 'asm': case '__asm__': case '__asm':
          return this.asmStatement();
        default:
          if (this.is(':', 1)) {
            this.next();
            this.next();
            this.attributesInto({});
            if (this.labels.some((l) => l.name === tok.text)) this.report(`duplicate label '${tok.text}'`, tok);
            const node: Node = { kind: 'label', tok, name: tok.text, label: this.newLabel('label') };
            this.labels.push(node);
            node.lhs = this.is('}') ? { kind: 'nop', tok } : this.isDeclarationStart() ? this.blockDeclaration() : this.statement();
            return node;
          }
      }
    }
    if (this.is('{')) return this.compoundStatement();
    if (this.consume(';')) return { kind: 'nop', tok };
    const e = this.expr();
    this.expect(';');
    return { kind: 'exprstmt', tok, lhs: e };
  }

  private loopBody(node: Node): Node {
    const brk = this.brkLabel;
    const cont = this.contLabel;
    node.brkLabel = this.brkLabel = this.newLabel('brk');
    node.contLabel = this.contLabel = this.newLabel('cont');
    try {
      return this.statement();
    } finally {
      this.brkLabel = brk;
      this.contLabel = cont;
    }
  }

  private forStatement(): Node {
    const tok = this.next();
    this.expect('(');
    this.enterScope();
    try {
      const node: Node = { kind: 'for', tok };
      if (this.isDeclarationStart()) node.init = this.blockDeclaration();
      else if (!this.consume(';')) {
        node.init = { kind: 'exprstmt', tok, lhs: this.expr() };
        this.expect(';');
      }
      if (!this.is(';')) node.cond = this.condition(this.expr());
      this.expect(';');
      if (!this.is(')')) node.inc = this.expr();
      this.expect(')');
      node.then = this.loopBody(node);
      return node;
    } finally {
      this.leaveScope();
    }
  }

  private switchStatement(): Node {
    const tok = this.next();
    this.expect('(');
    let cond = this.expr();
    if (!isInteger(cond.ty!)) this.fail('switch quantity not an integer', cond.tok);
    cond = this.cast(cond, promote(cond.ty!));
    this.expect(')');
    const node: Node = { kind: 'switch', tok, cond, cases: [] };
    const sw = this.currentSwitch;
    const brk = this.brkLabel;
    this.currentSwitch = node;
    node.brkLabel = this.brkLabel = this.newLabel('brk');
    try {
      node.then = this.statement();
    } finally {
      this.currentSwitch = sw;
      this.brkLabel = brk;
    }
    return node;
  }

  private returnStatement(): Node {
    const tok = this.next();
    const retTy = this.fn!.ty.returnTy!;
    if (this.consume(';')) {
      if (retTy.kind !== 'void') this.warn("'return' with no value, in function returning non-void", tok);
      return { kind: 'return', tok };
    }
    let e = this.expr();
    this.expect(';');
    if (retTy.kind === 'void') {
      if (e.ty!.kind !== 'void') this.report("'return' with a value, in function returning void", tok);
      return { kind: 'return', tok, lhs: e };
    }
    e = this.convertForAssign(e, retTy, 'return');
    return { kind: 'return', tok, lhs: e };
  }

  private asmStatement(): Node {
    const tok = this.next();
    let isVolatile = false;
    while (['volatile', '__volatile__', '__volatile', 'inline', '__inline__', 'goto'].includes(this.peek().text)) {
      if (this.peek().text === 'goto') this.fail('asm goto is not supported by ClightX', this.peek());
      if (this.next().text.includes('volatile')) isVolatile = true;
    }
    this.expect('(');
    const template = this.stringLiteralText();
    const outputs: AsmOperand[] = [];
    const inputs: AsmOperand[] = [];
    const clobbers: string[] = [];
    if (this.consume(':')) {
      this.asmOperands(outputs, true);
      if (this.consume(':')) {
        this.asmOperands(inputs, false);
        if (this.consume(':')) {
          while (this.peek().kind === 'string') {
            clobbers.push(this.stringLiteralText());
            if (!this.consume(',')) break;
          }
        }
      }
    } else if (this.is('::')) {
      this.fail("write ': :' for an asm statement without outputs", this.peek());
    }
    this.expect(')');
    this.expect(';');
    if (outputs.length === 0) isVolatile = true;
    return { kind: 'asm', tok, asm: { template, outputs, inputs, clobbers, isVolatile } };
  }

  private asmOperands(list: AsmOperand[], isOutput: boolean): void {
    if (this.is(':') || this.is(')')) return;
    for (;;) {
      let name: string | undefined;
      if (this.consume('[')) {
        name = this.expectIdent('an operand name').text;
        this.expect(']');
      }
      const ctok = this.peek();
      const constraint = this.stringLiteralText();
      this.expect('(');
      let expr = this.expr();
      this.expect(')');
      // As with a call argument, an array input in a register is its address (gcc does the same).
      if (!isOutput && expr.ty?.kind === 'array' && !/[moVg]/.test(constraint)) expr = this.cast(expr, pointerTo(expr.ty.base!));
      if (isOutput) {
        if (!constraint.startsWith('=') && !constraint.startsWith('+')) {
          this.fail(`output operand constraint '${constraint}' lacks '=' or '+'`, ctok);
        }
        this.checkLvalue(expr, 'asm output');
      }
      list.push({ constraint, name, expr });
      if (!this.consume(',')) return;
    }
  }

  // ---- expressions -------------------------------------------------------

  expr(): Node {
    let node = this.assign();
    while (this.is(',')) {
      const tok = this.next();
      const rhs = this.assign();
      node = { kind: 'comma', tok, lhs: node, rhs, ty: rhs.ty };
    }
    return node;
  }

  /** A controlling expression: any scalar. */
  private condition(e: Node): Node {
    if (!isScalar(e.ty!) && !isPointerLike(e.ty!) && e.ty!.kind !== 'func') {
      this.fail(`used ${typeName(e.ty!)} where a scalar is required`, e.tok);
    }
    return e;
  }

  private constExpr(): bigint {
    const tok = this.peek();
    const node = this.conditional();
    return this.evalConstNode(node, tok);
  }

  private evalConstNode(node: Node, tok: Token): bigint {
    const r = evalConst(node);
    if (r === undefined) this.fail('expression is not an integer constant expression', tok);
    return r;
  }

  private assign(): Node {
    const lhs = this.conditional();
    const tok = this.peek();
    if (tok.kind !== 'punct') return lhs;
    const op = tok.text;
    if (op === '=') {
      this.next();
      this.checkLvalue(lhs, 'assignment');
      const rhs = this.assign();
      return this.assignNode(lhs, rhs, tok);
    }
    const binops: Record<string, NodeKind> = {
      '+=': 'add', '-=': 'sub', '*=': 'mul', '/=': 'div', '%=': 'mod', '<<=': 'shl', '>>=': 'shr',
      '&=': 'and', '|=': 'or', '^=': 'xor',
    };
    const kind = binops[op];
    if (!kind) return lhs;
    this.next();
    this.checkLvalue(lhs, 'assignment');
    const rhs = this.assign();
    return this.compoundAssign(lhs, kind, rhs, tok);
  }

  private checkLvalue(node: Node, what: string): void {
    const k = node.kind;
    const isLv = k === 'var' || k === 'deref' || k === 'member' || (k === 'comma' && false);
    if (!isLv || node.ty!.kind === 'array' || node.ty!.kind === 'func') {
      this.fail(`lvalue required as left operand of ${what}`, node.tok);
    }
    if (node.ty!.isConst && what === 'assignment') this.fail(`assignment of read-only location`, node.tok);
  }

  assignNode(lhs: Node, rhs: Node, tok: Token): Node {
    rhs = this.convertForAssign(rhs, lhs.ty!, 'assignment');
    return { kind: 'assign', tok, lhs, rhs, ty: unqualified(lhs.ty!) };
  }

  /** Converts for assignment, initialization, argument passing and return (6.5.16.1). */
  convertForAssign(rhs: Node, ty: Type, what: string): Node {
    const rt = rhs.ty!;
    if (ty.kind === 'struct' || ty.kind === 'union') {
      if (!isCompatible(unqualified(ty), unqualified(rt))) {
        this.fail(`incompatible types in ${what}: '${typeName(rt)}' to '${typeName(ty)}'`, rhs.tok);
      }
      return rhs;
    }
    if (ty.kind === 'void') return rhs;
    if (!isScalar(rt) && !isPointerLike(rt) && rt.kind !== 'func') {
      this.fail(`incompatible types in ${what}: '${typeName(rt)}' to '${typeName(ty)}'`, rhs.tok);
    }
    if (ty.kind === 'ptr' && isInteger(rt) && !(rhs.kind === 'num' || isNullConstant(rhs))) {
      this.warn(`${what} makes pointer from integer without a cast`, rhs.tok);
    } else if (isInteger(ty) && ty.kind !== 'bool' && (rt.kind === 'ptr' || rt.kind === 'array')) {
      this.warn(`${what} makes integer from pointer without a cast`, rhs.tok);
    }
    return this.cast(rhs, ty);
  }

  /** `a op= b` as `tmp = &a, *tmp = *tmp op b`, so a is evaluated once. */
  private compoundAssign(lhs: Node, kind: NodeKind, rhs: Node, tok: Token): Node {
    if (lhs.kind === 'var') {
      const value = this.binary(kind, lhs, rhs, tok);
      return this.assignNode(lhs, value, tok);
    }
    if (lhs.kind === 'member' && lhs.member!.isBitfield) {
      const baseTmp = this.tempFor(pointerTo(lhs.lhs!.ty!));
      const setBase = this.assignNode(this.varNode(baseTmp, tok), this.addrOf(lhs.lhs!, tok), tok);
      const target = this.memberNode(this.deref(this.varNode(baseTmp, tok), tok), lhs.member!, tok);
      const value = this.binary(kind, target, rhs, tok);
      const store = this.assignNode(this.memberNode(this.deref(this.varNode(baseTmp, tok), tok), lhs.member!, tok), value, tok);
      return { kind: 'comma', tok, lhs: setBase, rhs: store, ty: store.ty };
    }
    const tmp = this.tempFor(pointerTo(lhs.ty!));
    const setTmp = this.assignNode(this.varNode(tmp, tok), this.addrOf(lhs, tok), tok);
    const value = this.binary(kind, this.deref(this.varNode(tmp, tok), tok), rhs, tok);
    const store = this.assignNode(this.deref(this.varNode(tmp, tok), tok), value, tok);
    return { kind: 'comma', tok, lhs: setTmp, rhs: store, ty: store.ty };
  }

  private tempFor(ty: Type): Obj {
    if (!this.fn) this.fail('expression needs a function context', this.peek());
    return this.newTemp(ty);
  }

  private conditional(): Node {
    const cond = this.logor();
    if (!this.is('?')) return cond;
    const tok = this.next();
    this.condition(cond);
    if (this.is(':')) {
      // GNU `a ?: b`.
      this.next();
      const els = this.conditional();
      const tmp = this.tempFor(cond.ty!.kind === 'array' ? pointerTo(cond.ty!.base!) : unqualified(cond.ty!));
      const set = this.assignNode(this.varNode(tmp, tok), cond, tok);
      return this.conditionalNode({ kind: 'comma', tok, lhs: set, rhs: this.varNode(tmp, tok), ty: tmp.ty }, this.varNode(tmp, tok), els, tok);
    }
    const then = this.expr();
    this.expect(':');
    const els = this.conditional();
    return this.conditionalNode(cond, then, els, tok);
  }

  private conditionalNode(cond: Node, then: Node, els: Node, tok: Token): Node {
    const t = then.ty!;
    const e = els.ty!;
    let ty: Type;
    if (t.kind === 'void' || e.kind === 'void') ty = tyVoid;
    else if (isInteger(t) && isInteger(e)) ty = commonType(t, e);
    else if (isPointerLike(t) || isPointerLike(e) || t.kind === 'func' || e.kind === 'func') {
      const pt = t.kind === 'array' ? pointerTo(t.base!) : t.kind === 'func' ? pointerTo(t) : t;
      const pe = e.kind === 'array' ? pointerTo(e.base!) : e.kind === 'func' ? pointerTo(e) : e;
      if (pt.kind !== 'ptr') ty = pe;
      else if (pe.kind !== 'ptr') ty = pt;
      else if (pt.base!.kind === 'void' && !isNullConstant(then)) ty = pt;
      else if (pe.base!.kind === 'void' && !isNullConstant(els)) ty = pe;
      else if (isNullConstant(then)) ty = pe;
      else ty = pt;
    } else {
      if (!isCompatible(unqualified(t), unqualified(e))) this.fail(`type mismatch in conditional expression: '${typeName(t)}' and '${typeName(e)}'`, tok);
      ty = unqualified(t);
    }
    if (ty.kind !== 'void' && ty.kind !== 'struct' && ty.kind !== 'union') {
      then = this.cast(then, ty);
      els = this.cast(els, ty);
    }
    return { kind: 'cond', tok, cond, then, els, ty };
  }

  private logor(): Node {
    return this.binaryOperators(LOGOR_PRECEDENCE);
  }

  /**
   * The binary operators from || down to * / %, by precedence climbing: one call per
   * operand and operator instead of one per precedence level (ten of them) per operand.
   * Builds the same left-associative tree, in the same order, as a function per level.
   */
  private binaryOperators(minPrecedence: number): Node {
    let node = this.castExpr();
    for (;;) {
      const tok = this.peek();
      const precedence = tok.kind === 'punct' || tok.kind === 'ident' ? binaryPrecedence(tok.text) : 0;
      if (precedence < minPrecedence || precedence === 0) return node;
      this.next();
      const rhs = this.binaryOperators(precedence + 1);
      node = this.binaryNode(tok, node, rhs);
    }
  }

  private binaryNode(tok: Token, lhs: Node, rhs: Node): Node {
    switch (tok.text) {
      case '||': return { kind: 'logor', tok, lhs: this.condition(lhs), rhs: this.condition(rhs), ty: tyInt };
      case '&&': return { kind: 'logand', tok, lhs: this.condition(lhs), rhs: this.condition(rhs), ty: tyInt };
      case '|': return this.binary('or', lhs, rhs, tok);
      case '^': return this.binary('xor', lhs, rhs, tok);
      case '&': return this.binary('and', lhs, rhs, tok);
      case '==': return this.binary('eq', lhs, rhs, tok);
      case '!=': return this.binary('ne', lhs, rhs, tok);
      case '<': return this.binary('lt', lhs, rhs, tok);
      case '<=': return this.binary('le', lhs, rhs, tok);
      case '>': return this.binary('lt', rhs, lhs, tok);
      case '>=': return this.binary('le', rhs, lhs, tok);
      case '<<': return this.binary('shl', lhs, rhs, tok);
      case '>>': return this.binary('shr', lhs, rhs, tok);
      case '+': return this.binary('add', lhs, rhs, tok);
      case '-': return this.binary('sub', lhs, rhs, tok);
      case '*': return this.binary('mul', lhs, rhs, tok);
      case '/': return this.binary('div', lhs, rhs, tok);
      default: return this.binary('mod', lhs, rhs, tok);
    }
  }

  /** Builds a typed binary node, applying conversions and pointer scaling. */
  binary(kind: NodeKind, lhs: Node, rhs: Node, tok: Token): Node {
    const lt = lhs.ty!;
    const rt = rhs.ty!;
    const lptr = isPointerLike(lt) || lt.kind === 'func';
    const rptr = isPointerLike(rt) || rt.kind === 'func';
    if (kind === 'add' || kind === 'sub') {
      if (lptr && isInteger(rt)) return this.pointerOffset(kind, lhs, rhs, tok);
      if (kind === 'add' && rptr && isInteger(lt)) return this.pointerOffset(kind, rhs, lhs, tok);
      if (kind === 'sub' && lptr && rptr) {
        const elem = lt.kind === 'func' ? tyChar : lt.base!;
        const diff: Node = { kind: 'sub', tok, lhs: this.cast(lhs, tyInt), rhs: this.cast(rhs, tyInt), ty: tyInt };
        const size = elem.kind === 'void' ? 1 : elem.size;
        if (size <= 1) return diff;
        return { kind: 'div', tok, lhs: diff, rhs: this.num(BigInt(size), tok), ty: tyInt };
      }
    }
    if (kind === 'eq' || kind === 'ne' || kind === 'lt' || kind === 'le') {
      if (lptr || rptr) {
        if ((lptr && !rptr && !isInteger(rt)) || (rptr && !lptr && !isInteger(lt))) this.invalidOperands(tok, lt, rt);
        return { kind, tok, lhs: this.cast(lhs, tyUInt), rhs: this.cast(rhs, tyUInt), ty: tyInt };
      }
      this.requireArith(tok, lt, rt);
      const ty = commonType(lt, rt);
      return { kind, tok, lhs: this.cast(lhs, ty), rhs: this.cast(rhs, ty), ty: tyInt };
    }
    this.requireArith(tok, lt, rt);
    if (kind === 'shl' || kind === 'shr') {
      const ty = promote(lt);
      return { kind, tok, lhs: this.cast(lhs, ty), rhs: this.cast(rhs, tyInt), ty };
    }
    const ty = commonType(lt, rt);
    return { kind, tok, lhs: this.cast(lhs, ty), rhs: this.cast(rhs, ty), ty };
  }

  private requireArith(tok: Token, lt: Type, rt: Type): void {
    if (!isInteger(lt) || !isInteger(rt)) this.invalidOperands(tok, lt, rt);
  }

  private invalidOperands(tok: Token, lt: Type, rt: Type): never {
    this.fail(`invalid operands to binary '${tok.text.replace(/=$/, '') || tok.text}' (have '${typeName(lt)}' and '${typeName(rt)}')`, tok);
  }

  private pointerOffset(kind: NodeKind, ptr: Node, idx: Node, tok: Token): Node {
    const pt = ptr.ty!.kind === 'func' ? pointerTo(ptr.ty!) : ptr.ty!;
    const elem = pt.kind === 'ptr' && pt.base!.kind === 'func' ? tyChar : pt.base!;
    if (!elem.isComplete && elem.kind !== 'void' && elem.kind !== 'func') {
      this.fail(`arithmetic on a pointer to an incomplete type '${typeName(elem)}'`, tok);
    }
    const size = elem.kind === 'void' || elem.kind === 'func' ? 1 : elem.size;
    let offset = this.cast(idx, tyInt);
    if (size !== 1) offset = { kind: 'mul', tok, lhs: offset, rhs: this.num(BigInt(size), tok), ty: tyInt };
    const resultTy = pt.kind === 'array' ? pointerTo(pt.base!) : pt;
    return { kind, tok, lhs: this.cast(ptr, resultTy), rhs: offset, ty: resultTy };
  }

  num(val: bigint, tok: Token, ty: Type = tyInt): Node {
    return { kind: 'num', tok, val: wrapToType(val, ty), ty };
  }

  cast(node: Node, ty: Type): Node {
    const from = node.ty!;
    if (ty.kind === 'void') return { kind: 'cast', tok: node.tok, lhs: node, ty: tyVoid };
    if (from === ty) return node;
    if (from.kind === ty.kind && from.size === ty.size && from.isUnsigned === ty.isUnsigned &&
        ty.kind !== 'ptr' && ty.kind !== 'struct' && ty.kind !== 'union' && ty.kind !== 'array') {
      return node.kind === 'num' ? { ...node, ty: unqualified(ty) } : { kind: 'cast', tok: node.tok, lhs: node, ty: unqualified(ty) };
    }
    if (node.kind === 'num' && isScalar(ty)) return { kind: 'num', tok: node.tok, val: wrapToType(node.val!, ty), ty: unqualified(ty) };
    return { kind: 'cast', tok: node.tok, lhs: node, ty: unqualified(ty) };
  }

  private castExpr(): Node {
    if (this.is('(') && this.isTypename(this.peek(1))) {
      const save = this.pos;
      const tok = this.next();
      const ty = this.typename();
      this.expect(')');
      if (this.is('{')) {
        this.pos = save;
        return this.unary();
      }
      const operand = this.castExpr();
      this.rejectFloat(ty, tok, 'cast');
      // GNU: a cast to the operand's own struct or union type is a no-op.
      if ((ty.kind === 'struct' || ty.kind === 'union') && isCompatible(unqualified(ty), unqualified(operand.ty!))) return operand;
      if (ty.kind !== 'void' && !isScalar(ty)) this.fail(`conversion to non-scalar type '${typeName(ty)}' requested`, tok);
      if (ty.kind !== 'void' && !isScalar(operand.ty!) && !isPointerLike(operand.ty!) && operand.ty!.kind !== 'func') {
        this.fail(`cannot convert '${typeName(operand.ty!)}' to '${typeName(ty)}'`, tok);
      }
      const c = this.cast(operand, ty);
      if (c === operand || c.kind === 'num') return { ...c, tok, ty: unqualified(ty) };
      return { ...c, tok };
    }
    return this.unary();
  }

  private unary(): Node {
    const tok = this.peek();
    if (tok.kind === 'punct') {
      switch (tok.text) {
        case '+': {
          this.next();
          const e = this.castExpr();
          if (!isInteger(e.ty!)) this.fail("wrong type argument to unary plus", tok);
          return this.cast(e, promote(e.ty!));
        }
        case '-': {
          this.next();
          const e = this.castExpr();
          if (!isInteger(e.ty!)) this.fail('wrong type argument to unary minus', tok);
          const ty = promote(e.ty!);
          return { kind: 'neg', tok, lhs: this.cast(e, ty), ty };
        }
        case '&': {
          this.next();
          const e = this.castExpr();
          return this.addrOf(e, tok);
        }
        case '*': {
          this.next();
          const e = this.castExpr();
          return this.deref(e, tok);
        }
        case '!': {
          this.next();
          const e = this.condition(this.castExpr());
          return { kind: 'not', tok, lhs: e, ty: tyInt };
        }
        case '~': {
          this.next();
          const e = this.castExpr();
          if (!isInteger(e.ty!)) this.fail('wrong type argument to bit-complement', tok);
          const ty = promote(e.ty!);
          return { kind: 'bitnot', tok, lhs: this.cast(e, ty), ty };
        }
        case '++': case '--': {
          this.next();
          const e = this.unary();
          this.checkLvalue(e, tok.text === '++' ? 'increment' : 'decrement');
          return this.compoundAssign(e, tok.text === '++' ? 'add' : 'sub', this.num(1n, tok), tok);
        }
        case '&&':
          this.fail('taking the address of a label is not supported by ClightX', tok);
      }
    }
    if (tok.kind === 'ident') {
      if (tok.text === 'sizeof' || tok.text === '_Alignof' || tok.text === '__alignof__' || tok.text === '__alignof') {
        this.next();
        const isSize = tok.text === 'sizeof';
        let ty: Type;
        if (this.is('(') && this.isTypename(this.peek(1))) {
          const save = this.pos;
          this.next();
          ty = this.typename();
          this.expect(')');
          if (this.is('{')) {
            this.pos = save;
            ty = this.unary().ty!;
          }
        } else {
          const e = this.unary();
          if (e.kind === 'member' && e.member!.isBitfield) this.fail("'sizeof' applied to a bit-field", tok);
          if (e.vlaSize && isSize) return this.varNode(e.vlaSize, tok);
          ty = e.ty!;
        }
        if (ty.kind === 'func') return this.num(1n, tok, tyUInt);
        if (!ty.isComplete && ty.kind !== 'void') this.fail(`invalid application of '${tok.text}' to incomplete type '${typeName(ty)}'`, tok);
        return this.num(BigInt(isSize ? (ty.kind === 'void' ? 1 : ty.size) : ty.align), tok, tyUInt);
      }
      if (tok.text === '__extension__') {
        this.next();
        return this.castExpr();
      }
    }
    return this.postfix();
  }

  addrOf(e: Node, tok: Token): Node {
    if (e.kind === 'member' && e.member!.isBitfield) this.fail('cannot take address of bit-field', tok);
    if (e.kind === 'var' || e.kind === 'deref' || e.kind === 'member' || (e.kind === 'stmtexpr' && false)) {
      if (e.kind === 'var' && e.obj!.isFunction) this.noteRef(e.obj!, tok);
      return { kind: 'addr', tok, lhs: e, ty: pointerTo(e.ty!) };
    }
    if (e.kind === 'cast' && (e.ty!.kind === 'ptr') && e.lhs!.ty!.kind === 'func') return this.addrOf(e.lhs!, tok);
    if (e.kind === 'comma' && e.rhs!.kind === 'var') {
      // A compound literal: (setup, object).
      const rhs = this.addrOf(e.rhs!, tok);
      return { kind: 'comma', tok, lhs: e.lhs, rhs, ty: rhs.ty };
    }
    this.fail('lvalue required as unary \'&\' operand', tok);
  }

  deref(e: Node, tok: Token): Node {
    const t = e.ty!;
    if (t.kind === 'func') return e;
    if (t.kind !== 'ptr' && t.kind !== 'array') this.fail(`invalid type argument of unary '*' (have '${typeName(t)}')`, tok);
    const base = t.base!;
    // `*fp` of a function pointer designates the function; calls accept the pointer as is.
    if (base.kind === 'func') return e;
    if (base.kind === 'void') this.fail("dereferencing 'void *' pointer", tok);
    return { kind: 'deref', tok, lhs: e, ty: base };
  }

  private postfix(): Node {
    let node: Node;
    if (this.is('(') && this.isTypename(this.peek(1))) {
      // Compound literal.
      const tok = this.next();
      const ty = this.typename();
      this.expect(')');
      node = this.compoundLiteral(ty, tok);
    } else {
      node = this.primary();
    }
    for (;;) {
      const tok = this.peek();
      if (tok.kind !== 'punct') return node;
      if (tok.text === '(') {
        this.next();
        node = this.call(node, tok);
      } else if (tok.text === '[') {
        this.next();
        const idx = this.expr();
        this.expect(']');
        const lp = isPointerLike(node.ty!);
        if (!lp && !isPointerLike(idx.ty!)) this.fail('subscripted value is neither array nor pointer', tok);
        node = this.deref(this.binary('add', node, idx, tok), tok);
      } else if (tok.text === '.') {
        this.next();
        node = this.structRef(node, this.expectIdent('a member name'));
      } else if (tok.text === '->') {
        this.next();
        node = this.structRef(this.deref(node, tok), this.expectIdent('a member name'));
      } else if (tok.text === '++' || tok.text === '--') {
        this.next();
        node = this.postIncrement(node, tok.text === '++' ? 1n : -1n, tok);
      } else return node;
    }
  }

  /** `a++` as `(typeof a)((a += 1) - 1)`, wrapping exactly as the type does. */
  private postIncrement(e: Node, delta: bigint, tok: Token): Node {
    this.checkLvalue(e, delta > 0n ? 'increment' : 'decrement');
    const one = this.num(1n, tok);
    const upd = this.compoundAssign(e, delta > 0n ? 'add' : 'sub', one, tok);
    const back = this.binary(delta > 0n ? 'sub' : 'add', upd, this.num(1n, tok), tok);
    return this.cast(back, unqualified(e.ty!));
  }

  private structRef(node: Node, name: Token): Node {
    const t = node.ty!;
    if (t.kind !== 'struct' && t.kind !== 'union') this.fail(`request for member '${name.text}' in something not a structure or union`, name);
    if (!t.isComplete) this.fail(`dereferencing pointer to incomplete type '${typeName(t)}'`, name);
    const path = findMember(t, name.text);
    if (!path) this.fail(`'${typeName(t)}' has no member named '${name.text}'`, name);
    for (const m of path) node = this.memberNode(node, m, name);
    return node;
  }

  memberNode(node: Node, m: Member, tok: Token): Node {
    let ty = qualified(m.ty, node.ty!.isConst, node.ty!.isVolatile);
    // A bit-field narrower than int promotes as an int (6.3.1.1).
    if (m.isBitfield && m.bitWidth < 32 && m.ty.size <= 4 && m.ty.kind !== 'bool') ty = qualified(tyInt, ty.isConst, ty.isVolatile);
    if (m.isBitfield && m.ty.size === 8) ty = m.bitWidth < 32 ? tyInt : m.ty;
    return { kind: 'member', tok, lhs: node, member: m, ty };
  }

  private compoundLiteral(ty: Type, tok: Token): Node {
    if (!this.fn) {
      const v = this.newAnonGlobal(ty, tok, 'compound');
      this.globalInitializer(v);
      return this.varNode(v, tok);
    }
    const v = this.newTemp(ty);
    const init = buildInitializer(this, ty);
    v.ty = init.ty;
    v.align = v.ty.align;
    const setup = lowerLocalInit(this, v, init, tok);
    return { kind: 'comma', tok, lhs: setup, rhs: this.varNode(v, tok), ty: v.ty };
  }

  varNode(obj: Obj, tok: Token): Node {
    return { kind: 'var', tok, obj, ty: obj.ty };
  }

  /** Functions whose address is taken (rather than only called), with where. */
  readonly addressTaken = new Set<Token>();

  private noteRef(obj: Obj, tok: Token, isCall = false): void {
    obj.isReferenced = true;
    const refs = this.fn?.refs ?? this.fileRefs;
    if (!refs.has(obj.name)) refs.set(obj.name, tok);
    if (obj.isFunction && !isCall) this.addressTaken.add(tok);
  }

  /** The file-scope declaration of a name, after parsing. */
  lookupGlobal(name: string): Obj | undefined {
    return this.scopes[0].vars.get(name)?.obj;
  }

  /**
   * Parses one declaration (a prototype from the layer interface) in the file scope
   * of this translation unit; undefined if it does not parse here.
   */
  parseDeclaration(tokens: Token[]): { name: string; ty: Type } | undefined {
    const saved = { tokens: this.tokens, pos: this.pos, diags: this.diagnostics.length, errors: this.errorCount, scopes: this.scopes };
    this.tokens = tokens;
    this.pos = 0;
    this.scopes = [this.scopes[0]];
    try {
      const spec = this.declspec(true);
      const d = this.declarator(spec.ty);
      this.attributesInto(d.attrs);
      this.consume(';');
      if (!d.name || !this.atEof()) return undefined;
      return { name: d.name.text, ty: d.ty };
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      return undefined;
    } finally {
      this.tokens = saved.tokens;
      this.pos = saved.pos;
      this.diagnostics.length = saved.diags;
      this.errorCount = saved.errors;
      this.scopes = saved.scopes;
    }
  }

  private call(fnNode: Node, tok: Token): Node {
    let fty = fnNode.ty!;
    if (fty.kind === 'ptr' && fty.base!.kind === 'func') fty = fty.base!;
    if (fty.kind !== 'func') this.fail(`called object is not a function or function pointer (type '${typeName(fnNode.ty!)}')`, fnNode.tok);
    this.rejectFloat(fty, tok, `call of '${fnNode.kind === 'var' ? fnNode.obj!.name : 'function'}'`);
    const args: Node[] = [];
    let i = 0;
    while (!this.consume(')')) {
      if (i > 0) this.expect(',');
      let arg = this.assign();
      const at = arg.ty!;
      if (fty.hasProto && i < fty.params.length) {
        arg = this.convertForAssign(arg, fty.params[i].ty, `argument ${i + 1} of '${fnNode.kind === 'var' ? fnNode.obj!.name : 'call'}'`);
      } else {
        if (fty.hasProto && !fty.isVariadic) this.fail(`too many arguments to function '${fnNode.kind === 'var' ? fnNode.obj!.name : 'call'}'`, arg.tok);
        if (at.kind === 'array') arg = this.cast(arg, pointerTo(at.base!));
        else if (at.kind === 'func') arg = this.cast(arg, pointerTo(at));
        else if (isInteger(at)) arg = this.cast(arg, promote(at));
        else if (at.kind === 'void') this.fail('invalid use of void expression', arg.tok);
      }
      args.push(arg);
      i++;
    }
    if (fty.hasProto && i < fty.params.length) {
      this.fail(`too few arguments to function '${fnNode.kind === 'var' ? fnNode.obj!.name : 'call'}'`, this.peek(-1));
    }
    if (fnNode.kind === 'var' && fnNode.obj!.isFunction && this.fn && this.importer?.has(fnNode.obj!.name)) {
      const inlined = this.importer.inline(this, fnNode.obj!.name, args, fnNode.tok);
      if (inlined) return inlined;
    }
    if (fnNode.kind === 'var' && fnNode.obj!.isFunction) this.noteRef(fnNode.obj!, fnNode.tok, true);
    const retTy = fty.returnTy!;
    const node: Node = { kind: 'call', tok, lhs: fnNode, funcTy: fty, args, ty: retTy };
    if ((retTy.kind === 'struct' || retTy.kind === 'union')) {
      if (!retTy.isComplete) this.fail(`calling function with incomplete return type '${typeName(retTy)}'`, tok);
      node.retBuf = this.tempFor(retTy);
    }
    return node;
  }

  private primary(): Node {
    const tok = this.peek();
    if (this.is('(')) {
      this.next();
      if (this.is('{')) {
        if (!this.fn) this.fail('statement expressions are not allowed outside functions', tok);
        const block = this.compoundStatement();
        this.expect(')');
        const stmts = block.body!;
        const last = lastExprStatement(stmts);
        return { kind: 'stmtexpr', tok, body: stmts, ty: last ? last.ty! : tyVoid };
      }
      const e = this.expr();
      this.expect(')');
      return e;
    }
    if (tok.kind === 'number') {
      this.next();
      try {
        const { val, ty } = parseInteger(tok);
        return { kind: 'num', tok, val, ty };
      } catch (e) {
        if (e instanceof LiteralError) this.fail(e.message, tok);
        throw e;
      }
    }
    if (tok.kind === 'char') {
      this.next();
      try {
        const { val, ty } = parseCharConstant(tok.text);
        return { kind: 'num', tok, val, ty };
      } catch (e) {
        if (e instanceof LiteralError) this.fail(e.message, tok);
        throw e;
      }
    }
    if (tok.kind === 'string') {
      const lit = this.peekStringLiteral();
      while (this.peek().kind === 'string') this.next();
      return this.varNode(this.stringLiteral(lit, tok), tok);
    }
    if (tok.kind === 'ident') {
      const builtin = this.builtin(tok);
      if (builtin) return builtin;
      this.next();
      const entry = this.lookup(tok.text);
      if (entry?.obj) {
        const obj = entry.obj;
        if (obj.isFunction) obj.isReferenced = true;
        else if (!obj.isLocal) this.noteRef(obj, tok);
        if (obj.isFunction && !this.is('(')) this.noteRef(obj, tok);
        return this.varNode(obj, tok);
      }
      if (entry?.vla) {
        const { ptr, size, ty } = entry.vla;
        return { kind: 'deref', tok, lhs: this.varNode(ptr, tok), ty, vlaSize: size };
      }
      if (entry?.enumTy) return { kind: 'num', tok, val: entry.enumVal!, ty: tyInt };
      if (entry?.typedef) this.fail(`unexpected type name '${tok.text}': expected an expression`, tok);
      if (this.is('(')) {
        // C89 implicit declaration: int name().
        this.warn(`implicit declaration of function '${tok.text}'`, tok);
        const fn = newObj(tok.text, funcType(tyInt, [], false, false), false, tok);
        this.globals.push(fn);
        this.scopes[0].vars.set(tok.text, { obj: fn });
        return this.varNode(fn, tok);
      }
      this.fail(`'${tok.text}' undeclared`, tok);
    }
    if (tok.kind === 'eof') this.fail('expected an expression at end of input', tok);
    this.fail(`expected an expression before '${tok.text}'`, tok);
  }

  stringLiteral(lit: { units: number[]; elem: Type }, tok: Token): Obj {
    const key = `${lit.elem.size}:${lit.units.join(',')}`;
    const found = this.strings.get(key);
    if (found) return found;
    const ty = arrayOf(lit.elem, lit.units.length);
    const v = this.newAnonGlobal(ty, tok, 'str');
    const bytes = new Uint8Array(ty.size);
    const dv = new DataView(bytes.buffer);
    lit.units.forEach((u, i) => {
      if (lit.elem.size === 1) bytes[i] = u & 0xff;
      else if (lit.elem.size === 2) dv.setUint16(i * 2, u & 0xffff, true);
      else dv.setUint32(i * 4, u >>> 0, true);
    });
    v.initData = bytes;
    v.isStringLiteral = true;
    this.strings.set(key, v);
    return v;
  }

  /** GCC builtins the kernel and <stdarg.h> need. */
  private builtin(tok: Token): Node | undefined {
    switch (tok.text) {
      case '__builtin_va_start': {
        this.next();
        this.expect('(');
        const ap = this.assign();
        this.expect(',');
        const last = this.assign();
        this.expect(')');
        if (!this.fn || !this.fn.ty.isVariadic) this.fail("'va_start' used in function with fixed arguments", tok);
        void last;
        this.checkLvalue(ap, 'va_start');
        return { kind: 'vastart', tok, lhs: ap, ty: tyVoid };
      }
      case '__builtin_va_arg': {
        this.next();
        this.expect('(');
        const ap = this.assign();
        this.expect(',');
        const ty = this.typename();
        this.expect(')');
        this.checkLvalue(ap, 'va_arg');
        if (!ty.isComplete) this.fail(`va_arg of incomplete type '${typeName(ty)}'`, tok);
        return { kind: 'vaarg', tok, lhs: ap, ty };
      }
      case '__builtin_va_end': {
        this.next();
        this.expect('(');
        const ap = this.assign();
        this.expect(')');
        return { kind: 'cast', tok, lhs: ap, ty: tyVoid };
      }
      case '__builtin_va_copy': {
        this.next();
        this.expect('(');
        const dst = this.assign();
        this.expect(',');
        const src = this.assign();
        this.expect(')');
        this.checkLvalue(dst, 'va_copy');
        return this.assignNode(dst, src, tok);
      }
      case '__builtin_expect': {
        this.next();
        this.expect('(');
        const e = this.assign();
        this.expect(',');
        this.assign();
        this.expect(')');
        return e;
      }
      case '__builtin_constant_p': {
        this.next();
        this.expect('(');
        const e = this.assign();
        this.expect(')');
        return this.num(evalConst(e) !== undefined ? 1n : 0n, tok);
      }
      case '__builtin_unreachable': case '__builtin_trap': {
        this.next();
        this.expect('(');
        this.expect(')');
        if (tok.text === '__builtin_trap') return { kind: 'asm', tok, asm: { template: 'ud2', outputs: [], inputs: [], clobbers: [], isVolatile: true }, ty: tyVoid };
        return { kind: 'cast', tok, lhs: this.num(0n, tok), ty: tyVoid };
      }
      case '__builtin_offsetof': {
        this.next();
        this.expect('(');
        const ty = this.typename();
        this.expect(',');
        let offset = 0;
        let cur = ty;
        for (let first = true; ; first = false) {
          if (!first && this.consume('[')) {
            if (cur.kind !== 'array') this.fail('subscript of a non-array in offsetof', this.peek());
            offset += Number(this.constExpr()) * cur.base!.size;
            cur = cur.base!;
            this.expect(']');
            continue;
          }
          if (!first && !this.consume('.')) break;
          const name = this.expectIdent('a member name');
          if (cur.kind !== 'struct' && cur.kind !== 'union') this.fail('offsetof of a non-struct', name);
          const path = findMember(cur, name.text);
          if (!path) this.fail(`'${typeName(cur)}' has no member named '${name.text}'`, name);
          for (const m of path) offset += m.offset;
          cur = path[path.length - 1].ty;
        }
        this.expect(')');
        return this.num(BigInt(offset), tok, tyUInt);
      }
      case '_Generic': {
        this.next();
        this.expect('(');
        const ctl = this.assign();
        let cty = ctl.ty!;
        if (cty.kind === 'array') cty = pointerTo(cty.base!);
        else if (cty.kind === 'func') cty = pointerTo(cty);
        cty = unqualified(cty);
        let chosen: Node | undefined;
        let fallback: Node | undefined;
        while (this.consume(',')) {
          if (this.consume('default')) {
            this.expect(':');
            fallback = this.assign();
            continue;
          }
          const t = this.typename();
          this.expect(':');
          const e = this.assign();
          if (!chosen && isCompatible(unqualified(t), cty)) chosen = e;
        }
        this.expect(')');
        const r = chosen ?? fallback;
        if (!r) this.fail(`'_Generic' selector of type '${typeName(cty)}' is not compatible with any association`, tok);
        return r;
      }
      case '__builtin_types_compatible_p': {
        this.next();
        this.expect('(');
        const a = this.typename();
        this.expect(',');
        const b = this.typename();
        this.expect(')');
        return this.num(isCompatible(unqualified(a), unqualified(b)) ? 1n : 0n, tok);
      }
      default:
        return undefined;
    }
  }
}

/** The member path to `name`, descending into anonymous struct/union members. */
export function findMember(ty: Type, name: string): Member[] | undefined {
  for (const m of ty.members) {
    if (m.name === name) return [m];
    if (m.name === undefined && (m.ty.kind === 'struct' || m.ty.kind === 'union')) {
      const sub = findMember(m.ty, name);
      if (sub) return [m, ...sub];
    }
  }
  return undefined;
}

function lastExprStatement(stmts: Node[]): Node | undefined {
  const last = stmts[stmts.length - 1];
  if (last?.kind === 'exprstmt') return last.lhs;
  return undefined;
}

export function isNullConstant(n: Node): boolean {
  let e = n;
  while (e.kind === 'cast' && (e.ty!.kind === 'ptr' || isInteger(e.ty!))) {
    if (e.ty!.kind === 'ptr' && e.ty!.base!.kind !== 'void') return false;
    e = e.lhs!;
  }
  return isInteger(e.ty!) && evalConst(e) === 0n;
}

const LOGOR_PRECEDENCE = 1;

/** How tightly a binary operator binds (|| loosest), or 0 for anything else. */
function binaryPrecedence(text: string): number {
  switch (text) {
    case '||': return LOGOR_PRECEDENCE;
    case '&&': return 2;
    case '|': return 3;
    case '^': return 4;
    case '&': return 5;
    case '==': case '!=': return 6;
    case '<': case '<=': case '>': case '>=': return 7;
    case '<<': case '>>': return 8;
    case '+': case '-': return 9;
    case '*': case '/': case '%': return 10;
    default: return 0;
  }
}
