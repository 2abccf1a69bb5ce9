import { describe, expect, test } from '@jest/globals';
import type { Diagnostic } from '../../../src/diagnostics.js';
import { tokenize } from '../../../src/compile/preprocess/index.js';

const kinds = (text: string) => tokenize('t.c', text).map((t) => `${t.kind}:${t.text}`);

describe('tokenize', () => {
  test('identifiers, pp-numbers, literals with prefixes, punctuators', () => {
    expect(kinds('x1 0x1fUL 1.5e+3 .5 L"w" u8"s" U\'c\' \'a\' >>= ... ->')).toEqual([
      'ident:x1', 'number:0x1fUL', 'number:1.5e+3', 'number:.5', 'string:L"w"', 'string:u8"s"', "char:U'c'",
      "char:'a'", 'punct:>>=', 'punct:...', 'punct:->', 'eof:',
    ]);
  });

  test('pp-numbers swallow what C says they do', () => {
    expect(kinds('0x1e+1 1..2 12ab')).toEqual(['number:0x1e+1', 'number:1..2', 'number:12ab', 'eof:']);
  });

  test('digraphs become their canonical punctuator', () => {
    expect(kinds('<: :> <% %> %: %:%:')).toEqual(['punct:[', 'punct:]', 'punct:{', 'punct:}', 'punct:#', 'punct:##', 'eof:']);
  });

  test('comments are whitespace; line and column are 1-based', () => {
    const tokens = tokenize('t.c', 'a /* x\n y */ b // c\n\tc');
    expect(tokens.map((t) => [t.text, t.loc.line, t.loc.col, t.spaceBefore, t.lineStart])).toEqual([
      ['a', 1, 1, false, true],
      ['b', 2, 7, true, false],
      ['c', 3, 2, true, true],
      ['', 3, 3, false, true],
    ]);
  });

  test('backslash-newline splices, even inside an identifier; positions stay physical', () => {
    const tokens = tokenize('t.c', 'ab\\\ncd x\\\r\n+= y');
    expect(tokens.map((t) => [t.text, t.loc.line, t.loc.col])).toEqual([
      ['abcd', 1, 1], ['x', 2, 4], ['+=', 3, 1], ['y', 3, 4], ['', 3, 5],
    ]);
  });

  test('an unterminated comment is a diagnostic at its start', () => {
    const diagnostics: Diagnostic[] = [];
    tokenize('t.c', 'int a;\n  /* never closed', diagnostics);
    expect(diagnostics.map((d) => [d.message, d.location?.line, d.location?.col])).toEqual([['unterminated comment', 2, 3]]);
  });

  test('an unterminated string is a token carrying its error', () => {
    const [t] = tokenize('t.c', '"abc\nx');
    expect(t).toMatchObject({ kind: 'string', text: '"abc', error: 'missing terminating " character' });
  });

  test('assembler mode: $ is punctuation and digraphs are off', () => {
    expect(tokenize('t.S', 'movl $N, %eax', undefined, { assembler: true }).map((t) => t.text)).toEqual(['movl', '$', 'N', ',', '%', 'eax', '']);
    expect(tokenize('t.S', '<%', undefined, { assembler: true }).map((t) => t.text)).toEqual(['<', '%', '']);
  });
});
