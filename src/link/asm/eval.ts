// Evaluates expressions to a constant plus symbol terms. While parsing, a
// difference of two labels folds only when both lie in the same fragment (their
// distance cannot change); at the end, after relaxation, any two labels of one
// section fold. What remains becomes a relocation or an error.

import { StatementError } from './cursor.js';
import type { Expr } from './expr.js';
import { type Sym, newSym, symAddress } from './model.js';

export interface Term {
  sym: Sym;
  c: number;
}

export interface Value {
  n: number;
  terms: Term[];
}

export interface EvalContext {
  lookup(name: string): Sym;
  /** The location `.` stands for. */
  dot: () => Sym;
  final: boolean;
}

/** Shared empty term list: values are never mutated in place. */
export const NO_TERMS: Term[] = [];

export function evaluate(e: Expr, ctx: EvalContext): Value {
  switch (e.k) {
    case 'num':
      return { n: e.v, terms: NO_TERMS };
    case 'dot':
      return { n: 0, terms: [{ sym: ctx.dot(), c: 1 }] };
    case 'sym':
      return symbolValue(ctx.lookup(e.name), e.at, ctx);
    case 'un': {
      const a = evaluate(e.a, ctx);
      if (e.op === '-') return { n: -a.n, terms: a.terms.map((t) => ({ sym: t.sym, c: -t.c })) };
      const n = needConstant(a, e.op, 0);
      return { n: e.op === '~' ? Number(BigInt.asIntN(64, ~BigInt(Math.trunc(n)))) : n === 0 ? 1 : 0, terms: [] };
    }
    case 'bin':
      return binary(e.op, evaluate(e.a, ctx), evaluate(e.b, ctx), e.at, ctx.final);
  }
}

function symbolValue(sym: Sym, at: number, ctx: EvalContext): Value {
  sym.used = true;
  if (sym.absolute !== undefined) return { n: sym.absolute, terms: NO_TERMS };
  // A global alias (`.globl a; .set a, f`) is relocated against itself, as GNU as does.
  if (sym.equ && ctx.final && sym.binding !== 'local') return { n: 0, terms: [{ sym, c: 1 }] };
  if (sym.equ) {
    if (sym.expanding) throw new StatementError(`symbol '${sym.name}' is defined in terms of itself`, at, sym.name.length);
    sym.expanding = true;
    try {
      const equDot = sym.equDot;
      return evaluate(sym.equ, { ...ctx, dot: equDot ? () => equDot : ctx.dot });
    } finally {
      sym.expanding = false;
    }
  }
  return { n: 0, terms: [{ sym, c: 1 }] };
}

function needConstant(v: Value, op: string, at: number): number {
  if (v.terms.length) throw new StatementError(`operator '${op}' needs constant operands, '${v.terms[0].sym.name}' is not constant`, at, op.length);
  return v.n;
}

function binary(op: string, a: Value, b: Value, at: number, final: boolean): Value {
  if (op === '+' || op === '-') {
    const sign = op === '+' ? 1 : -1;
    const terms = a.terms.slice();
    for (const t of b.terms) addTerm(terms, t.sym, sign * t.c);
    return fold({ n: a.n + sign * b.n, terms }, final);
  }
  const x = needConstant(fold(a, final), op, at);
  const y = needConstant(fold(b, final), op, at);
  return { n: applyConstant(op, x, y, at), terms: [] };
}

function applyConstant(op: string, x: number, y: number, at: number): number {
  const big = (f: (p: bigint, q: bigint) => bigint) => Number(BigInt.asIntN(64, f(BigInt(Math.trunc(x)), BigInt(Math.trunc(y)))));
  switch (op) {
    case '*':
      return big((p, q) => p * q);
    case '/':
    case '%':
      if (y === 0) throw new StatementError('division by zero', at);
      return op === '/' ? Math.trunc(x / y) : x % y;
    case '<<':
      return big((p, q) => p << q);
    case '>>':
      return big((p, q) => p >> q);
    case '|':
      return big((p, q) => p | q);
    case '&':
      return big((p, q) => p & q);
    case '^':
      return big((p, q) => p ^ q);
    case '!':
      return big((p, q) => p | ~q);
    case '==':
      return x === y ? -1 : 0;
    case '!=':
    case '<>':
      return x !== y ? -1 : 0;
    case '<':
      return x < y ? -1 : 0;
    case '>':
      return x > y ? -1 : 0;
    case '<=':
      return x <= y ? -1 : 0;
    case '>=':
      return x >= y ? -1 : 0;
    case '&&':
      return x && y ? 1 : 0;
    case '||':
      return x || y ? 1 : 0;
  }
  throw new StatementError(`unknown operator '${op}'`, at);
}

function addTerm(terms: Term[], sym: Sym, c: number): void {
  for (let i = 0; i < terms.length; i++) {
    if (terms[i].sym === sym) {
      const sum = terms[i].c + c;
      if (sum === 0) terms.splice(i, 1);
      else terms[i] = { sym, c: sum };
      return;
    }
  }
  terms.push({ sym, c });
}

/** Folds pairs `+a -b` of labels whose distance is known. */
export function fold(v: Value, final: boolean): Value {
  if (v.terms.length < 2) return v;
  let n = v.n;
  const terms = v.terms.slice();
  for (let i = 0; i < terms.length; i++) {
    for (let j = 0; j < terms.length; j++) {
      const p = terms[i];
      const q = terms[j];
      if (!p || !q || i === j || p.c <= 0 || q.c >= 0 || !p.sym.frag || !q.sym.frag) continue;
      const known = final ? p.sym.frag.section === q.sym.frag.section : p.sym.frag === q.sym.frag;
      if (!known) continue;
      const distance = final ? symAddress(p.sym) - symAddress(q.sym) : p.sym.offset - q.sym.offset;
      const k = Math.min(p.c, -q.c);
      n += k * distance;
      terms[i] = { sym: p.sym, c: p.c - k };
      terms[j] = { sym: q.sym, c: q.c + k };
      if (terms[i].c === 0 || terms[j].c === 0) {
        const keep = terms.filter((t) => t.c !== 0);
        return fold({ n, terms: keep }, final);
      }
    }
  }
  return { n, terms };
}

/** A fresh location symbol (for `.`), not entered in the symbol table. */
export function locationSym(frag: Sym['frag'], offset: number): Sym {
  const s = newSym('.', true);
  s.frag = frag;
  s.offset = offset;
  return s;
}
