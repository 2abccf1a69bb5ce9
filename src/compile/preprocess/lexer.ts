// The C99 tokenizer: text → preprocessing tokens (identifiers, pp-numbers, character
// and string literals with their prefixes, punctuators), one pass over the characters.
//
// Backslash-newline splices are removed before scanning, but every token keeps the
// line and column where it was physically written, so carets point at the real text.
// Malformed tokens (an unterminated string or character constant) are still produced,
// carrying an `error`: whether that is an error depends on whether the preprocessor
// keeps the line (text inside `#if 0` may contain a lone apostrophe).

import type { Diagnostic, SourceLocation } from '../../diagnostics.js';
import { error } from '../../diagnostics.js';
import type { Token } from '../token.js';
import type { HideSet } from './hideset.js';

/** A token as the preprocessor handles it internally. */
export interface PPToken extends Token {
  /** Why the token is malformed, reported only if the token survives preprocessing. */
  error?: string;
  /** Names of the macros whose expansion produced it (never re-expanded inside it). */
  hideset?: ReadonlySet<string>;
}

/**
 * A copy of `t` with new placement. Written out field by field, in the lexer's order:
 * an object spread with overrides is several times slower, and this keeps every token
 * in one hidden class.
 */
export function placedToken(t: PPToken, loc: SourceLocation, spaceBefore: boolean, lineStart: boolean, hideset: HideSet): PPToken {
  return { kind: t.kind, text: t.text, loc, spaceBefore, lineStart, error: t.error, hideset };
}

export interface LexOptions {
  /** Assembler mode (.S files): `$` is punctuation, digraphs are off, quotes may be unbalanced. */
  assembler?: boolean;
}

// Longest first within each leading character, so the first match wins.
const PUNCTUATORS = [
  '%:%:', '...', '<<=', '>>=',
  '->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '*=', '/=', '%=', '+=', '-=',
  '&=', '^=', '|=', '##', '<:', ':>', '<%', '%>', '%:',
  '[', ']', '(', ')', '{', '}', '.', '&', '*', '+', '-', '~', '!', '/', '%', '<', '>', '^', '|',
  '?', ':', ';', '=', ',', '#',
];
const DIGRAPHS: Record<string, string> = { '<:': '[', ':>': ']', '<%': '{', '%>': '}', '%:': '#', '%:%:': '##' };

interface Punctuator {
  /** As written. */
  text: string;
  /** As the token's text (a digraph's meaning). */
  spelling: string;
}

/** Candidate punctuators by leading character (ASCII), with or without digraphs. */
function punctuatorTable(digraphs: boolean): (Punctuator[] | undefined)[] {
  const table: (Punctuator[] | undefined)[] = new Array(128).fill(undefined);
  for (const text of PUNCTUATORS) {
    if (!digraphs && text in DIGRAPHS) continue;
    const c = text.charCodeAt(0);
    (table[c] ??= []).push({ text, spelling: DIGRAPHS[text] ?? text });
  }
  return table;
}
const PUNCTUATORS_C = punctuatorTable(true);
const PUNCTUATORS_ASM = punctuatorTable(false);

const enum Ch {
  Tab = 9, Newline = 10, VTab = 11, FormFeed = 12, Return = 13, Space = 32,
  DoubleQuote = 34, Dollar = 36, Quote = 39, Star = 42, Plus = 43, Minus = 45, Dot = 46, Slash = 47,
  Zero = 48, Nine = 57, UpperA = 65, UpperE = 69, UpperL = 76, UpperP = 80, UpperU = 85, UpperZ = 90,
  Backslash = 92, Underscore = 95, LowerA = 97, LowerE = 101, LowerP = 112, LowerU = 117, LowerZ = 122,
}

// Character classes of ASCII, one table lookup per character in the scanning loops.
const IDENT_START = 1;
const DIGIT = 2;
const SPACE = 4;
const CLASSES = new Uint8Array(128);
for (let c = Ch.LowerA; c <= Ch.LowerZ; c++) CLASSES[c] = IDENT_START;
for (let c = Ch.UpperA; c <= Ch.UpperZ; c++) CLASSES[c] = IDENT_START;
CLASSES[Ch.Underscore] = IDENT_START;
for (let c = Ch.Zero; c <= Ch.Nine; c++) CLASSES[c] = DIGIT;
for (const c of [Ch.Space, Ch.Tab, Ch.VTab, Ch.FormFeed, Ch.Return]) CLASSES[c] = SPACE;

function isIdentStart(c: number, dollar: boolean): boolean {
  return c >= 0x80 ? true : (CLASSES[c]! & IDENT_START) !== 0 || (dollar && c === Ch.Dollar);
}

