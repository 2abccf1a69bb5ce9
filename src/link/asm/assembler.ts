// The assembler's first pass: reads statements top to bottom, defines labels,
// runs directives and encodes instructions into the current section's
// fragments. Layout, relaxation and fixups run afterwards (layout.ts).

import { type Diagnostic, error as errorDiagnostic } from '../../diagnostics.js';
import { SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHT_NOBITS, SHT_PROGBITS } from '../elf/constants.js';
import { Cursor, StatementError, isDigit } from './cursor.js';
import { BLOCK_OPENERS, CONDITIONALS, type Macro, bindArguments, findBlockEnd, headWord, leadingLabels, parseMacroHeader, splitArguments, substitute } from './blocks.js';
import { runDirective } from './directives.js';
import { type Field, Inst } from './encoder.js';
import { NO_TERMS, type Value, evaluate, fold, locationSym } from './eval.js';
import { type Expr, parseExpr } from './expr.js';
import { PREFIXES, type InstContext, knownMnemonics, lookupMnemonic } from './instructions.js';
import { type ByteBuffer, type Fixup, type Frag, Section, type Sym, isDefined, newSym } from './model.js';
import { parseOperands } from './operand.js';
import type { Statement } from './source.js';

/** A `.loc` line record: the address where source line `line` of file `file` begins. */
export interface LineRecord {
  file: number;
  line: number;
  section: Section;
  frag: Sym['frag'];
  offset: number;
  view?: number;
}

const NUMERIC_PREFIX = '\u0002';

export class Assembler {
  diagnostics: Diagnostic[] = [];
  sections: Section[] = [];
  section: Section;
  previous: Section;
  sectionStack: [Section, Section][] = [];
  symbols = new Map<string, Sym>();
  code16 = false;
  /** `.file "x.c"`: the STT_FILE symbol. */
  sourceFile: string | undefined;
  /** `.file N "x.c"` and `.loc`: kept as line information. */
  debugFiles = new Map<number, string>();
  lines: LineRecord[] = [];
  ended = false;
  /** `.lcomm` blocks, placed at the end of .bss once all statements are read. */
  lcomms: { sym: Sym; size: number; align: number; stmt: Statement }[] = [];
  stmt!: Statement;
  private numericCounts = new Map<string, number>();

  constructor() {
    this.section = this.getSection('.text', SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR);
    this.getSection('.data', SHT_PROGBITS, SHF_ALLOC | SHF_WRITE);
    this.getSection('.bss', SHT_NOBITS, SHF_ALLOC | SHF_WRITE);
    this.previous = this.section;
  }

  getSection(name: string, type: number, flags: number, entsize = 0): Section {
    let section = this.sections.find((s) => s.name === name);
    if (!section) {
      section = new Section(name, type, flags, entsize);
      this.sections.push(section);
    }
    return section;
  }

  switchTo(section: Section): void {
    if (section !== this.section) this.previous = this.section;
    this.section = section;
  }

