// The C preprocessor: directives, conditional groups, #include and macro expansion
// over a stack of token frames. A file frame holds a file's tokens and its open
// conditionals; a macro frame holds an expansion waiting to be rescanned. Reading
// through the stack is what lets a function-like macro at the end of an expansion
// take its arguments from the text that follows (6.10.3.4).
//
// Errors become diagnostics and processing goes on (the rest of a bad directive line
// is dropped), so one run reports as many real problems as it can.

import { posix } from 'node:path';
import type { Diagnostic, SourceLocation } from '../../diagnostics.js';
import { makeDiagnostic } from '../../diagnostics.js';
import type { PreprocessOptions } from '../api.js';
import type { PreprocessResult } from '../token.js';
import { BUILTIN_INCLUDE_DIR, builtinHeader } from '../include/headers.js';
import { ExprError, evaluateCondition } from './expr.js';
import { hideSetAdd, hideSetIntersection } from './hideset.js';
import type { PPToken } from './lexer.js';
import { Lexer, tokenize } from './lexer.js';
import type { Macro } from './macro.js';
import { isSameDefinition, substitute } from './macro.js';
import { COMMAND_LINE_FILE, PREDEFINED_FILE, commandLineSource, predefinedSource } from './predefined.js';

export interface PreprocessorOptions extends PreprocessOptions {
  /** Assembler mode for .S files: unknown directives are comments, `$` is punctuation. */
  assembler?: boolean;
}

interface Conditional {
  /** The #if/#ifdef/#ifndef token, for "unterminated" errors. */
  directive: PPToken;
  /** Some group of this conditional has been (or is being) included. */
  taken: boolean;
  /** The #else seen, if any. */
  elseSeen?: PPToken;
}

interface FileState {
  path: string;
  conditionals: Conditional[];
  /** #line: presumed line = physical line + lineDelta. */
  lineDelta: number;
  presumedName: string;
}

interface Frame {
  tokens: PPToken[];
  pos: number;
  file?: FileState;
  /** A file frame's tokens come a chunk of lines at a time (see `current`). */
  lexer?: Lexer;
  /** How many chunks the lexer has produced (1: `tokens` starts at the top of the file). */
  chunks?: number;
}

/** Tokens per chunk of a file: small enough that a consumed chunk dies young. */
const CHUNK_TOKENS = 512;

/** The token at a frame's position, lexing a file's next chunk when this one is used up. */
function current(frame: Frame): PPToken | undefined {
  const lexer = frame.lexer;
  if (frame.pos >= frame.tokens.length && lexer && !lexer.finished) {
    const tokens: PPToken[] = [];
    lexer.lex(tokens, CHUNK_TOKENS);
    frame.tokens = tokens;
    frame.pos = 0;
    frame.chunks!++;
  }
  return frame.tokens[frame.pos];
}

const MAX_INCLUDE_DEPTH = 200;

/**
 * The predefined macros, defined once per lexing mode (C, assembler) and shared by every
 * later translation unit of the process: the text never changes, and a Macro is never
 * changed once defined (expansion copies its tokens), so redefining them per module
 * would only repeat the same work.
 */
const predefinedMacros: { c?: Macro[]; assembler?: Macro[] } = {};

/**
 * dir/name, normalized, remembered for the process: every module tries the same few
 * include directories for the same headers. Bounded, for a long-lived server.
 */
const joinedPaths = new Map<string, string>();
const JOINED_PATHS_LIMIT = 8192;

function joinedPath(dir: string, name: string): string {
  const key = `${dir}\0${name}`;
  let path = joinedPaths.get(key);
  if (path === undefined) {
    if (joinedPaths.size >= JOINED_PATHS_LIMIT) joinedPaths.clear();
    path = posix.normalize(posix.join(dir, name));
    joinedPaths.set(key, path);
  }
  return path;
}

