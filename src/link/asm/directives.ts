// Assembler directives (`.section`, `.long`, `.p2align`, `.globl`, …), one small
// function each, dispatched by name from a table.

import {
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHF_MERGE,
  SHF_STRINGS,
  SHF_WRITE,
  SHT_FINI_ARRAY,
  SHT_INIT_ARRAY,
  SHT_NOBITS,
  SHT_NOTE,
  SHT_PROGBITS,
  STT_FUNC,
  STT_NOTYPE,
  STT_OBJECT,
} from '../elf/constants.js';
import type { Assembler } from './assembler.js';
import { Cursor, StatementError } from './cursor.js';
import { ESCAPES, type Expr, parseExpr } from './expr.js';
import { endOfString } from './source.js';

type Directive = (asm: Assembler, cur: Cursor, at: number, name: string) => void;

const DIRECTIVES = new Map<string, Directive>();

function directive(names: string, fn: Directive): void {
  for (const name of names.split(' ')) DIRECTIVES.set(name, fn);
}

export function runDirective(asm: Assembler, name: string, cur: Cursor, at: number): void {
  if (name.startsWith('.cfi_')) return; // call-frame information: no .eh_frame is produced
  const fn = DIRECTIVES.get(name);
  if (!fn) throw new StatementError(`unknown directive '${name}'`, at, name.length);
  fn(asm, cur, at, name);
}

// ---- small parsing helpers ----

function expr(asm: Assembler, cur: Cursor): Expr {
  return parseExpr(cur, asm.localRef);
}

/** An expression that must be constant now. */
function absolute(asm: Assembler, cur: Cursor, what: string): number {
  cur.skipSpace();
  const at = cur.i;
  const v = asm.evalNow(expr(asm, cur), at);
  if (v.terms.length) throw new StatementError(`${what} must be a constant expression`, at, Math.max(1, cur.i - at));
  return v.n;
}

function symbolName(cur: Cursor): string {
  cur.skipSpace();
  if (cur.peek() === '"') return stringLiteral(cur);
  const name = cur.ident();
  if (!name) cur.fail('expected a symbol name');
  return name;
}

function stringLiteral(cur: Cursor): string {
  cur.skipSpace();
  if (cur.peek() !== '"') cur.fail('expected a string');
  const open = cur.i;
  const close = endOfString(cur.s, open);
  if (cur.s[close - 1] !== '"' || close - 1 === open) cur.fail('missing closing quote', open);
  cur.i = close;
  return unescape(cur.s.slice(open + 1, close - 1), cur, open);
}

function unescape(body: string, cur: Cursor, at: number): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) cur.fail('bad escape at end of string', at);
    if (e >= '0' && e <= '7') {
      let digits = e;
      while (digits.length < 3 && body[i + 1] >= '0' && body[i + 1] <= '7') digits += body[++i];
      out += String.fromCharCode(parseInt(digits, 8) & 0xff);
    } else if (e === 'x' || e === 'X') {
      let digits = '';
      while (/[0-9a-fA-F]/.test(body[i + 1] ?? '')) digits += body[++i];
      out += String.fromCharCode(parseInt(digits || '0', 16) & 0xff);
    } else out += String.fromCharCode(ESCAPES[e] ?? e.charCodeAt(0));
  }
  return out;
}

function list<T>(cur: Cursor, item: () => T): T[] {
  const items: T[] = [];
  if (cur.atEnd()) return items;
  do items.push(item());
  while (cur.eat(','));
  cur.expectEnd();
  return items;
}

// ---- sections ----

function sectionDefaults(name: string): { type: number; flags: number; entsize: number } {
  const is = (prefix: string) => name === prefix || name.startsWith(prefix + '.');
  if (is('.text')) return { type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_EXECINSTR, entsize: 0 };
  if (is('.data') || is('.data1')) return { type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_WRITE, entsize: 0 };
  if (is('.bss')) return { type: SHT_NOBITS, flags: SHF_ALLOC | SHF_WRITE, entsize: 0 };
  if (is('.rodata') || is('.rodata1')) return { type: SHT_PROGBITS, flags: SHF_ALLOC, entsize: 0 };
  if (is('.init_array')) return { type: SHT_INIT_ARRAY, flags: SHF_ALLOC | SHF_WRITE, entsize: 0 };
  if (is('.fini_array')) return { type: SHT_FINI_ARRAY, flags: SHF_ALLOC | SHF_WRITE, entsize: 0 };
  if (is('.comment')) return { type: SHT_PROGBITS, flags: SHF_MERGE | SHF_STRINGS, entsize: 1 };
  if (is('.note') && !name.startsWith('.note.GNU-stack')) return { type: SHT_NOTE, flags: 0, entsize: 0 };
  return { type: SHT_PROGBITS, flags: 0, entsize: 0 };
}