  run(statements: Statement[]): void {
    for (let i = 0; i < statements.length && !this.ended; i++) {
      let stmt = statements[i];
      this.stmt = stmt;
      try {
        // `name: .rept 3`: the labels are defined here, the directive handled below.
        const labels = stmt.text.indexOf(':') > 0 ? leadingLabels(stmt.text) : 0;
        if (labels && this.active()) {
          const head = headWord(stmt.text.slice(labels));
          if (head && (BLOCK_OPENERS.has(head.word) || CONDITIONALS.has(head.word) || this.macros.has(head.word))) {
            this.statement({ ...stmt, text: stmt.text.slice(0, labels) });
            stmt = { ...stmt, text: ' '.repeat(labels) + stmt.text.slice(labels) };
            this.stmt = stmt;
          }
        }
        // Only directives (and macro calls, once there are macros) can open or close blocks.
        const head = this.macros.size || this.conditions.length || firstWordIsDirective(stmt.text) ? headWord(stmt.text) : undefined;
        if (head && CONDITIONALS.has(head.word)) {
          this.conditional(head.word, stmt, head.end);
          continue;
        }
        if (!this.active()) continue;
        if (head && BLOCK_OPENERS.has(head.word)) {
          const end = findBlockEnd(statements, i);
          if (end < 0) throw new StatementError(`'${head.word}' without '${head.word === '.macro' ? '.endm' : '.endr'}'`, 0, head.end);
          this.block(head.word, stmt, head.end, statements.slice(i + 1, end));
          i = end;
          continue;
        }
        if (head && (head.word === '.endr' || head.word === '.endm')) throw new StatementError(`'${head.word}' without a matching opening directive`, 0, head.end);
        if (head && head.word === '.exitm') {
          if (this.macroDepth === 0) throw new StatementError("'.exitm' outside a macro", 0, head.end);
          return;
        }
        const macro = head && this.macros.get(head.word);
        if (macro) {
          this.expandMacro(macro, stmt.text.slice(head.end), head.end);
          continue;
        }
        this.statement(stmt);
      } catch (e) {
        if (!(e instanceof StatementError)) throw e;
        this.report(stmt, e);
      }
    }
  }

  // ---- macros, repetition and conditional assembly ----

  macros = new Map<string, Macro>();
  private macroDepth = 0;
  private macroCount = 0;
  private conditions: { active: boolean; taken: boolean; sawElse: boolean; stmt: Statement }[] = [];

  private active(): boolean {
    const top = this.conditions[this.conditions.length - 1];
    return !top || top.active;
  }

  private block(word: string, stmt: Statement, end: number, body: Statement[]): void {
    const rest = stmt.text.slice(end);
    if (word === '.macro') {
      const macro = parseMacroHeader(rest, end);
      macro.body = body;
      this.macros.set(macro.name, macro);
      return;
    }
    if (word === '.rept') {
      const count = this.constantOf(rest, end, '.rept count');
      for (let k = 0; k < count && !this.ended; k++) this.run(body);
      return;
    }
    const m = /^\s*([A-Za-z_]\w*)\s*,?(.*)$/.exec(rest);
    if (!m) throw new StatementError(`expected a symbol after '${word}'`, end);
    const values = word === '.irp' ? splitArguments(m[2]) : [...m[2].trim()];
    for (const v of values) this.run(substitute(body, new Map([[m[1], v]]), this.macroCount));
  }

  private expandMacro(macro: Macro, args: string, at: number): void {
    if (this.macroDepth > 100) throw new StatementError(`macro '${macro.name}' expands too deeply (recursion?)`, 0, at);
    const values = bindArguments(macro, args, at);
    this.macroDepth++;
    try {
      this.run(substitute(macro.body, values, this.macroCount++));
    } finally {
      this.macroDepth--;
    }
  }

  private constantOf(text: string, at: number, what: string): number {
    const cur = new Cursor(this.stmt.text, at);
    const v = this.evalNow(parseExpr(cur, this.localRef), at);
    cur.expectEnd();
    if (v.terms.length) throw new StatementError(`${what} must be a constant expression`, at, Math.max(1, text.trim().length));
    return v.n;
  }

  private conditional(word: string, stmt: Statement, end: number): void {
    const rest = stmt.text.slice(end).trim();
    const top = this.conditions[this.conditions.length - 1];
    if (word === '.endif') {
      if (!top) throw new StatementError("'.endif' without '.if'", 0, end);
      this.conditions.pop();
      return;
    }
    if (word === '.else' || word === '.elseif') {
      if (!top || top.sawElse) throw new StatementError(`'${word}' without '.if'`, 0, end);
      const parentActive = this.conditions.length < 2 || this.conditions[this.conditions.length - 2].active;
      const holds = !top.taken && parentActive && (word === '.else' || this.constantOf(rest, end, '.elseif condition') !== 0);
      top.active = holds;
      top.taken ||= holds;
      top.sawElse = word === '.else';
      return;
    }
    const parentActive = this.active();
    const holds = parentActive && this.condition(word, rest, end);
    this.conditions.push({ active: holds, taken: holds, sawElse: false, stmt });
  }

