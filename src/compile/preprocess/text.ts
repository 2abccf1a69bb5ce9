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
  const result = preprocess(file, text, { ...options, assembler });
  return { text: renderTokens(result.tokens), diagnostics: result.diagnostics, includes: result.includes };
}

export function renderTokens(tokens: readonly Token[]): string {
  let out = '';
  let file = '';
  let line = 0;
  let prev: Token | undefined;
  for (const t of tokens) {
    if (t.kind === 'eof') break;
    if (t.loc.file !== file || (t.lineStart && t.loc.line !== line)) {
      const gap = t.loc.line - line;
      if (t.loc.file !== file || gap < 0 || gap > MAX_BLANK_LINES) {
        if (prev) out += '\n';
        out += `# ${t.loc.line} "${t.loc.file.replace(/[\\"]/g, (c) => "\\" + c)}"\n`;
      } else {
        out += '\n'.repeat(gap);
      }
      file = t.loc.file;
      line = t.loc.line;
      if (t.spaceBefore || t.loc.col > 1) out += ' ';
    } else if (prev && (t.spaceBefore || (!adjacentInSource(prev, t) && wouldPaste(prev, t)))) {
      out += ' ';
    }
    out += t.text;
    prev = t;
  }
  return out + '\n';
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
