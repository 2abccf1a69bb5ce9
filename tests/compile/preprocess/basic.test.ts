import { describe, expect, test } from '@jest/globals';
import { run } from './helpers.js';

describe('preprocess: basics', () => {
  test('object-like and function-like macros', () => {
    expect(run('#define N 10\n#define f(x, y) ((x) + (y) * N)\nint a = f(1, 2);').text).toBe('int a = ((1) + (2) * 10);');
  });

  test('#include "…" beside the includer, <…> from the shipped headers; includes lists every file read', () => {
    const r = run('#include "inc/a.h"\n#include <stdbool.h>\nbool x = A;', { 'inc/a.h': '#include "b.h"\n', 'inc/b.h': '#define A true\n' });
    expect(r.text).toBe('bool x = A;'.replace('bool', '_Bool').replace('A', '1'));
    expect(r.includes).toEqual(['main.c', 'inc/a.h', 'inc/b.h', '<layermake>/stdbool.h']);
    expect(r.errors).toEqual([]);
  });

  test('expansion tokens are located where the macro was used', () => {
    const r = run('#define X a + b\n  X;');
    expect(r.tokens.slice(0, 3).map((t) => [t.text, t.loc.line, t.loc.col])).toEqual([['a', 2, 3], ['+', 2, 3], ['b', 2, 3]]);
  });
});

describe('preprocess: directives', () => {
  test('#line renumbers __LINE__, also inside #if, and renames __FILE__', () => {
    const r = run('#line 1000 "x.c"\n#if __LINE__ == 1000\n__LINE__ __FILE__\n#endif\n');
    expect(r.text).toBe('1001 "x.c"');
  });

  test('#pragma push_macro / pop_macro', () => {
    const r = run('#define A 1\n#pragma push_macro("A")\n#undef A\n#define A 2\nA\n#pragma pop_macro("A")\nA\n');
    expect(r.text).toBe('2 1');
  });

  test('#pragma once and include guards include a header once', () => {
    const files = { 'once.h': '#pragma once\nonce\n', 'guard.h': '#ifndef G\n#define G\nguarded\n#endif\n' };
    expect(run('#include "once.h"\n#include "once.h"\n#include "guard.h"\n#include "guard.h"\n', files).text).toBe('once guarded');
  });

  test('-D and -U, -D without a value is 1, function-like -D', () => {
    const r = run('A B C F(2)', {}, { defines: { A: undefined, B: 'x y', C: '3', 'F(x)': 'x*x' }, undefines: ['C'] });
    expect(r.text).toBe('1 x y C 2*2');
  });

  test('predefined target macros and fixed __DATE__/__TIME__', () => {
    expect(run('__i386__ __STDC_VERSION__ __layermake__ __SIZEOF_LONG__ __CHAR_BIT__ __DATE__ __TIME__').text)
      .toBe('1 199901L 1 4 8 "Jan  1 1970" "00:00:00"');
  });

  test('__has_include', () => {
    expect(run('#if __has_include(<stdint.h>) && !__has_include("nope.h")\nyes\n#endif\n').text).toBe('yes');
  });

  test('_Pragma("once") and unknown pragmas vanish from the token stream', () => {
    const r = run('a _Pragma("GCC diagnostic push") b\n#pragma pack(1)\nc');
    expect(r.text).toBe('a b c');
    expect(r.warnings).toEqual(['#pragma pack is not supported (use __attribute__((packed))); layouts are unchanged']);
  });

  test('a directive inside macro arguments is processed', () => {
    expect(run('#define f(x) [x]\nf(1\n#ifdef NOPE\n2\n#else\n3\n#endif\n)').text).toBe('[1 3]');
  });
});

describe('preprocess: __VA_OPT__', () => {
  test('expands its tokens only when there are variable arguments', () => {
    const r = run('#define F(a, ...) f(a __VA_OPT__(,) __VA_ARGS__)\nF(1) F(1, 2, 3) F(x,)');
    expect(r.tokens.map((t) => t.text).join('')).toBe('f(1)f(1,2,3)f(x)');
  });
});

describe('preprocess: include guards', () => {
  test('a header whose #ifndef has an #else is not mistaken for a guarded one', () => {
    const files = { 'h.h': '#ifndef G\n#define G\nfirst\n#else\nagain\n#endif\n' };
    expect(run('#include "h.h"\n#include "h.h"\n#include "h.h"\n', files).text).toBe('first again again');
  });

  test('text after the guard\'s #endif is seen on every inclusion', () => {
    const files = { 'h.h': '#ifndef G\n#define G\nonce\n#endif\nalways\n' };
    expect(run('#include "h.h"\n#include "h.h"\n', files).text).toBe('once always always');
  });
});