  private condition(word: string, rest: string, end: number): boolean {
    switch (word) {
      case '.ifdef':
      case '.ifndef':
      case '.ifnotdef': {
        const sym = this.symbols.get(rest);
        const defined = !!sym && (isDefined(sym) || !!sym.common);
        return word === '.ifdef' ? defined : !defined;
      }
      case '.ifc':
      case '.ifnc': {
        const [a = '', b = ''] = splitArguments(rest).map((x) => x.replace(/^'(.*)'$|^"(.*)"$/, '$1$2'));
        return (a === b) === (word === '.ifc');
      }
      case '.ifb':
        return rest === '';
      case '.ifnb':
        return rest !== '';
    }
    const v = this.constantOf(rest, end, `${word} condition`);
    switch (word) {
      case '.ifeq':
        return v === 0;
      case '.ifgt':
        return v > 0;
      case '.ifge':
        return v >= 0;
      case '.iflt':
        return v < 0;
      case '.ifle':
        return v <= 0;
      default:
        return v !== 0;
    }
  }

  /** Errors for `.if` blocks still open at the end of the input. */
  checkOpenConditionals(): void {
    for (const c of this.conditions) this.report(c.stmt, new StatementError("'.if' without '.endif'", 0, 3));
    this.conditions = [];
  }

  report(stmt: Statement, e: StatementError, severity: 'error' | 'warning' = 'error'): void {
    const d = errorDiagnostic(e.message, { file: stmt.file, line: stmt.line, col: e.at + stmt.col });
    d.severity = severity;
    d.sourceLine = stmt.lineText;
    if (e.span > 1) d.span = e.span;
    if (e.notes.length) d.notes = e.notes;
    this.diagnostics.push(d);
  }

  private statement(stmt: Statement): void {
    const cur = new Cursor(stmt.text);
    for (;;) {
      if (cur.atEnd()) return;
      const at = cur.i;
      if (isDigit(stmt.text.charCodeAt(at))) {
        const m = /^\d+/.exec(stmt.text.slice(at))!;
        cur.i += m[0].length;
        if (!cur.eat(':')) cur.fail(`expected ':' after numeric label '${m[0]}'`, at);
        this.defineNumericLabel(m[0]);
        continue;
      }
      const name = cur.ident();
      if (!name) cur.fail('expected a label, directive or instruction', at);
      const next = cur.peek();
      if (next === ':' && stmt.text[cur.i + 1] !== ':') {
        cur.i++;
        this.defineLabel(name, at);
        continue;
      }
      if (next === '=' && stmt.text[cur.i + 1] !== '=') {
        cur.i++;
        this.setSymbol(name, parseExpr(cur, this.localRef), at);
        cur.expectEnd();
        return;
      }
      if (name[0] === '.') return runDirective(this, name.toLowerCase(), cur, at);
      return this.instruction(name.toLowerCase(), cur, at);
    }
  }

  // ---- symbols ----

  lookup = (name: string): Sym => {
    let sym = this.symbols.get(name);
    if (!sym) {
      sym = newSym(name, name.startsWith('.L') || name[0] === NUMERIC_PREFIX);
      this.symbols.set(name, sym);
    }
    return sym;
  };

  defineLabel(name: string, at: number): void {
    const sym = this.lookup(name);
    this.checkRedefinition(sym, at);
    const frag = this.section.current();
    sym.frag = frag;
    sym.offset = this.section.bytes.length - frag.start;
    sym.definedAt = this.stmt;
  }

  checkRedefinition(sym: Sym, at: number): void {
    if (!isDefined(sym) && !sym.common) return;
    const prior = sym.definedAt;
    const e = new StatementError(`symbol '${sym.name}' is already defined`, at, sym.name.length);
    if (prior) {
      const col = Math.max(1, prior.text.indexOf(sym.name) + 1);
      e.notes.push({ severity: 'note', message: 'previous definition is here', location: { file: prior.file, line: prior.line, col }, sourceLine: prior.lineText });
    }
    throw e;
  }

