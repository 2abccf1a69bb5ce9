// Shared helpers for the preprocessor tests: an in-memory file system and token spelling.
import type { PreprocessOptions } from '../../../src/compile/api.js';
import { preprocess } from '../../../src/compile/preprocess/index.js';
import type { Token } from '../../../src/compile/token.js';

export function memoryFs(files: Record<string, string>): PreprocessOptions['readFile'] {
  return (path) => files[path];
}

export function options(files: Record<string, string> = {}, extra: Partial<PreprocessOptions> = {}): PreprocessOptions {
  return { includeDirs: [], defines: {}, readFile: memoryFs(files), ...extra };
}

/** Tokens spelled with single spaces where the source had space, eof dropped. */
export function spell(tokens: readonly Token[]): string {
  let out = '';
  for (const t of tokens) {
    if (t.kind === 'eof') break;
    if (out && (t.spaceBefore || t.lineStart)) out += ' ';
    out += t.text;
  }
  return out;
}

/** Preprocesses `text` as main.c and returns its spelling and error messages. */
export function run(text: string, files: Record<string, string> = {}, extra: Partial<PreprocessOptions> = {}) {
  const result = preprocess('main.c', text, options(files, extra));
  return {
    text: spell(result.tokens),
    tokens: result.tokens,
    errors: result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    warnings: result.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message),
    diagnostics: result.diagnostics,
    includes: result.includes,
  };
}
