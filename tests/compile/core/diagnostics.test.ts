// Bad input gives house-style diagnostics (file:line:col, the line, a caret), several per
// run where recovery is sound, and never an exception.
import { describe, expect, test } from '@jest/globals';
import { formatDiagnostic } from '../../../src/diagnostics.js';
import { compile, errorsOf } from './support.js';

describe('compiler diagnostics', () => {
  test('an undeclared identifier, with the line and a caret', () => {
    const r = compile('a.c', 'int f(void) {\n  return nope + 1;\n}\n');
    expect(r.asm).toBeUndefined();
    expect(errorsOf(r)).toBe("a.c:2:10: error: 'nope' undeclared\n 2 |   return nope + 1;\n   |          ^~~~");
  });

  test('several errors in one run, recovering at ; and }', () => {
    const r = compile('b.c', 'int f(void) {\n  int x = ;\n  x = y;\n  return x\n}\nint g(void) { return 1 + ; }\nint ok(void) { return 2; }\n');
    const lines = r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.location?.line}:${d.message}`);
    expect(lines).toEqual([
      "2:expected an expression before ';'",
      "3:'y' undeclared",
      "5:expected ';' before '}'",
      "6:expected an expression before ';'",
    ]);
  });

  test('floating point is rejected plainly', () => {
    const r = compile('c.c', 'double half(int x) { return x / 2.0; }\n');
    expect(errorsOf(r)).toContain("c.c:1:8: error: function 'half': floating point is not supported by ClightX");
    const r2 = compile('c.c', 'int f(void) { float v = 1; return 0; }\n');
    expect(errorsOf(r2)).toContain("variable 'v': floating point is not supported by ClightX");
  });

  test('type errors name the types', () => {
    const r = compile('d.c', 'struct s { int a; };\nint f(struct s v) { return v + 1; }\n');
    expect(errorsOf(r)).toContain("d.c:2:30: error: invalid operands to binary '+' (have 'struct s' and 'int')");
  });

  test('a missing member and a redefinition carry notes', () => {
    const r = compile('e.c', 'struct s { int a; } v;\nint f(void) { return v.b; }\nint f(void) { return 0; }\n');
    const errs = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errs[0].message).toBe("'struct s' has no member named 'b'");
    expect(errs[1].message).toBe("redefinition of 'f'");
    expect(errs[1].notes?.[0].location?.line).toBe(2);
  });

  test('garbage never throws and always yields an error with a location', () => {
    const inputs = ['int', '}}}', 'int f( {', 'struct { int x : 99; } q;', 'int a[-1];', '"unterminated', 'int f(void) { switch (1) { case 1: case 1: ; } }',
      'int x = 1 / 0;', 'void f(void) { asm("" : "=r"(1)); }', 'void f(void) { goto nowhere; }', 'int f(void) { return sizeof(struct nope); }'];
    for (const text of inputs) {
      const r = compile('g.c', text);
      const errs = r.diagnostics.filter((d) => d.severity === 'error');
      expect(errs.length).toBeGreaterThan(0);
      for (const d of errs) {
        expect(formatDiagnostic(d)).toMatch(/^g\.c:\d+:\d+: error: /);
        expect(d.message).not.toMatch(/internal compiler error/);
      }
    }
  });
});
