// At -O1, kernel-like functions go through the IR backend (lower → optimize → linear
// scan → AsmX), which keeps no frame pointer; the constructs the IR does not model
// fall back, one function at a time, to the AST code generator, whose prologue sets
// up %ebp as one. -O0 is the AST code generator throughout. (What the code computes is checked
// against gcc by e2e.test.ts, the c-testsuite and Csmith tests.)
import { describe, expect, test } from '@jest/globals';
import { compile, errorsOf } from './support.js';

const SOURCE = `
#include <stdarg.h>
struct node { int key; struct node *next; unsigned int flags : 3; };
struct big { int a[8]; };
static int table[16][16];

int sum(int *a, int n) { int s = 0; for (int i = 0; i < n; i++) s += a[i]; return s; }
int find(struct node *n, int key) { while (n && n->key != key) n = n->next; return n ? (int)n->flags : -1; }
void set(int r, int c, int v) { table[r][c] = v; }
unsigned long long mix(unsigned long long h, unsigned int v) { return (h ^ v) * 1099511628211ull; }
static int helper(int x) { return x * 3; }
int caller(int x) { return helper(x) + sum(&x, 1); }
int pick(int k) { switch (k) { case 1: return 4; case 2: return 9; case 5: return 1; default: return 0; } }
void copy(struct big *d, const struct big *s) { *d = *s; }
int zeroed(int k) { int a[100] = {0}; a[k & 63] = k; return a[k & 31]; }
long long divide(long long a, long long b) { return a / b; }
long long shift(long long a, int n) { return a << n; }

int with_asm(int x) { __asm__ volatile("" : "+r"(x)); return x; }
int variadic(int n, ...) { va_list ap; va_start(ap, n); int v = va_arg(ap, int); va_end(ap); return v + n; }
struct big make(int x) { struct big b = {{x}}; return b; }
int vla(int n) { int a[n]; a[0] = n; return a[0]; }
`;

const VIA_IR = ['sum', 'find', 'set', 'mix', 'caller', 'pick', 'copy', 'make', 'zeroed', 'divide', 'shift'];
const VIA_AST = ['with_asm', 'variadic', 'vla'];

function bodyOf(asm: string, name: string): string {
  const start = asm.indexOf(`\n${name}:\n`);
  const end = asm.indexOf(`.size ${name},`, start);
  expect(start).toBeGreaterThanOrEqual(0);
  return asm.slice(start, end);
}

describe('-O1 code generation path per function', () => {
  const o1 = compile('irpath.c', SOURCE, { optLevel: 1 });
  const o0 = compile('irpath.c', SOURCE, { optLevel: 0 });

  test('the module compiles at both levels', () => {
    expect(errorsOf(o1)).toBe('');
    expect(errorsOf(o0)).toBe('');
  });

  test.each(VIA_IR)('%s takes the IR backend at -O1', (name) => {
    expect(bodyOf(o1.asm!, name)).not.toMatch(/movl %esp, %ebp/);
  });

  test.each(VIA_AST)('%s falls back to the AST code generator at -O1', (name) => {
    expect(bodyOf(o1.asm!, name)).toMatch(/movl %esp, %ebp/);
  });

  test('-O0 uses the AST code generator for every function', () => {
    for (const name of [...VIA_IR, ...VIA_AST]) expect(bodyOf(o0.asm!, name)).toMatch(/movl %esp, %ebp/);
  });

  test('a small static function is inlined into its caller', () => {
    expect(bodyOf(o1.asm!, 'caller')).not.toMatch(/call helper/);
    expect(bodyOf(o0.asm!, 'caller')).toMatch(/call helper/);
  });

  test('the output is deterministic', () => {
    expect(compile('irpath.c', SOURCE, { optLevel: 1 }).asm).toBe(o1.asm);
  });
});
