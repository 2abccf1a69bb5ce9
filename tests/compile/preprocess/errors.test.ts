import { describe, expect, test } from '@jest/globals';
import { formatDiagnostic } from '../../../src/diagnostics.js';
import { preprocess } from '../../../src/compile/preprocess/index.js';
import { options, run } from './helpers.js';

/** Each error as `line:col: message`. */
function errorsOf(text: string, files: Record<string, string> = {}): string[] {
  return run(text, files).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.location?.line}:${d.location?.col}: ${d.message}`);
}

describe('preprocessor diagnostics', () => {
  test('unterminated #if, at the #if', () => {
    expect(errorsOf('int a;\n#if 1\nint b;\n')).toEqual(['2:2: unterminated #if']);
    expect(errorsOf('#ifdef X\n#else\n')).toEqual(['1:2: unterminated #ifdef']);
  });

  test('unterminated #if inside an included file is reported in that file', () => {
    const r = run('#include "a.h"\nint x;\n', { 'a.h': '\n#ifndef G\n' });
    expect(r.diagnostics.map((d) => `${d.location?.file}:${d.location?.line}: ${d.message}`)).toEqual(['a.h:2: unterminated #ifndef']);
    expect(r.text).toBe('int x;');
  });

  test('#else after #else and #elif after #else, with a note at the first #else', () => {
    const r = run('#if 0\n#else\n#else\n#elif 1\n#endif\n');
    expect(r.errors).toEqual(['#else after #else', '#elif after #else']);
    expect(r.diagnostics[0]!.notes![0]!.location).toMatchObject({ line: 2 });
  });

  test('#else, #elif and #endif without #if', () => {
    expect(errorsOf('#else\n#elif 1\n#endif\n')).toEqual(['1:2: #else without #if', '2:2: #elif without #if', '3:2: #endif without #if']);
  });

  test('unterminated comment and string', () => {
    expect(errorsOf('char *s = "abc;\nint x; /* open')).toEqual(['2:8: unterminated comment', '1:11: missing terminating " character']);
  });

  test('an unterminated character constant in a skipped group is not an error', () => {
    expect(errorsOf("#if 0\ndon't\n#endif\n")).toEqual([]);
  });

  test('invalid directive', () => {
    expect(errorsOf('#foo bar\n#  12abc\n')).toEqual(['1:2: invalid preprocessing directive #foo', '2:4: invalid preprocessing directive #12abc']);
  });

  test('macro argument count mismatch, with the definition as a note', () => {
    const r = run('#define f(a, b) a\nf(1);\nf(1, 2, 3);\n#define g(a, ...) a\ng();\n');
    expect(r.errors).toEqual([
      'macro "f" requires 2 arguments, but only 1 given',
      'macro "f" passed 3 arguments, but takes just 2',
    ]);
    expect(r.diagnostics[0]!.notes![0]!.location).toMatchObject({ line: 1, col: 9 });
  });

  test('unterminated macro argument list', () => {
    expect(errorsOf('#define f(a) a\nf(1, (2)\n')).toEqual(['2:1: unterminated argument list invoking macro "f"']);
  });

  test('include not found lists where it looked', () => {
    const r = preprocess('src/m.c', '#include "nope.h"\n#include <also.h>\n', options({}, { includeDirs: ['inc', 'lib/inc'] }));
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'src/m.c:1:10: error: "nope.h" file not found\n 1 | #include "nope.h"\n   |          ^~~~~~~~\nnote: searched: src, inc, lib/inc, <layermake>',
      'src/m.c:2:10: error: <also.h> file not found\n 2 | #include <also.h>\n   |          ^\nnote: searched: inc, lib/inc, <layermake>',
    ]);
  });

  test('-I directories are searched in order, after the includer for quotes', () => {
    const files = { 'a/x.h': 'A', 'b/x.h': 'B', 'src/x.h': 'S' };
    expect(run('#include "x.h"\n', files, { includeDirs: ['a', 'b'] }).text).toBe('A');
    expect(preprocess('src/m.c', '#include "x.h"\n#include <x.h>\n', options(files, { includeDirs: ['b', 'a'] })).tokens.map((t) => t.text)).toEqual(['S', 'B', '']);
  });

  test('#error is an error, #warning a warning, both with their text', () => {
    const r = run('#error stop  here\n#warning careful\nint x;');
    expect(r.errors).toEqual(['#error stop here']);
    expect(r.warnings).toEqual(['#warning careful']);
    expect(r.text).toBe('int x;');
  });

  test('bad #define forms', () => {
    expect(errorsOf('#define\n#define 3 x\n#define f(a, a) a\n#define g(a) #b\n#define h ## x\n#define defined\n')).toEqual([
      '1:2: no macro name given in #define directive',
      '2:9: macro names must be identifiers',
      '3:14: duplicate macro parameter "a"',
      "4:14: '#' is not followed by a macro parameter",
      "5:11: '##' cannot appear at either end of a macro expansion",
      '6:9: "defined" cannot be used as a macro name',
    ]);
  });

  test('bad #if expressions', () => {
    expect(errorsOf('#if\n#endif\n#if 1 +\n#endif\n#if 1/0\n#endif\n#if 1.5\n#endif\n#if (1\n#endif\n#if 1 2\n#endif\n')).toEqual([
      '1:2: #if with no expression',
      '3:7: expected value in expression',
      '5:6: division by zero in #if',
      '7:5: floating constant in preprocessor expression',
      "9:6: expected ')' in preprocessor expression",
      '11:7: missing binary operator before token "2"',
    ]);
  });

  test('several errors in one run, and the text after them still comes through', () => {
    const r = run('#bad\n#define f(x) x\nf(1,2)\nint ok;\n#if\n#endif\n');
    expect(r.errors).toHaveLength(3);
    expect(r.text).toBe('int ok;');
  });

  test('redefinition with a different body warns, with a note', () => {
    const r = run('#define A 1\n#define A 1\n#define A 2\n');
    expect(r.warnings).toEqual(['"A" redefined']);
    expect(r.diagnostics[0]!.notes![0]!.location).toMatchObject({ line: 2 });
  });

  test('a readFile that throws is "not found", never an exception', () => {
    const r = preprocess('m.c', '#include "x.h"\n', { includeDirs: [], defines: {}, readFile: () => { throw new Error('EACCES'); } });
    expect(r.diagnostics.map((d) => d.message)).toEqual(['"x.h" file not found']);
  });
});