const SECTION_TYPES: Record<string, number> = {
  progbits: SHT_PROGBITS,
  nobits: SHT_NOBITS,
  note: SHT_NOTE,
  init_array: SHT_INIT_ARRAY,
  fini_array: SHT_FINI_ARRAY,
};

function parseSectionSpec(asm: Assembler, cur: Cursor) {
  cur.skipSpace();
  let name: string;
  if (cur.peek() === '"') name = stringLiteral(cur);
  else {
    const m = /^[^\s,]+/.exec(cur.s.slice(cur.i, cur.end));
    if (!m) return cur.fail('expected a section name');
    name = m[0];
    cur.i += name.length;
  }
  const spec = sectionDefaults(name);
  if (cur.eat(',')) {
    const flagsAt = cur.i;
    const flagText = stringLiteral(cur);
    let flags = 0;
    for (const f of flagText) {
      if (f === 'a') flags |= SHF_ALLOC;
      else if (f === 'w') flags |= SHF_WRITE;
      else if (f === 'x') flags |= SHF_EXECINSTR;
      else if (f === 'M') flags |= SHF_MERGE;
      else if (f === 'S') flags |= SHF_STRINGS;
      else throw new StatementError(`unknown section flag '${f}'`, flagsAt);
    }
    spec.flags = flags;
    if (cur.eat(',')) {
      cur.skipSpace();
      const typeAt = cur.i;
      if (cur.peek() === '@' || cur.peek() === '%') cur.i++;
      const type = cur.ident();
      if (SECTION_TYPES[type] === undefined) throw new StatementError(`unknown section type '${type}'`, typeAt, type.length + 1);
      spec.type = SECTION_TYPES[type];
      if (cur.eat(',')) spec.entsize = absolute(asm, cur, 'entry size');
    }
  }
  cur.expectEnd();
  return asm.getSection(name, spec.type, spec.flags, spec.entsize);
}

function simpleSection(asm: Assembler, cur: Cursor, _at: number, name: string): void {
  if (!cur.atEnd()) absolute(asm, cur, 'subsection'); // subsections are accepted and merged
  cur.expectEnd();
  const spec = sectionDefaults(name);
  asm.switchTo(asm.getSection(name, spec.type, spec.flags));
}

directive('.text .data .bss', simpleSection);
directive('.section', (asm, cur) => asm.switchTo(parseSectionSpec(asm, cur)));
directive('.pushsection', (asm, cur) => {
  asm.sectionStack.push([asm.section, asm.previous]);
  asm.switchTo(parseSectionSpec(asm, cur));
});
directive('.popsection', (asm, cur, at) => {
  cur.expectEnd();
  const top = asm.sectionStack.pop();
  if (!top) throw new StatementError('.popsection without .pushsection', at, 11);
  [asm.section, asm.previous] = top;
});
directive('.previous', (asm, cur) => {
  cur.expectEnd();
  asm.switchTo(asm.previous);
});

// ---- data ----

function emitValue(asm: Assembler, size: 1 | 2 | 4 | 8, cur: Cursor, directiveName: string): void {
  cur.skipSpace();
  const at = cur.i;
  const e = expr(asm, cur);
  const v = asm.evalNow(e, at);
  const buf = asm.section.bytes;
  if (v.terms.length === 0) {
    if (asm.section.isNobits() && v.n !== 0) asm.requireContents(at);
    const bits = size * 8;
    if (size < 8 && (v.n < -(2 ** (bits - 1)) || v.n >= 2 ** bits)) {
      throw new StatementError(`value ${v.n} is out of range for ${directiveName}`, at, Math.max(1, cur.i - at));
    }
    if (size === 8) {
      const exact = e.k === 'num' ? e.big : e.k === 'un' && e.op === '-' && e.a.k === 'num' && e.a.big !== undefined ? -e.a.big : undefined;
      const big = BigInt.asUintN(64, exact ?? BigInt(Math.trunc(v.n)));
      buf.dword(Number(big & 0xffffffffn));
      buf.dword(Number(big >> 32n));
    } else if (size === 4) buf.dword(v.n);
    else if (size === 2) buf.word(v.n);
    else buf.byte(v.n & 0xff);
    return;
  }
  asm.requireContents(at);
  asm.addFixup(size === 8 ? 4 : size, e, at);
  buf.fill(size, 0);
}

