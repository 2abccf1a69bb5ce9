// The preprocessor's entry points. preprocess() never throws: every problem, even an
// internal one, comes back as a diagnostic, because a compile job in a worker must
// always return data.

import type { Diagnostic } from '../../diagnostics.js';
import { error } from '../../diagnostics.js';
import type { PreprocessOptions } from '../api.js';
import type { PreprocessResult, Token } from '../token.js';
import type { PreprocessorOptions } from './preprocessor.js';
import { Preprocessor } from './preprocessor.js';

export { tokenize } from './lexer.js';
export type { PPToken, LexOptions } from './lexer.js';
export { preprocessToText, renderTokens } from './text.js';
export type { PreprocessedText } from './text.js';
export { BUILTIN_HEADERS, BUILTIN_INCLUDE_DIR } from '../include/headers.js';
export type { PreprocessorOptions };

/**
 * With a `sink`, every token but `eof` goes to it as soon as it is produced and the
 * result's `tokens` is empty, except after an internal error (then it is `[eof]`).
 */
export function preprocess(
  file: string, text: string, options: PreprocessOptions & { assembler?: boolean }, sink?: (t: Token) => void,
): PreprocessResult {
  try {
    return new Preprocessor(options).run(file, text, sink);
  } catch (e) {
    const diagnostics: Diagnostic[] = [
      error(`internal preprocessor error: ${e instanceof Error ? e.message : String(e)}`, { file, line: 1, col: 1 }, text),
    ];
    return {
      tokens: [{ kind: 'eof', text: '', loc: { file, line: 1, col: 1 }, spaceBefore: false, lineStart: true }],
      diagnostics,
      includes: [file],
      sources: { [file]: text },
    };
  }
}
