// Preprocessed output as text, for assembly sources (.S): GNU as reads the result,
// so tokens are re-spaced on their original lines and `# LINE "FILE"` markers tell
// the assembler where each line came from, for its own diagnostics.

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
  const renderer = new TextRenderer();
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

/** Builds the text a token at a time (`eof` excluded). */
class TextRenderer {
  private out = '';
  private file = '';
  private line = 0;
  private prev: Token | undefined;

  readonly add = (t: Token): void => {
    if (t.loc.file !== this.file || (t.lineStart && t.loc.line !== this.line)) {
      const gap = t.loc.line - this.line;
      if (t.loc.file !== this.file || gap < 0 || gap > MAX_BLANK_LINES) {
        if (this.prev) this.out += '\n';
        this.out += `# ${t.loc.line} "${t.loc.file.replace(/[\\"]/g, (c) => "\\" + c)}"\n`;
      } else {
        this.out += '\n'.repeat(gap);
      }
      this.file = t.loc.file;
      this.line = t.loc.line;
      if (t.spaceBefore || t.loc.col > 1) this.out += ' ';
    } else if (this.prev && (t.spaceBefore || (!adjacentInSource(this.prev, t) && wouldPaste(this.prev, t)))) {
      this.out += ' ';
    }
    this.out += t.text;
    this.prev = t;
  };

  finish(): string {
    return this.out + '\n';
  }
}

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
  const last = a.text[a.text.length - 1] ?? '';
  const first = b.text[0] ?? '';
  const word = /[A-Za-z0-9_$.]/;
  if ((a.kind === 'ident' || a.kind === 'number') && word.test(first)) return true;
  if (a.kind === 'punct' && b.kind === 'number' && last === '.') return true;
  // `0xE` then `+1` would read back as the single pp-number `0xE+1`.
  if (a.kind === 'number' && /[eEpP]/.test(last) && (first === '+' || first === '-')) return true;
  if (a.kind === 'punct' && b.kind === 'punct') return LONGER_PUNCTUATORS.has(last + first);
  return false;
}