  private defineNumericLabel(label: string): void {
    const n = (this.numericCounts.get(label) ?? 0) + 1;
    this.numericCounts.set(label, n);
    const sym = this.lookup(numericName(label, n));
    const frag = this.section.current();
    sym.frag = frag;
    sym.offset = this.section.bytes.length - frag.start;
    sym.definedAt = this.stmt;
  }

  localRef = (label: string, forward: boolean, at: number): string => {
    const n = this.numericCounts.get(label) ?? 0;
    if (!forward && n === 0) throw new StatementError(`undefined local label '${label}b'`, at, label.length + 1);
    return numericName(label, forward ? n + 1 : n);
  };

  /** `.set`, `.equ` and `sym = expr`: constants are folded now, anything else is kept as an expression. */
  setSymbol(name: string, expr: Expr, at: number): void {
    const sym = this.lookup(name);
    if (sym.frag || sym.common) this.checkRedefinition(sym, at);
    const v = this.evalNow(expr, at);
    sym.absolute = undefined;
    sym.equ = undefined;
    if (v.terms.length === 0) sym.absolute = v.n;
    else {
      sym.equ = expr;
      sym.equDot = this.here();
    }
    sym.definedAt = this.stmt;
  }

  here(): Sym {
    const frag = this.section.current();
    return locationSym(frag, this.section.bytes.length - frag.start);
  }

  private parseContext = { lookup: this.lookup, dot: () => this.here(), final: false };

  evalNow = (e: Expr, _at: number): Value => {
    if (e.k === 'num') return { n: e.v, terms: NO_TERMS };
    return fold(evaluate(e, this.parseContext), false);
  };

  private warnInstruction = (message: string, at: number, span: number): void => {
    this.report(this.stmt, new StatementError(message, at, span), 'warning');
  };

  // ---- emission ----

  requireContents(at: number): void {
    if (this.section.isNobits()) throw new StatementError(`cannot store data in section '${this.section.name}' (it has no contents)`, at);
  }

  addFixup(size: 1 | 2 | 4, expr: Expr, at: number, pcrel = false, pcAdjust = 0, dotOffset?: number): void {
    const section = this.section;
    const frag = section.current();
    const offset = section.bytes.length - frag.start;
    const fixup: Fixup = { frag, offset, size, pcrel, expr, pcAdjust, stmt: this.stmt, at, dotOffset: dotOffset ?? offset };
    section.fixups.push(fixup);
  }

  emitInst = (inst: Inst): void => {
    this.requireContents(0);
    const section = this.section;
    const buf = section.bytes;
    const frag = section.current();
    const start = buf.length;
    writePrefixes(buf, inst);
    const opcode = inst.opcode;
    for (let i = 0; i < opcode.length; i++) buf.byte(opcode[i]);
    if (inst.modrm >= 0) buf.byte(inst.modrm);
    if (inst.sib >= 0) buf.byte(inst.sib);
    const disp = inst.disp;
    const imms = inst.imms;
    let end = buf.length + (disp ? disp.size : 0);
    for (let i = 0; i < imms.length; i++) end += imms[i].size;
    if (disp) this.emitField(disp, frag, start, end);
    for (let i = 0; i < imms.length; i++) this.emitField(imms[i], frag, start, end);
  };

  private emitField(f: Field, frag: Frag, start: number, end: number): void {
    const section = this.section;
    const buf = section.bytes;
    if (f.expr) {
      const pos = buf.length;
      section.fixups.push({
        frag,
        offset: pos - frag.start,
        size: f.size,
        pcrel: f.pcrel ?? false,
        expr: f.expr,
        pcAdjust: end - pos,
        stmt: this.stmt,
        at: f.at,
        dotOffset: start - frag.start,
      });
    }
    if (f.size === 1) buf.byte(f.n & 0xff);
    else if (f.size === 2) buf.word(f.n);
    else buf.dword(f.n);
  }