function data(size: 1 | 2 | 4 | 8): Directive {
  return (asm, cur, _at, name) => {
    list(cur, () => emitValue(asm, size, cur, name));
  };
}

directive('.byte', data(1));
directive('.short .word .hword .value .2byte', data(2));
directive('.long .int .4byte', data(4));
directive('.quad .8byte', data(8));

function strings(terminate: boolean): Directive {
  return (asm, cur, at) => {
    asm.requireContents(at);
    list(cur, () => {
      const s = stringLiteral(cur);
      const buf = asm.section.bytes;
      for (let i = 0; i < s.length; i++) buf.byte(s.charCodeAt(i) & 0xff);
      if (terminate) buf.byte(0);
    });
  };
}

function leb128(signed: boolean): Directive {
  return (asm, cur, at) => {
    asm.requireContents(at);
    list(cur, () => {
      let v = BigInt(Math.trunc(absolute(asm, cur, 'LEB128 value')));
      const buf = asm.section.bytes;
      for (;;) {
        const b = Number(v & 0x7fn);
        v >>= 7n;
        const done = signed ? (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0) : v === 0n;
        buf.byte(done ? b : b | 0x80);
        if (done) break;
      }
    });
  };
}

directive('.uleb128', leb128(false));
directive('.sleb128', leb128(true));

directive('.ascii', strings(false));
directive('.asciz .string', strings(true));

/** Sections with contents are built in memory; beyond this a typo is likelier than a kernel. */
const MAX_CONTENTS = 256 * 1024 * 1024;

function checkSize(asm: Assembler, count: number, at: number): void {
  if (count < 0) throw new StatementError(`negative repeat count ${count}`, at);
  if (!asm.section.isNobits() && asm.section.bytes.length + count > MAX_CONTENTS) {
    throw new StatementError(`section '${asm.section.name}' would grow beyond ${MAX_CONTENTS / 1024 / 1024} MiB`, at);
  }
}

function skip(asm: Assembler, count: number, fill: number, at: number): void {
  checkSize(asm, count, at);
  if (fill !== 0) asm.requireContents(at);
  asm.section.bytes.fill(count, fill & 0xff);
}

directive('.zero', (asm, cur, at) => {
  const n = absolute(asm, cur, 'size');
  cur.expectEnd();
  skip(asm, n, 0, at);
});
directive('.skip .space', (asm, cur, at) => {
  const n = absolute(asm, cur, 'size');
  const fill = cur.eat(',') ? absolute(asm, cur, 'fill value') : 0;
  cur.expectEnd();
  skip(asm, n, fill, at);
});
directive('.fill', (asm, cur, at) => {
  const repeat = absolute(asm, cur, 'repeat count');
  let size = 1;
  let value = 0;
  if (cur.eat(',')) {
    if (cur.peek() !== ',') size = absolute(asm, cur, 'size');
    if (cur.eat(',')) value = absolute(asm, cur, 'fill value');
  }
  cur.expectEnd();
  checkSize(asm, repeat * Math.max(0, size), at);
  if (size < 0 || size > 8) throw new StatementError(`.fill size ${size} must be between 0 and 8`, at);
  if (value !== 0) asm.requireContents(at);
  const buf = asm.section.bytes;
  for (let r = 0; r < repeat; r++) {
    for (let i = 0; i < size; i++) buf.byte(i < 4 ? (value >>> (8 * i)) & 0xff : 0);
  }
});
directive('.org', (asm, cur, at) => {
  const target = absolute(asm, cur, '.org target');
  const fill = cur.eat(',') ? absolute(asm, cur, 'fill value') : 0;
  cur.expectEnd();
  const section = asm.section;
  if (section.frags.length > 1) {
    // The fixed bytes so far are a lower bound of the location counter.
    const atLeast = section.bytes.length;
    if (target < atLeast) throw new StatementError(`.org ${target} would move the location counter backwards (it is at least at ${atLeast})`, at, 4);
    checkSize(asm, target - atLeast, at);
    if (fill !== 0) asm.requireContents(at);
    section.closeFrag({ kind: 'org', target, fill, stmt: asm.stmt });
    return;
  }
  const here = section.bytes.length;
  if (target < here) throw new StatementError(`.org ${target} would move the location counter backwards (it is at ${here})`, at, 4);
  skip(asm, target - here, fill, at);
});

// ---- alignment ----

/** Larger alignments than this are refused (GNU as caps them too). */
const MAX_ALIGN = 1 << 24;

