import { describe, expect, test } from '@jest/globals';
import { error, formatDiagnostic, lineOf, positionOf } from '../src/diagnostics.js';

describe('house-style diagnostics', () => {
  test('file:line:col, the offending line and a caret under the column', () => {
    const text = 'int a;\nint b = c;\n';
    const d = error("'c' undeclared", { file: 'x.c', line: 2, col: 9 }, text);
    expect(formatDiagnostic(d)).toBe("x.c:2:9: error: 'c' undeclared\n 2 | int b = c;\n   |         ^");
  });

  test('positions are 1-based and lines exclude their terminator', () => {
    expect(positionOf('ab\ncd', 4)).toEqual({ line: 2, col: 2 });
    expect(lineOf('ab\r\ncd', 1)).toBe('ab');
    expect(lineOf('ab', 3)).toBeUndefined();
  });
});
