// Macro expansion compared against gcc's preprocessor (`gcc -E -P -undef`): the C
// standard's own examples (6.10.3.5) and the corner cases of rescanning, hide sets,
// `#`, `##` and variadic macros. Token streams are compared, not whitespace.
import { execFileSync } from 'node:child_process';
import { describe, expect, test } from '@jest/globals';
import { tokenize } from '../../../src/compile/preprocess/index.js';
import { run } from './helpers.js';

const CASES: Record<string, string> = {
  'standard example 3 (rescanning, hide sets, #, ##)': `
#define x 3
#define f(a) f(x * (a))
#undef x
#define x 2
#define g f
#define z z[0]
#define h g(~
#define m(a) a(w)
#define w 0,1
#define t(a) a
#define p() int
#define q(x) x
#define r(x,y) x ## y
#define str(x) # x
f(y+1) + f(f(z)) % t(t(g)(0) + t)(1);
g(x+(3,4)-w) | h 5) & m
(f)^m(m);
p() i[q()] = { q(1), r(2,3), r(4,), r(,5), r(,) };
char c[2][6] = { str(hello), str() };
`,
  'standard example 4 (stringizing and pasting)': `
#define str(s) # s
#define xstr(s) str(s)
#define debug(s, t) printf("x" # s "= %d, x" # t "= %s", \\
 x ## s, x ## t)
#define INCFILE(n) vers ## n
#define glue(a, b) a ## b
#define xglue(a, b) glue(a, b)
#define HIGHLOW "hello"
#define LOW LOW ", world"
debug(1, 2);
fputs(str(strncmp("abc\\0d", "abc", '\\4') // this goes away
 == 0) str(: @\\n), s);
xstr(INCFILE(2).h)
glue(HIGH, LOW);
xglue(HIGH, LOW)
`,
  'standard example 5 (placemarkers)': `
#define t(x,y,z) x ## y ## z
int j[] = { t(1,2,3), t(,4,5), t(6,,7), t(8,9,),
 t(10,,), t(,11,), t(,,12), t(,,) };
`,
  'standard example 7 (variadic)': `
#define debug(...) fprintf(stderr, __VA_ARGS__)
#define showlist(...) puts(#__VA_ARGS__)
#define report(test, ...) ((test)?puts(#test):\\
 printf(__VA_ARGS__))
debug("Flag");
debug("X = %d\\n", x);
showlist(The first, second, and third items.);
report(x>y, "x is %d but y is %d", x, y);
`,
  'self-reference and mutual recursion stop': `
#define foo foo + 1
#define a b
#define b a
#define EMPTY
#define LPAREN (
#define f(x) [x]
foo a b f EMPTY (1) f LPAREN 2)
`,
  'function-like macro name without arguments, and arguments from after the expansion': `
#define f(x) (x+1)
#define g f
#define ID(x) x
int f; g(2); ID(f)(3); ID(g) (4);
`,
  'GNU comma swallowing and named variadic parameters': `
#define log(fmt, ...) printk(fmt, ## __VA_ARGS__)
#define elog(fmt, args...) printk(fmt, ## args)
log("a"); log("b", 1, 2); elog("c"); elog("d", 3);
`,
  'nested arguments and parentheses': `
#define max(a, b) ((a) > (b) ? (a) : (b))
#define sq(x) ((x) * (x))
max(sq(max(1, 2)), (3, 4)) max((a, b), c)
`,
  'conditionals with full expressions': `
#define V 3
#if V * 2 == 6 && defined(V) && !defined UNDEF
yes1
#endif
#if -1 < 0u
bad
#else
unsigned_compare
#endif
#if (0x7fffffffffffffff + 0) > 0 && (-1 >> 63) == -1 && ('a' == 97) && '\\377' < 0
yes2
#endif
#if 0
#error not reached
#elif 1 ? 2 : (1/0)
yes3
#else
no
#endif
#ifdef V
#undef V
#endif
#ifndef V
yes4
#endif
#if UNDEFINED_IDENT || 0x10 != 16
no
#elif (1 << 63) < 0 && 18446744073709551615u == -1
yes5
#endif
`,
  '__LINE__ and #line': `
a __LINE__
#line 100
b __LINE__
c __LINE__
`,
};

function gccTokens(source: string): string[] | undefined {
  try {
    const out = execFileSync('gcc', ['-E', '-P', '-undef', '-std=c99', '-x', 'c', '-'], { input: source, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    return tokenize('gcc.i', out).filter((t) => t.kind !== 'eof').map((t) => t.text);
  } catch {
    return undefined;
  }
}

let gccAvailable = true;
try {
  execFileSync('gcc', ['--version']);
} catch {
  gccAvailable = false;
}

describe('macro expansion agrees with gcc -E', () => {
  if (!gccAvailable) {
    test.skip('gcc is not installed: the oracle is unavailable', () => {});
    return;
  }
  for (const [name, source] of Object.entries(CASES)) {
    test(name, () => {
      const expected = gccTokens(source);
      expect(expected).toBeDefined();
      const ours = run(source);
      expect(ours.errors).toEqual([]);
      expect(ours.tokens.filter((t) => t.kind !== 'eof').map((t) => t.text)).toEqual(expected);
    });
  }
});