function align(asm: Assembler, bytes: number, fill: number | undefined, max: number | undefined, at: number): void {
  if (bytes > MAX_ALIGN) throw new StatementError(`alignment ${bytes} is too large (at most ${MAX_ALIGN})`, at);
  if (bytes <= 0 || (bytes & (bytes - 1)) !== 0) throw new StatementError(`alignment ${bytes} is not a power of 2`, at);
  const section = asm.section;
  if (bytes > section.align) section.align = bytes;
  if (bytes === 1) return;
  if (fill !== undefined && fill !== 0 && section.isNobits()) asm.requireContents(at);
  // A maximum of 0 means no maximum, as in GNU as.
  section.closeFrag({ kind: 'align', align: bytes, fill, max: max ? max : bytes, code16: asm.code16 });
}

function alignDirective(toBytes: (n: number) => number): Directive {
  return (asm, cur, at) => {
    const n = absolute(asm, cur, 'alignment');
    let fill: number | undefined;
    let max: number | undefined;
    if (cur.eat(',')) {
      if (cur.peek() !== ',') fill = absolute(asm, cur, 'fill value');
      if (cur.eat(',')) max = absolute(asm, cur, 'maximum skip');
    }
    cur.expectEnd();
    align(asm, toBytes(n), fill, max, at);
  };
}

// On i386 ELF, `.align n` counts bytes, like `.balign`.
directive('.align .balign', alignDirective((n) => n));
directive('.p2align', alignDirective((n) => 2 ** n));

// ---- symbols ----

function eachSymbol(fn: (asm: Assembler, name: string) => void): Directive {
  return (asm, cur) => {
    list(cur, () => fn(asm, symbolName(cur)));
  };
}

directive('.globl .global', eachSymbol((asm, name) => setBinding(asm, name, 'global')));
directive('.weak', eachSymbol((asm, name) => setBinding(asm, name, 'weak')));
directive('.local', eachSymbol((asm, name) => setBinding(asm, name, 'local')));
directive('.hidden .internal .protected', eachSymbol((asm, name) => (asm.lookup(name).hidden = true)));
directive('.extern', eachSymbol(() => {}));

function setBinding(asm: Assembler, name: string, binding: 'global' | 'weak' | 'local'): void {
  const sym = asm.lookup(name);
  sym.binding = binding;
  sym.bindingExplicit = true;
}

const SYMBOL_TYPES: Record<string, number> = {
  function: STT_FUNC,
  object: STT_OBJECT,
  notype: STT_NOTYPE,
  stt_func: STT_FUNC,
  stt_object: STT_OBJECT,
  stt_notype: STT_NOTYPE,
};

directive('.type', (asm, cur) => {
  const sym = asm.lookup(symbolName(cur));
  cur.expect(',');
  cur.skipSpace();
  const at = cur.i;
  let word: string;
  if (cur.peek() === '"') word = stringLiteral(cur);
  else {
    if ('@%'.includes(cur.peek())) cur.i++;
    word = cur.ident();
  }
  const type = SYMBOL_TYPES[word.toLowerCase()];
  if (type === undefined) throw new StatementError(`unknown symbol type '${word}'`, at, Math.max(1, cur.i - at));
  cur.expectEnd();
  sym.type = type;
});

directive('.size', (asm, cur) => {
  const sym = asm.lookup(symbolName(cur));
  cur.expect(',');
  sym.size = expr(asm, cur);
  sym.sizeDot = asm.here();
  cur.expectEnd();
});

function setDirective(asm: Assembler, cur: Cursor, _at: number, name: string): void {
  cur.skipSpace();
  const symAt = cur.i;
  const symName = symbolName(cur);
  cur.expect(',');
  if (name === '.equiv') {
    const sym = asm.symbols.get(symName);
    if (sym && (sym.frag || sym.absolute !== undefined || sym.equ)) throw new StatementError(`symbol '${symName}' is already defined`, symAt, symName.length);
  }
  asm.setSymbol(symName, expr(asm, cur), symAt);
  cur.expectEnd();
}

directive('.set .equ .equiv', setDirective);

function commonSize(asm: Assembler, cur: Cursor): { name: string; size: number; align: number | undefined; at: number } {
  cur.skipSpace();
  const at = cur.i;
  const name = symbolName(cur);
  cur.expect(',');
  const size = absolute(asm, cur, 'size');
  const alignment = cur.eat(',') ? absolute(asm, cur, 'alignment') : undefined;
  cur.expectEnd();
  if (alignment !== undefined && (alignment <= 0 || (alignment & (alignment - 1)) !== 0)) throw new StatementError(`alignment ${alignment} is not a power of 2`, at);
  return { name, size, align: alignment, at };
}