export class Preprocessor {
  private readonly macros = new Map<string, Macro>();
  private frames: Frame[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  private readonly includes: string[] = [];
  private readonly sources: Record<string, string> = {};
  private readonly onceFiles = new Set<string>();
  /** Files whose whole text is inside `#ifndef G … #endif` with G now defined: re-inclusion is a no-op. */
  private readonly guardedBy = new Map<string, string>();
  private readonly assembler: boolean;
  /** #pragma push_macro: saved definitions by name (undefined: was not defined). */
  private readonly pushedMacros = new Map<string, (Macro | undefined)[]>();
  /** The file being preprocessed while frames are swapped out to expand a list in isolation. */
  private isolatedIn: FileState | undefined;
  private includeDepth = 0;
  private counter = 0;

  constructor(private readonly options: PreprocessorOptions) {
    this.assembler = options.assembler ?? false;
    this.defineBuiltins();
  }

  /** Preprocesses a whole translation unit; with a `sink`, tokens go there instead of into the result. */
  run(file: string, text: string, sink?: (t: PPToken) => void): PreprocessResult {
    this.definePredefined();
    this.processPseudoFile(COMMAND_LINE_FILE, commandLineSource(this.options.defines, this.options.undefines));
    this.includes.push(file);
    this.sources[file] = text;
    this.pushFile(file, text);
    const tokens: PPToken[] = [];
    for (;;) {
      const t = this.next();
      if (t.kind === 'eof') {
        this.closeConditionals(this.frames[0]!);
        if (!sink) tokens.push(t);
        break;
      }
      if (t.error) this.errorAt(t.error, t);
      if (sink) sink(t);
      else tokens.push(t);
    }
    return { tokens, diagnostics: this.diagnostics, includes: this.includes, sources: this.sources };
  }

  // ---------------------------------------------------------------- diagnostics

  private errorAt(message: string, at: PPToken | SourceLocation, span?: number): Diagnostic {
    return this.report('error', message, at, span);
  }

  private report(severity: 'error' | 'warning' | 'note', message: string, at: PPToken | SourceLocation, span?: number): Diagnostic {
    const loc = 'loc' in at ? at.loc : at;
    const d = makeDiagnostic(severity, message, loc, this.sources[loc.file]);
    if (span === undefined && 'text' in at && at.text.length > 1) span = at.text.length;
    if (span !== undefined && span > 1) d.span = span;
    if (severity !== 'note') this.diagnostics.push(d);
    return d;
  }

  private note(message: string, loc: SourceLocation): Diagnostic {
    return this.report('note', message, loc);
  }

  // ---------------------------------------------------------------- frames

  private pushFile(path: string, text: string): void {
    const lexer = new Lexer(path, text, this.diagnostics, { assembler: this.assembler });
    const tokens: PPToken[] = [];
    lexer.lex(tokens, CHUNK_TOKENS);
    this.frames.push({ tokens, pos: 0, file: { path, conditionals: [], lineDelta: 0, presumedName: path }, lexer, chunks: 1 });
  }

  private definePredefined(): void {
    const mode = this.assembler ? 'assembler' : 'c';
    const known = predefinedMacros[mode];
    if (known) {
      this.sources[PREDEFINED_FILE] = predefinedSource();
      for (const m of known) this.macros.set(m.name, m);
      return;
    }
    const before = this.diagnostics.length;
    this.processPseudoFile(PREDEFINED_FILE, predefinedSource());
    // Built-in macros (__FILE__ …) compute through this preprocessor: never shared.
    if (this.diagnostics.length === before) predefinedMacros[mode] = [...this.macros.values()].filter((m) => !m.builtin);
  }

  private processPseudoFile(path: string, text: string): void {
    this.sources[path] = text;
    this.pushFile(path, text);
    for (;;) {
      const t = this.next();
      if (t.kind === 'eof') break;
      this.errorAt('only directives may appear here', t);
    }
    this.closeConditionals(this.frames[0]!);
    this.frames.pop();
  }

  private currentFile(): FileState | undefined {
    if (this.isolatedIn) return this.isolatedIn;
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const file = this.frames[i]!.file;
      if (file) return file;
    }
    return undefined;
  }

  /**
   * The next unexpanded token, running directives found at the start of lines in
   * file frames. At the end of an included file it returns to the includer, unless
   * `stopAtFileEnd` (a macro's arguments may not run past the end of a file).
   */
  private read(stopAtFileEnd = false): PPToken {
    for (;;) {
      const frame = this.frames[this.frames.length - 1];
      if (!frame) return EOF;
      if (!frame.file) {
        const t = frame.tokens[frame.pos];
        if (!t) {
          this.frames.pop();
          continue;
        }
        frame.pos++;
        return t;
      }
      const t = current(frame);
      if (t!.kind === 'eof') {
        if (stopAtFileEnd || this.frames.length === 1) return t!;
        this.endFile(frame);
        continue;
      }
      frame.pos++;
      if (t!.lineStart && t!.kind === 'punct' && t!.text === '#') {
        this.directive(frame, t!);
        continue;
      }
      return t!;
    }
  }

  private endFile(frame: Frame): void {
    this.closeConditionals(frame);
    this.frames.pop();
    this.includeDepth--;
  }

