// Tokens, as the preprocessor hands them to the parser. The preprocessor works on
// preprocessing tokens (identifiers include keywords; numbers are pp-numbers); the
// parser classifies keywords and converts numbers itself.

import type { SourceLocation } from '../diagnostics.js';

export type TokenKind = 'ident' | 'number' | 'char' | 'string' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The spelling: `0x1fUL`, `'a'`, `L"wide"` (quotes and prefix included), `>>=`. */
  text: string;
  /** Where the token was written; for a macro expansion, where the macro was used. */
  loc: SourceLocation;
  /** Whitespace precedes it (matters for `#` stringizing and for output text). */
  spaceBefore: boolean;
  /** First token on its line. */
  lineStart: boolean;
}

export interface PreprocessResult {
  tokens: Token[];
  diagnostics: import('../diagnostics.js').Diagnostic[];
  /** Every file read, in first-read order (the main file first). */
  includes: string[];
  /** The text of every file read, by path: diagnostics show the offending line from it. */
  sources: Record<string, string>;
}
