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