function isIdentChar(c: number, dollar: boolean): boolean {
  return c >= 0x80 ? true : (CLASSES[c]! & (IDENT_START | DIGIT)) !== 0 || (dollar && c === Ch.Dollar);
}

function isDigit(c: number): boolean {
  return c >= Ch.Zero && c <= Ch.Nine;
}

function isHorizontalSpace(c: number): boolean {
  return c < 0x80 && CLASSES[c] === SPACE;
}

/**
 * The text with backslash-newline splices removed, and for each character of it the
 * offset of that character in the original text (null when there was no splice).
 */
function removeSplices(text: string): { src: string; origin: Int32Array | null } {
  if (!/\\\r?\n/.test(text)) return { src: text, origin: null };
  const origin = new Int32Array(text.length + 1);
  let out = '';
  let n = 0;
  let chunkStart = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== Ch.Backslash) continue;
    let j = i + 1;
    if (text.charCodeAt(j) === Ch.Return) j++;
    if (text.charCodeAt(j) !== Ch.Newline) continue;
    out += text.slice(chunkStart, i);
    for (let k = chunkStart; k < i; k++) origin[n++] = k;
    chunkStart = j + 1;
    i = j;
  }
  out += text.slice(chunkStart);
  for (let k = chunkStart; k <= text.length; k++) origin[n++] = k;
  return { src: out, origin };
}

const UNKNOWN = -2;

/** Maps increasing offsets of the original text to 1-based line and column in O(total). */
class PositionTracker {
  private line = 1;
  private lineStart = 0;
  private scanned = 0;
  /** Offset of the first newline at or after `scanned`, -1 if none, UNKNOWN before the first query. */
  private nextNewline = UNKNOWN;
  constructor(private readonly text: string) {}

  at(file: string, offset: number): SourceLocation {
    const text = this.text;
    if (offset < this.scanned) {
      // Only happens for a rare backwards query (splice maps); restart the scan.
      this.line = 1;
      this.lineStart = 0;
      this.scanned = 0;
      this.nextNewline = UNKNOWN;
    }
    // indexOf, not a loop over characters: this runs for every token, mostly before
    // the optimizing compiler has seen it. The next newline is remembered, so tokens
    // of one line do not search the rest of it again.
    let newline = this.nextNewline;
    if (newline === UNKNOWN || (newline >= 0 && newline < this.scanned)) newline = text.indexOf('\n', this.scanned);
    while (newline >= 0 && newline < offset) {
      this.line++;
      this.lineStart = newline + 1;
      newline = text.indexOf('\n', newline + 1);
    }
    this.nextNewline = newline;
    this.scanned = offset;
    return { file, line: this.line, col: offset - this.lineStart + 1 };
  }
}

/** Tokenizes `text` (the contents of `file`); the last token is always `eof`. */
export function tokenize(file: string, text: string, diagnostics?: Diagnostic[], options: LexOptions = {}): PPToken[] {
  const lexer = new Lexer(file, text, diagnostics, options);
  const tokens: PPToken[] = [];
  while (!lexer.finished) lexer.lex(tokens, Infinity);
  return tokens;
}

/**
 * Tokenizes a file a chunk of whole lines at a time, so that the preprocessor can
 * let go of the tokens it has consumed: most of them die young, which the garbage
 * collector handles almost for free, instead of all surviving until the file ends.
 */
