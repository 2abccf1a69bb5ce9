// The preprocessor's entry points. preprocess() never throws: every problem, even an
// internal one, comes back as a diagnostic, because a compile job in a worker must
// always return data.

import type { Diagnostic } from '../../diagnostics.js';
import { error } from '../../diagnostics.js';
import type { PreprocessOptions } from '../api.js';
import type { PreprocessResult } from '../token.js';
import type { PreprocessorOptions } from './preprocessor.js';
import { Preprocessor } from './preprocessor.js';

export { tokenize } from './lexer.js';
export type { PPToken, LexOptions } from './lexer.js';
export { preprocessToText, renderTokens } from './text.js';
export type { PreprocessedText } from './text.js';
export { BUILTIN_HEADERS, BUILTIN_INCLUDE_DIR } from '../include/headers.js';
export type { PreprocessorOptions };

export function preprocess(file: string, text: string, options: PreprocessOptions & { assembler?: boolean }): PreprocessResult {
  try {
    return new Preprocessor(options).run(file, text);
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