/** GNU as's default alignment for a common block: the largest power of two not above its size, at most 16. */
function naturalAlign(size: number, cap: number): number {
  let a = 1;
  while (a * 2 <= size && a < cap) a *= 2;
  return a;
}

directive('.comm', (asm, cur) => {
  const { name, size, align: alignment, at } = commonSize(asm, cur);
  const sym = asm.lookup(name);
  if (sym.frag || sym.absolute !== undefined) asm.checkRedefinition(sym, at);
  if (sym.binding === 'local' && sym.bindingExplicit) {
    // `.local x` then `.comm x`: a local block in .bss, as .lcomm (what gcc emits for static data).
    sym.type = STT_OBJECT;
    sym.size = { k: 'num', v: size };
    sym.definedAt = asm.stmt;
    asm.lcomms.push({ sym, size, align: alignment ?? naturalAlign(size, 8), stmt: asm.stmt });
    return;
  }
  sym.common = { size, align: alignment ?? naturalAlign(size, 16) };
  if (!sym.bindingExplicit || sym.binding === 'local') sym.binding = 'global';
  sym.type = STT_OBJECT;
  sym.definedAt = asm.stmt;
});

directive('.lcomm', (asm, cur) => {
  const { name, size, align: alignment, at } = commonSize(asm, cur);
  const sym = asm.lookup(name);
  asm.checkRedefinition(sym, at);
  sym.type = STT_OBJECT;
  sym.size = { k: 'num', v: size };
  sym.definedAt = asm.stmt;
  // GNU as allocates .lcomm blocks in a subsection of .bss, after its other contents.
  asm.lcomms.push({ sym, size, align: alignment ?? naturalAlign(size, 8), stmt: asm.stmt });
});

/** Places the .lcomm blocks at the end of .bss (run once, after the last statement). */
export function allocateLocalCommons(asm: Assembler): void {
  if (asm.lcomms.length === 0) return;
  const bss = asm.getSection('.bss', SHT_NOBITS, SHF_ALLOC | SHF_WRITE);
  asm.section = bss;
  for (const { sym, size, align: alignment, stmt } of asm.lcomms) {
    asm.stmt = stmt;
    align(asm, alignment, undefined, undefined, 0);
    const frag = bss.current();
    sym.frag = frag;
    sym.offset = bss.bytes.length - frag.start;
    bss.bytes.fill(size, 0);
  }
}

// ---- line information, identification, modes ----

directive('.file', (asm, cur) => {
  cur.skipSpace();
  if (cur.peek() === '"') {
    asm.sourceFile = stringLiteral(cur);
  } else {
    const n = absolute(asm, cur, 'file number');
    asm.debugFiles.set(n, stringLiteral(cur));
  }
  // `.file N "dir" "name"` and an optional md5 are accepted and ignored.
});

directive('.loc', (asm, cur) => {
  const file = absolute(asm, cur, 'file number');
  const line = absolute(asm, cur, 'line number');
  const frag = asm.section.current();
  const offset = asm.section.bytes.length - frag.start;
  // A location view counts .loc rows at one address (DWARF 5 views); gcc names them `.LVUn`.
  const previous = asm.lines[asm.lines.length - 1];
  const view = previous && previous.frag === frag && previous.offset === offset ? (previous.view ?? 0) + 1 : 0;
  asm.lines.push({ file, line, section: asm.section, frag, offset, view });
  // Column and options (is_stmt, discriminator, …) do not change the record.
  const words = cur.rest().split(/\s+/);
  const at = words.indexOf('view');
  if (at >= 0 && words[at + 1] && !/^\d/.test(words[at + 1])) {
    const sym = asm.lookup(words[at + 1]);
    sym.absolute = view;
    sym.definedAt = asm.stmt;
  }
});

directive('.ident', (asm, cur) => {
  const text = stringLiteral(cur);
  cur.expectEnd();
  const comment = asm.getSection('.comment', SHT_PROGBITS, SHF_MERGE | SHF_STRINGS, 1);
  if (comment.bytes.length === 0) comment.bytes.byte(0);
  for (let i = 0; i < text.length; i++) comment.bytes.byte(text.charCodeAt(i) & 0xff);
  comment.bytes.byte(0);
});

directive('.code16', (asm, cur) => {
  cur.expectEnd();
  asm.code16 = true;
});
directive('.code32', (asm, cur) => {
  cur.expectEnd();
  asm.code16 = false;
});
directive('.att_syntax .arch .loc_mark_labels .nolist .list', () => {});
directive('.intel_syntax', (_asm, _cur, at) => {
  throw new StatementError('Intel syntax is not supported; write AT&T syntax', at, 13);
});
directive('.end', (asm) => {
  asm.ended = true;
});