export class Lexer {
  /** The eof token has been produced. */
  finished = false;
  private readonly src: string;
  private readonly origin: Int32Array | null;
  private readonly positions: PositionTracker;
  private readonly dollar: boolean;
  private readonly digraphs: boolean;
  private i = 0;
  private spaceBefore = false;
  private lineStart = true;

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly diagnostics: Diagnostic[] | undefined,
    private readonly options: LexOptions,
  ) {
    const { src, origin } = removeSplices(text);
    this.src = src;
    this.origin = origin;
    this.positions = new PositionTracker(text);
    this.dollar = !options.assembler;
    this.digraphs = !options.assembler;
  }

  /**
   * Appends tokens to `tokens` until it holds at least `minTokens` and the next token
   * starts a line (a directive is never split between chunks), or up to `eof`.
   */
  lex(tokens: PPToken[], minTokens: number): void {
    const { src, origin, positions, file, text, dollar, options } = this;
    const punctuators = this.digraphs ? PUNCTUATORS_C : PUNCTUATORS_ASM;
    const n = src.length;
    let i = this.i;
    let spaceBefore = this.spaceBefore;
    let lineStart = this.lineStart;

    const locate = (offset: number) => positions.at(file, origin ? origin[offset]! : offset);
    const push = (kind: PPToken['kind'], start: number, end: number, spelling?: string): PPToken => {
      // Every token gets the same fields in the same order: one hidden class for the hot paths.
      const token: PPToken = {
        kind, text: spelling ?? src.slice(start, end), loc: locate(start), spaceBefore, lineStart, error: undefined, hideset: undefined,
      };
      tokens.push(token);
      spaceBefore = false;
      lineStart = false;
      return token;
    };

    while (i < n) {
      const c = src.charCodeAt(i);
      if (c === Ch.Newline) {
        i++;
        lineStart = true;
        spaceBefore = false;
        if (tokens.length >= minTokens) {
          this.i = i;
          this.spaceBefore = spaceBefore;
          this.lineStart = lineStart;
          return;
        }
        continue;
      }
      if (isHorizontalSpace(c)) {
        i++;
        spaceBefore = true;
        continue;
      }
      if (c === Ch.Slash && src.charCodeAt(i + 1) === Ch.Slash) {
        i = src.indexOf('\n', i);
        if (i < 0) i = n;
        spaceBefore = true;
        continue;
      }
      if (c === Ch.Slash && src.charCodeAt(i + 1) === Ch.Star) {
        const end = src.indexOf('*/', i + 2);
        if (end < 0) {
          this.diagnostics?.push(error('unterminated comment', locate(i), text));
          i = n;
          break;
        }
        i = end + 2;
        spaceBefore = true;
        continue;
      }
      if (isDigit(c) || (c === Ch.Dot && isDigit(src.charCodeAt(i + 1)))) {
        const start = i;
        i++;
        for (;;) {
          const d = src.charCodeAt(i);
          if ((d === Ch.Plus || d === Ch.Minus) && isExponentLetter(src.charCodeAt(i - 1))) i++;
          else if (isIdentChar(d, dollar) || d === Ch.Dot) i++;
          else break;
        }
        push('number', start, i);
        continue;
      }
      if (isIdentStart(c, dollar)) {
        const start = i;
        i++;
        while (i < n && isIdentChar(src.charCodeAt(i), dollar)) i++;
        const q = src.charCodeAt(i);
        if ((q === Ch.DoubleQuote || q === Ch.Quote) && isLiteralPrefix(src.slice(start, i), q)) {
          i = scanQuoted(start, i);
          continue;
        }
        push('ident', start, i);
        continue;
      }
      if (c === Ch.DoubleQuote || c === Ch.Quote) {
        i = scanQuoted(i, i);
        continue;
      }
      const candidates = c < 0x80 ? punctuators[c] : undefined;
      if (candidates) {
        let matched: Punctuator | undefined;
        for (let k = 0; k < candidates.length; k++) {
          const p = candidates[k]!;
          if (p.text.length === 1 || src.startsWith(p.text, i)) {
            matched = p;
            break;
          }
        }
        if (matched) {
          push('punct', i, i + matched.text.length, matched.spelling);
          i += matched.text.length;
          continue;
        }
      }
      // A stray character (`@`, a backquote, a lone backslash): the parser rejects it if it survives.
      const width = c >= 0xd800 && c < 0xdc00 ? 2 : 1;
      push('punct', i, i + width);
      i += width;
    }
    const eof: PPToken = { kind: 'eof', text: '', loc: locate(n), spaceBefore, lineStart: true, error: undefined, hideset: undefined };
    tokens.push(eof);
    this.i = n;
    this.finished = true;

    /** Scans a string or character literal whose opening quote is at `quoteAt`; returns the end. */
    function scanQuoted(start: number, quoteAt: number): number {
      const quote = src.charCodeAt(quoteAt);
      let j = quoteAt + 1;
      for (;;) {
        const d = src.charCodeAt(j);
        if (j >= n || d === Ch.Newline) {
          const token = push(quote === Ch.Quote ? 'char' : 'string', start, j);
          if (!options.assembler) {
            token.error = `missing terminating ${quote === Ch.Quote ? "'" : '"'} character`;
          }
          return j;
        }
        if (d === Ch.Backslash) j += 2;
        else if (d === quote) break;
        else j++;
      }
      j++;
      push(quote === Ch.Quote ? 'char' : 'string', start, j);
      return j;
    }
  }
}

function isExponentLetter(c: number): boolean {
  return c === Ch.LowerE || c === Ch.UpperE || c === Ch.LowerP || c === Ch.UpperP;
}

function isLiteralPrefix(prefix: string, quote: number): boolean {
  if (prefix === 'L' || prefix === 'u' || prefix === 'U') return true;
  return prefix === 'u8' && quote === Ch.DoubleQuote;
}

/** The single token `text` spells, or undefined if it is not exactly one token. */
export function tokenizeOne(text: string, file: string): PPToken | undefined {
  const tokens = tokenize(file, text);
  if (tokens.length !== 2 || tokens[0]!.error || tokens[0]!.spaceBefore) return undefined;
  return tokens[0];
}