  private closeConditionals(frame: Frame): void {
    for (const c of frame.file!.conditionals) this.errorAt(`unterminated #${c.directive.text}`, c.directive);
    frame.file!.conditionals.length = 0;
  }

  /** Whether the next token is `(`, looking through finished expansions but not past a file. */
  private nextIsLeftParen(): boolean {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i]!;
      const t = frame.file ? current(frame) : frame.tokens[frame.pos];
      if (!frame.file && !t) continue;
      if (!t) return false;
      if (frame.file && t.lineStart && t.text === '#' && t.kind === 'punct') return false;
      return t.kind === 'punct' && t.text === '(';
    }
    return false;
  }

  // ---------------------------------------------------------------- expansion

  /** The next fully macro-expanded token. */
  next(): PPToken {
    for (;;) {
      const t = this.read();
      if (t.kind !== 'ident') return t;
      const macro = this.macros.get(t.text);
      if (!macro || (t.hideset && t.hideset.has(t.text))) {
        if (t.text === '_Pragma' && this.nextIsLeftParen()) {
          this.pragmaOperator(t);
          continue;
        }
        return t;
      }
      if (macro.builtin) {
        const value = macro.builtin(t);
        return { ...value, spaceBefore: t.spaceBefore, lineStart: t.lineStart };
      }
      if (!macro.params) {
        this.pushExpansion(substitute({ macro, use: t, args: [], hideset: hideSetAdd(t.hideset, macro.name) }, this.expandList, this.reporter));
        continue;
      }
      if (!this.nextIsLeftParen()) return t;
      const collected = this.collectArguments(t, macro);
      if (!collected) continue;
      const hideset = hideSetAdd(hideSetIntersection(t.hideset, collected.rightParen.hideset), macro.name);
      this.pushExpansion(substitute({ macro, use: t, args: collected.args, hideset }, this.expandList, this.reporter));
    }
  }

  private pushExpansion(tokens: PPToken[]): void {
    if (tokens.length) this.frames.push({ tokens, pos: 0 });
  }

  private readonly reporter = (message: string, at: PPToken) => {
    this.errorAt(message, at);
  };

  /** Fully expands a token list in isolation (macro arguments, #if and #include lines). */
  private readonly expandList = (tokens: PPToken[]): PPToken[] => {
    if (tokens.length === 0) return tokens;
    const saved = this.frames;
    const savedFile = this.isolatedIn;
    this.isolatedIn = this.currentFile();
    this.frames = [{ tokens, pos: 0 }];
    const out: PPToken[] = [];
    try {
      for (;;) {
        const t = this.next();
        if (t === EOF) break;
        out.push(t);
      }
    } finally {
      this.frames = saved;
      this.isolatedIn = savedFile;
    }
    return out;
  };

  /**
   * Reads `( args )` after a function-like macro's name. Returns undefined (after
   * reporting) when the list is unterminated or has the wrong number of arguments.
   */
  private collectArguments(use: PPToken, macro: Macro): { args: PPToken[][]; rightParen: PPToken } | undefined {
    this.read(); // the '('
    const params = macro.params!;
    const args: PPToken[][] = [];
    let current: PPToken[] = [];
    let depth = 0;
    for (;;) {
      const t = this.read(true);
      if (t.kind === 'eof') {
        this.errorAt(`unterminated argument list invoking macro "${macro.name}"`, use);
        return undefined;
      }
      if (t.kind === 'punct') {
        if (t.text === '(') depth++;
        else if (t.text === ')') {
          if (depth === 0) {
            args.push(current);
            return this.checkArgumentCount(use, macro, args) ? { args: this.normalizeArguments(macro, args), rightParen: t } : undefined;
          }
          depth--;
        } else if (t.text === ',' && depth === 0 && !(macro.variadic && args.length === params.length - 1)) {
          args.push(current);
          current = [];
          continue;
        }
      }
      current.push(t);
    }
  }

  private checkArgumentCount(use: PPToken, macro: Macro, args: PPToken[][]): boolean {
    const params = macro.params!;
    // `f()` is one empty argument, which is fine for a macro of zero or one parameter.
    if (params.length === 0 && args.length === 1 && args[0]!.length === 0) {
      args.length = 0;
      return true;
    }
    if (args.length === params.length) return true;
    if (macro.variadic && args.length === params.length - 1) return true;
    const takes = macro.variadic ? `at least ${params.length - 1}` : `just ${params.length}`;
    const message = args.length < params.length
      ? `macro "${macro.name}" requires ${params.length - (macro.variadic ? 1 : 0)} arguments, but only ${args.length} given`
      : `macro "${macro.name}" passed ${args.length} arguments, but takes ${takes}`;
    const d = this.errorAt(message, use);
    d.notes = [this.note(`macro "${macro.name}" defined here`, macro.loc)];
    return false;
  }

  private normalizeArguments(macro: Macro, args: PPToken[][]): PPToken[][] {
    if (macro.variadic && args.length === macro.params!.length - 1) args.push([]);
    return args;
  }

  /** `_Pragma("once")` and friends: the operator form of #pragma. */
  private pragmaOperator(use: PPToken): void {
    this.read(); // '('
    const operand = this.read(true);
    const close = this.read(true);
    if (operand.kind !== 'string' || close.text !== ')') {
      this.errorAt('_Pragma takes a parenthesized string literal', use);
      return;
    }
    const text = operand.text.replace(/^L?"/, '').replace(/"$/, '').replace(/\\(["\\])/g, '$1');
    const line = tokenize(use.loc.file, text).filter((t) => t.kind !== 'eof');
    this.pragma(line.map((t) => ({ ...t, loc: use.loc })));
  }

  // ---------------------------------------------------------------- built-in macros

  private defineBuiltins(): void {
    const loc = { file: PREDEFINED_FILE, line: 0, col: 0 };
    const builtin = (name: string, compute: (use: PPToken) => PPToken) => {
      this.macros.set(name, { name, variadic: false, body: [], paramIndex: new Int32Array(0), loc, builtin: compute });
    };
    builtin('__FILE__', (use) => ({ ...use, kind: 'string', text: quoteString(this.presumedFileName(use)), hideset: undefined }));
    builtin('__LINE__', (use) => ({ ...use, kind: 'number', text: String(this.presumedLine(use)), hideset: undefined }));
    builtin('__COUNTER__', (use) => ({ ...use, kind: 'number', text: String(this.counter++), hideset: undefined }));
    builtin('__INCLUDE_LEVEL__', (use) => ({ ...use, kind: 'number', text: String(Math.max(0, this.includeDepth)), hideset: undefined }));
  }

  private presumedFileName(use: PPToken): string {
    const file = this.currentFile();
    return file && file.path === use.loc.file ? file.presumedName : use.loc.file;
  }

  private presumedLine(use: PPToken): number {
    const file = this.currentFile();
    return use.loc.line + (file && file.path === use.loc.file ? file.lineDelta : 0);
  }

  // ---------------------------------------------------------------- directives

  /** The rest of the directive line after the `#` (or after `pos`), consumed from the frame. */
  private takeLine(frame: Frame): PPToken[] {
    const tokens = frame.tokens;
    const start = frame.pos;
    let end = start;
    // A chunk of a file ends with a whole line.
    while (end < tokens.length && !tokens[end]!.lineStart) end++;
    frame.pos = end;
    return tokens.slice(start, end);
  }

  private directive(frame: Frame, hash: PPToken): void {
    const line = this.takeLine(frame);
    const name = line[0];
    if (!name) return; // the null directive
    const rest = line.slice(1);
    if (name.kind === 'number' && /^[0-9]+$/.test(name.text)) {
      // GNU line marker `# 33 "file.c" 1`, as found in preprocessed input.
      this.lineDirective(frame, line, name);
      return;
    }
    switch (name.kind === 'ident' ? name.text : '') {
      case 'define': return this.define(rest, name);
      case 'undef': return this.undef(rest, name);
      case 'include':
      case 'include_next':
        return this.include(rest, name, frame);
      case 'if': return this.ifDirective(frame, name, this.condition(rest, name));
      case 'ifdef': return this.ifDirective(frame, name, this.definedOperand(rest, name));
      case 'ifndef': return this.ifndef(frame, name, rest);
      case 'elif': return this.elif(frame, name, rest);
      case 'else': return this.elseDirective(frame, name, rest);
      case 'endif': return this.endif(frame, name, rest);
      case 'line': return this.lineDirective(frame, this.expandList(rest), name);
      case 'error': {
        this.errorAt(`#error ${spell(rest)}`.trimEnd(), hash);
        return;
      }
      case 'warning': {
        this.report('warning', `#warning ${spell(rest)}`.trimEnd(), hash);
        return;
      }
      case 'pragma': return this.pragma(rest);
      case 'ident':
      case 'sccs':
      case 'assert':
      case 'unassert':
        return;
    }
    // In assembly sources a `#` line is a comment to GNU as.
    if (this.assembler) return;
    this.errorAt(`invalid preprocessing directive #${name.text}`, name);
  }

  private define(line: PPToken[], directive: PPToken): void {
    const name = line[0];
    if (!name) {
      this.errorAt('no macro name given in #define directive', directive);
      return;
    }
    if (name.kind !== 'ident') {
      this.errorAt('macro names must be identifiers', name);
      return;
    }
    if (name.text === 'defined') {
      this.errorAt('"defined" cannot be used as a macro name', name);
      return;
    }
    let bodyStart = 1;
    let params: string[] | undefined;
    let variadic = false;
    const open = line[1];
    if (open && open.kind === 'punct' && open.text === '(' && !open.spaceBefore) {
      const parsed = this.parseParams(line, directive);
      if (!parsed) return;
      ({ params, variadic } = parsed);
      bodyStart = parsed.end;
    }
    const body = line.slice(bodyStart);
    if (body.length) body[0] = { ...body[0]!, spaceBefore: false };
    const paramIndex = new Int32Array(body.length).fill(-1);
    if (params) {
      for (let i = 0; i < body.length; i++) {
        const t = body[i]!;
        if (t.kind === 'ident') paramIndex[i] = params.indexOf(t.text);
      }
      for (let i = 0; i < body.length; i++) {
        const t = body[i]!;
        if (t.kind === 'punct' && t.text === '#' && !(i + 1 < body.length && paramIndex[i + 1]! >= 0)) {
          this.errorAt("'#' is not followed by a macro parameter", t);
          return;
        }
      }
    }
    const firstOrLast = [body[0], body[body.length - 1]];
    for (const t of firstOrLast) {
      if (t && t.kind === 'punct' && t.text === '##') {
        this.errorAt("'##' cannot appear at either end of a macro expansion", t);
        return;
      }
    }
    const macro: Macro = { name: name.text, params, variadic, body, paramIndex, loc: name.loc };
    const previous = this.macros.get(name.text);
    if (previous && !isSameDefinition(previous, macro) && !name.loc.file.startsWith('<')) {
      const d = this.report('warning', `"${name.text}" redefined`, name);
      if (previous.loc.line > 0) d.notes = [this.note('this is the location of the previous definition', previous.loc)];
    }
    this.macros.set(name.text, macro);
  }

  /** `( a, b, ... )` right after a macro name; returns the index of the first body token. */
  private parseParams(line: PPToken[], directive: PPToken): { params: string[]; variadic: boolean; end: number } | undefined {
    const params: string[] = [];
    let variadic = false;
    let i = 2;
    const close = (j: number) => line[j]?.kind === 'punct' && line[j]!.text === ')';
    if (close(i)) return { params, variadic, end: i + 1 };
    for (;;) {
      const t = line[i];
      if (!t) {
        this.errorAt("missing ')' in macro parameter list", line[i - 1] ?? directive);
        return undefined;
      }
      if (t.kind === 'punct' && t.text === '...') {
        params.push('__VA_ARGS__');
        variadic = true;
        i++;
        if (!close(i)) {
          this.errorAt("missing ')' after \"...\"", line[i] ?? t);
          return undefined;
        }
        return { params, variadic, end: i + 1 };
      }
      if (t.kind !== 'ident') {
        this.errorAt(`expected parameter name, found "${t.text}"`, t);
        return undefined;
      }
      if (params.includes(t.text)) {
        this.errorAt(`duplicate macro parameter "${t.text}"`, t);
        return undefined;
      }
      params.push(t.text);
      i++;
      const sep = line[i];
      if (sep?.kind === 'punct' && sep.text === '...') {
        variadic = true; // GNU named variadic parameter `args...`
        i++;
        if (!close(i)) {
          this.errorAt("missing ')' after \"...\"", line[i] ?? sep);
          return undefined;
        }
        return { params, variadic, end: i + 1 };
      }
      if (close(i)) return { params, variadic, end: i + 1 };
      if (!(sep?.kind === 'punct' && sep.text === ',')) {
        this.errorAt(`expected ',' or ')' in macro parameter list`, sep ?? t);
        return undefined;
      }
      i++;
    }
  }

  private undef(line: PPToken[], directive: PPToken): void {
    const name = line[0];
    if (!name || name.kind !== 'ident') {
      this.errorAt(name ? 'macro names must be identifiers' : 'no macro name given in #undef directive', name ?? directive);
      return;
    }
    this.extraTokens(line, 1, 'undef');
    this.macros.delete(name.text);
  }

  private extraTokens(line: PPToken[], used: number, directive: string): void {
    if (line.length > used) this.report('warning', `extra tokens at end of #${directive} directive`, line[used]!);
  }

  // ---------------------------------------------------------------- conditionals

  private ifDirective(frame: Frame, directive: PPToken, value: boolean): void {
    frame.file!.conditionals.push({ directive, taken: value });
    if (!value) this.skipGroup(frame);
  }

  private ifndef(frame: Frame, directive: PPToken, rest: PPToken[]): void {
    const defined = this.definedOperand(rest, directive);
    // Remember include guards so a second #include of the file costs nothing.
    const file = frame.file!;
    if (file.conditionals.length === 0 && rest[0]?.kind === 'ident' && isFirstDirective(frame, directive)) {
      this.guardedBy.set(file.path, rest[0].text);
    }
    this.ifDirective(frame, directive, !defined);
  }

  private definedOperand(rest: PPToken[], directive: PPToken): boolean {
    const name = rest[0];
    if (!name || name.kind !== 'ident') {
      this.errorAt(name ? 'macro names must be identifiers' : `no macro name given in #${directive.text} directive`, name ?? directive);
      return false;
    }
    this.extraTokens(rest, 1, directive.text);
    return this.macros.has(name.text);
  }

  private elif(frame: Frame, directive: PPToken, rest: PPToken[]): void {
    const top = frame.file!.conditionals[frame.file!.conditionals.length - 1];
    if (!top) {
      this.errorAt('#elif without #if', directive);
      return;
    }
    this.notAnIncludeGuard(frame);
    if (top.elseSeen) {
      const d = this.errorAt('#elif after #else', directive);
      d.notes = [this.note('the #else was here', top.elseSeen.loc)];
    }
    if (top.taken) {
      this.skipGroup(frame);
      return;
    }
    top.taken = this.condition(rest, directive);
    if (!top.taken) this.skipGroup(frame);
  }

  private elseDirective(frame: Frame, directive: PPToken, rest: PPToken[]): void {
    const top = frame.file!.conditionals[frame.file!.conditionals.length - 1];
    if (!top) {
      this.errorAt('#else without #if', directive);
      return;
    }
    this.extraTokens(rest, 0, 'else');
    this.notAnIncludeGuard(frame);
    if (top.elseSeen) {
      const d = this.errorAt('#else after #else', directive);
      d.notes = [this.note('the first #else was here', top.elseSeen.loc)];
    }
    top.elseSeen = directive;
    if (top.taken) {
      this.skipGroup(frame);
      return;
    }
    top.taken = true;
  }

  /** An #else or #elif of the outermost conditional: its text matters even when the guard is defined. */
  private notAnIncludeGuard(frame: Frame): void {
    if (frame.file!.conditionals.length === 1) this.guardedBy.delete(frame.file!.path);
  }

  private endif(frame: Frame, directive: PPToken, rest: PPToken[]): void {
    const conditionals = frame.file!.conditionals;
    if (conditionals.length === 0) {
      this.errorAt('#endif without #if', directive);
      return;
    }
    this.extraTokens(rest, 0, 'endif');
    conditionals.pop();
    if (conditionals.length === 0 && this.guardedBy.has(frame.file!.path) && current(frame)!.kind !== 'eof') {
      this.guardedBy.delete(frame.file!.path); // something follows the guard: not a guarded file
    }
  }

  /**
   * Skips a group whose condition is false, up to the #elif, #else or #endif that
   * belongs to it, leaving that directive's `#` to be read next.
   */
  private skipGroup(frame: Frame): void {
    let depth = 0;
    for (;;) {
      const t = current(frame)!;
      if (t.kind === 'eof') return;
      if (t.lineStart && t.kind === 'punct' && t.text === '#') {
        const name = frame.tokens[frame.pos + 1];
        if (name && !name.lineStart && name.kind === 'ident') {
          switch (name.text) {
            case 'if':
            case 'ifdef':
            case 'ifndef':
              depth++;
              break;
            case 'elif':
            case 'else':
              if (depth === 0) return;
              break;
            case 'endif':
              if (depth === 0) return;
              depth--;
              break;
          }
        }
      }
      frame.pos++;
    }
  }

  /** Evaluates a #if/#elif line: `defined` and `__has_include` first, then macros, then arithmetic. */
  private condition(rest: PPToken[], directive: PPToken): boolean {
    const resolved: PPToken[] = [];
    for (let i = 0; i < rest.length; i++) {
      const t = rest[i]!;
      if (t.kind === 'ident' && t.text === 'defined') {
        const parenthesized = rest[i + 1]?.text === '(';
        const name = rest[i + (parenthesized ? 2 : 1)];
        if (!name || name.kind !== 'ident') {
          this.errorAt('operator "defined" requires an identifier', name ?? t);
          return false;
        }
        if (parenthesized && rest[i + 3]?.text !== ')') {
          this.errorAt('missing \')\' after "defined"', rest[i + 3] ?? name);
          return false;
        }
        resolved.push({ ...t, kind: 'number', text: this.macros.has(name.text) ? '1' : '0' });
        i += parenthesized ? 3 : 1;
        continue;
      }
      if (t.kind === 'ident' && (t.text === '__has_include' || t.text === '__has_include_next')) {
        const found = this.hasInclude(rest, i, t);
        if (!found) return false;
        resolved.push({ ...t, kind: 'number', text: found.value ? '1' : '0' });
        i = found.end;
        continue;
      }
      resolved.push(t);
    }
    try {
      return evaluateCondition(this.expandList(resolved), directive);
    } catch (e) {
      if (!(e instanceof ExprError)) throw e;
      this.errorAt(e.message, e.token);
      return false;
    }
  }

  private hasInclude(rest: PPToken[], i: number, t: PPToken): { value: boolean; end: number } | undefined {
    if (rest[i + 1]?.text !== '(') {
      this.errorAt('missing \'(\' after "__has_include"', rest[i + 1] ?? t);
      return undefined;
    }
    let close = i + 2;
    while (close < rest.length && rest[close]!.text !== ')') close++;
    if (close >= rest.length) {
      this.errorAt('missing \')\' after "__has_include" operand', t);
      return undefined;
    }
    const spec = this.headerName(rest.slice(i + 2, close), t);
    if (!spec) return undefined;
    return { value: this.resolveInclude(spec.name, spec.angled, t.loc.file).path !== undefined, end: close };
  }

  // ---------------------------------------------------------------- #include

  /** `"name"` or `<name>` from a directive's tokens, macro-expanding them if needed. */
  private headerName(line: PPToken[], directive: PPToken): { name: string; angled: boolean; end: number } | undefined {
    let tokens = line;
    for (let attempt = 0; attempt < 2; attempt++) {
      const first = tokens[0];
      if (first && first.kind === 'string' && first.text.startsWith('"')) {
        return { name: first.text.slice(1, -1), angled: false, end: 1 };
      }
      if (first && first.kind === 'punct' && first.text === '<') {
        let name = '';
        for (let i = 1; i < tokens.length; i++) {
          const t = tokens[i]!;
          if (t.kind === 'punct' && t.text === '>') return { name, angled: true, end: i + 1 };
          name += (t.spaceBefore && i > 1 ? ' ' : '') + t.text;
        }
        this.errorAt("missing terminating > character", first);
        return undefined;
      }
      tokens = this.expandList(line);
    }
    this.errorAt(`#${directive.text} expects "FILENAME" or <FILENAME>`, line[0] ?? directive);
    return undefined;
  }

  private include(line: PPToken[], directive: PPToken, frame: Frame): void {
    const spec = this.headerName(line, directive);
    if (!spec) return;
    const { path, text, searched } = this.resolveInclude(spec.name, spec.angled, frame.file!.path);
    if (path === undefined || text === undefined) {
      const shown = spec.angled ? `<${spec.name}>` : `"${spec.name}"`;
      const d = this.errorAt(`${shown} file not found`, line[0] ?? directive);
      d.notes = [makeDiagnostic('note', `searched: ${searched.join(', ') || '(no directories)'}`)];
      return;
    }
    if (this.onceFiles.has(path)) return;
    const guard = this.guardedBy.get(path);
    if (guard !== undefined && this.macros.has(guard) && this.sources[path] !== undefined) return;
    if (this.includeDepth >= MAX_INCLUDE_DEPTH) {
      this.errorAt(`#include nested too deeply (more than ${MAX_INCLUDE_DEPTH} levels)`, directive);
      return;
    }
    if (this.sources[path] === undefined) {
      this.includes.push(path);
      this.sources[path] = text;
    }
    this.includeDepth++;
    this.pushFile(path, text);
  }

  /** Where `name` is found: quote form looks beside the includer first; the shipped headers come last. */
  private resolveInclude(name: string, angled: boolean, includer: string): { path?: string; text?: string; searched: string[] } {
    const searched: string[] = [];
    const tryPath = (path: string): string | undefined => {
      if (this.sources[path] !== undefined) return this.sources[path];
      const builtin = builtinHeader(path);
      if (builtin !== undefined) return builtin;
      if (path.startsWith(BUILTIN_INCLUDE_DIR + '/')) return undefined;
      try {
        return this.options.readFile(path);
      } catch {
        return undefined;
      }
    };
    if (name.startsWith('/')) {
      const text = tryPath(name);
      return text === undefined ? { searched: [name] } : { path: name, text, searched };
    }
    const dirs: string[] = [];
    if (!angled && !includer.startsWith('<')) dirs.push(posix.dirname(includer));
    if (!angled && includer.startsWith(BUILTIN_INCLUDE_DIR + '/')) dirs.push(BUILTIN_INCLUDE_DIR);
    dirs.push(...this.options.includeDirs, BUILTIN_INCLUDE_DIR);
    for (const dir of dirs) {
      const path = dir === BUILTIN_INCLUDE_DIR ? `${dir}/${name}` : joinedPath(dir, name);
      searched.push(dir);
      const text = tryPath(path);
      if (text !== undefined) return { path, text, searched };
    }
    return { searched };
  }

  // ---------------------------------------------------------------- #line, #pragma

  private lineDirective(frame: Frame, line: PPToken[], directive: PPToken): void {
    const number = line[0];
    if (!number || number.kind !== 'number' || !/^[0-9]+$/.test(number.text)) {
      this.errorAt(`"${number?.text ?? ''}" after #line is not a positive integer`, number ?? directive);
      return;
    }
    const file = frame.file!;
    const nextLine = current(frame)!.loc.line;
    file.lineDelta = Number(number.text) - nextLine;
    const name = line[1];
    if (name) {
      if (name.kind !== 'string') {
        this.errorAt(`invalid filename "${name.text}" in #line`, name);
        return;
      }
      file.presumedName = name.text.slice(1, -1).replace(/\\(.)/g, '$1');
    }
  }

  private pragma(line: PPToken[]): void {
    const first = line[0];
    if (first?.kind === 'ident' && first.text === 'once') {
      const file = this.currentFile();
      if (file) this.onceFiles.add(file.path);
      return;
    }
    if (first?.kind === 'ident' && (first.text === 'push_macro' || first.text === 'pop_macro')) {
      const name = line[2];
      if (line[1]?.text !== '(' || name?.kind !== 'string' || line[3]?.text !== ')') {
        this.errorAt(`#pragma ${first.text} takes a parenthesized string literal`, name ?? first);
        return;
      }
      this.pushOrPopMacro(first.text === 'push_macro', name.text.slice(1, -1));
      return;
    }
    if (first?.kind === 'ident' && first.text === 'pack') {
      // Silently ignoring it would change structure layouts behind the programmer's back.
      this.report('warning', "#pragma pack is not supported (use __attribute__((packed))); layouts are unchanged", first);
      return;
    }
    // Other pragmas (GCC diagnostic, …) have no meaning for layermake: ignored, as C allows.
  }

  private pushOrPopMacro(push: boolean, name: string): void {
    let stack = this.pushedMacros.get(name);
    if (push) {
      if (!stack) this.pushedMacros.set(name, (stack = []));
      stack.push(this.macros.get(name));
      return;
    }
    if (!stack || stack.length === 0) return; // gcc ignores an unmatched pop as well
    const saved = stack.pop();
    if (saved) this.macros.set(name, saved);
    else this.macros.delete(name);
  }
}

const EOF: PPToken = { kind: 'eof', text: '', loc: { file: '', line: 0, col: 0 }, spaceBefore: false, lineStart: true };

/** Directive operands as written, single-spaced (for #error and #warning). */
function spell(tokens: PPToken[]): string {
  let text = '';
  for (let i = 0; i < tokens.length; i++) text += (i > 0 && tokens[i]!.spaceBefore ? ' ' : '') + tokens[i]!.text;
  return text;
}

/** Whether `directive` (the name after `#`) is on the first line of the file that has a token. */
function isFirstDirective(frame: Frame, directive: PPToken): boolean {
  return frame.chunks === 1 && frame.tokens[0]!.text === '#' && frame.tokens[1] === directive;
}

/** A string literal that spells `text`. */
export function quoteString(text: string): string {
  return '"' + text.replace(/[\\"]/g, (c) => '\\' + c) + '"';
}