  private branch = (op: 'jmp' | 'jcc', cc: number, target: Expr, inst: Inst): void => {
    this.requireContents(0);
    const section = this.section;
    writePrefixes(section.bytes, inst);
    const dot = this.here();
    section.closeFrag({ kind: 'branch', op, cc, target, code16: this.code16, long: false, stmt: this.stmt, dot });
  };

  private scratchInst = new Inst();

  private instruction(mnemonic: string, cur: Cursor, at: number): void {
    const inst = this.scratchInst.reset();
    // Prefixes written before the mnemonic on the same line (`rep movsb`, `lock; incl`).
    let prefix = PREFIXES[mnemonic];
    while (prefix) {
      applyPrefix(inst, prefix);
      cur.skipSpace();
      const nextAt = cur.i;
      const next = cur.ident().toLowerCase();
      if (!next) {
        cur.expectEnd();
        return this.emitInst(inst);
      }
      mnemonic = next;
      at = nextAt;
      prefix = PREFIXES[mnemonic];
    }
    const found = lookupMnemonic(mnemonic);
    if (!found) {
      const hint = nearestMnemonic(mnemonic);
      throw new StatementError(`unknown instruction '${mnemonic}'${hint ? `; did you mean '${hint}'?` : ''}`, at, mnemonic.length);
    }
    // One context object, refilled per instruction: handlers never keep it.
    const ctx = this.instContext;
    ctx.mnemonic = mnemonic;
    ctx.name = found.name;
    ctx.suffix = found.suffix;
    ctx.ops = parseOperands(cur, this.localRef);
    ctx.code16 = this.code16;
    ctx.at = at;
    ctx.inst = inst;
    found.entry.handler(ctx, found.entry.arg);
  }

  private instContext: InstContext = {
    mnemonic: '',
    name: '',
    suffix: undefined,
    ops: [],
    code16: false,
    text: () => this.stmt.text.slice(this.instContext.at).trim(),
    at: 0,
    evalNow: this.evalNow,
    inst: new Inst(),
    emit: this.emitInst,
    warn: this.warnInstruction,
    branch: (op, cc, target, inst) => this.branch(op, cc, target, inst),
  };
}

/** The prefix bytes in GNU as's order: segment, address size, operand size, rep, lock. */
function writePrefixes(buf: ByteBuffer, inst: Inst): void {
  if (inst.seg >= 0) buf.byte(inst.seg);
  if (inst.addrPrefix) buf.byte(0x67);
  if (inst.dataPrefix) buf.byte(0x66);
  if (inst.rep) buf.byte(inst.rep);
  if (inst.lock) buf.byte(0xf0);
}

function firstWordIsDirective(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return c === 46 /* . */;
  }
  return false;
}

function applyPrefix(inst: Inst, prefix: (typeof PREFIXES)[string]): void {
  if (prefix.kind === 'rep') inst.rep = prefix.byte;
  else if (prefix.kind === 'lock') inst.lock = true;
  else if (prefix.kind === 'data') inst.dataPrefix = true;
  else if (prefix.kind === 'addr') inst.addrPrefix = true;
  else inst.seg = prefix.byte;
}

export function numericName(label: string, instance: number): string {
  return `${NUMERIC_PREFIX}${label}${NUMERIC_PREFIX}${instance}`;
}

/** How a symbol is named in messages (numeric labels as `1f`/`1b`). */
export function displayName(sym: Sym): string {
  if (sym.name[0] !== NUMERIC_PREFIX) return sym.name;
  return sym.name.split(NUMERIC_PREFIX)[1];
}

let mnemonicList: string[] | undefined;

function nearestMnemonic(m: string): string | undefined {
  mnemonicList ??= [...knownMnemonics(), ...Object.keys(PREFIXES)];
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(m.length / 3)) + 1;
  for (const candidate of mnemonicList) {
    const d = editDistance(m, candidate, bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}
