// Preprocessed output as text, for assembly sources (.S): GNU as reads the result,
// so tokens are re-spaced on their original lines and `# LINE "FILE"` markers tell
// the assembler where each line came from, for its own diagnostics.

import { Buffer } from 'node:buffer';
import { endianness } from 'node:os';
import type { Diagnostic } from '../../diagnostics.js';
import type { PreprocessOptions } from '../api.js';
import type { Token } from '../token.js';
import { preprocess } from './index.js';

export interface PreprocessedText {
  text: string;
  diagnostics: Diagnostic[];
  includes: string[];
}

/** Blank lines are cheaper than a marker for small gaps, as in cpp. */
const MAX_BLANK_LINES = 8;

export function preprocessToText(file: string, text: string, options: PreprocessOptions & { assembler?: boolean }): PreprocessedText {
  const assembler = options.assembler ?? /\.[sS]$/.test(file);
  // Tokens are rendered as they come rather than collected first: each one is garbage
  // as soon as it is written, which keeps the garbage collector's work small.
  const renderer = new TextRenderer(text.length);
  const result = preprocess(file, text, { ...options, assembler }, renderer.add);
  // After an internal error the result holds the tokens to show instead (just `eof`).
  const out = result.tokens.length ? renderTokens(result.tokens) : renderer.finish();
  return { text: out, diagnostics: result.diagnostics, includes: result.includes };
}

export function renderTokens(tokens: readonly Token[]): string {
  const renderer = new TextRenderer();
  for (const t of tokens) {
    if (t.kind === 'eof') break;
    renderer.add(t);
  }
  return renderer.finish();
}

/**
 * Builds the text a token at a time (`eof` excluded), as UTF-16 code units in a
 * growing buffer: appending to a string would build a rope of a million small
 * pieces, all of which the garbage collector would copy before the final flatten.
 */
class TextRenderer {
  private units: Uint16Array;
  private length = 0;
  private file = '';
  private line = 0;
  private prev: Token | undefined;

  /** `expectedLength`: about the size of the result, so the buffer rarely grows. */
  constructor(expectedLength = 0) {
    this.units = new Uint16Array(Math.max(1 << 12, expectedLength + (expectedLength >> 2)));
  }

  readonly add = (t: Token): void => {
    if (t.loc.file !== this.file || (t.lineStart && t.loc.line !== this.line)) {
      const gap = t.loc.line - this.line;
      if (t.loc.file !== this.file || gap < 0 || gap > MAX_BLANK_LINES) {
        if (this.prev) this.unit(NEWLINE);
        this.write(`# ${t.loc.line} "${t.loc.file.replace(/[\\"]/g, (c) => "\\" + c)}"\n`);
      } else {
        for (let k = 0; k < gap; k++) this.unit(NEWLINE);
      }
      this.file = t.loc.file;
      this.line = t.loc.line;
      if (t.spaceBefore || t.loc.col > 1) this.unit(SPACE);
    } else if (this.prev && (t.spaceBefore || (!adjacentInSource(this.prev, t) && wouldPaste(this.prev, t)))) {
      this.unit(SPACE);
    }
    this.write(t.text);
    this.prev = t;
  };

  finish(): string {
    this.unit(NEWLINE);
    // The decoding keeps every code unit as it is, lone surrogates included.
    const bytes = Buffer.from(this.units.buffer, 0, this.length * 2);
    if (endianness() === 'BE') bytes.swap16();
    return bytes.toString('utf16le');
  }

  private write(text: string): void {
    if (this.length + text.length > this.units.length) this.grow(text.length);
    const units = this.units;
    let n = this.length;
    for (let i = 0; i < text.length; i++) units[n++] = text.charCodeAt(i);
    this.length = n;
  }

  private unit(code: number): void {
    if (this.length === this.units.length) this.grow(1);
    this.units[this.length++] = code;
  }

  private grow(needed: number): void {
    const bigger = new Uint16Array(Math.max(this.units.length * 2, this.length + needed));
    bigger.set(this.units.subarray(0, this.length));
    this.units = bigger;
  }
}

const NEWLINE = 10;
const SPACE = 32;

const LONGER_PUNCTUATORS = new Set([
  '->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '*=', '/=', '%=', '+=', '-=',
  '&=', '^=', '|=', '##', '..', '//', '/*', '<<=', '>>=',
]);

/** Tokens written next to each other in the source stay together (`seta20.1`, `.text.startup` in assembly). */
function adjacentInSource(a: Token, b: Token): boolean {
  return a.loc.file === b.loc.file && a.loc.line === b.loc.line && b.loc.col === a.loc.col + a.text.length;
}

/** Whether writing `b` right after `a` would read back as different tokens. */
function wouldPaste(a: Token, b: Token): boolean {
  const last = a.text.charCodeAt(a.text.length - 1);
  const first = b.text.charCodeAt(0);
  if ((a.kind === 'ident' || a.kind === 'number') && isWordChar(first)) return true;
  if (a.kind === 'punct' && b.kind === 'number' && last === DOT) return true;
  // `0xE` then `+1` would read back as the single pp-number `0xE+1`.
  if (a.kind === 'number' && isExponentLetter(last) && (first === PLUS || first === MINUS)) return true;
  if (a.kind === 'punct' && b.kind === 'punct') return LONGER_PUNCTUATORS.has(a.text[a.text.length - 1]! + b.text[0]!);
  return false;
}

const DOT = 46;
const PLUS = 43;
const MINUS = 45;

/** `[A-Za-z0-9_$.]`: characters that continue an identifier or a pp-number. */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c === DOT;
}

function isExponentLetter(c: number): boolean {
  return c === 101 || c === 69 || c === 112 || c === 80; // e E p P
}
