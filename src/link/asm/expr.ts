// GNU as expressions: the syntax tree and its parser. Precedence follows the
// GNU as manual: unary, then * / % << >>, then | & ^ !, then + - and the
// comparisons, then && ||. Evaluation needs symbols and lives in the assembler.

import { Cursor, isDigit, isIdentPart } from './cursor.js';

export type Expr =
  | { k: 'num'; v: number; /** The exact value of a literal beyond 2^53 (for .quad). */ big?: bigint }
  | { k: 'sym'; name: string; at: number }
  | { k: 'dot'; at: number }
  | { k: 'un'; op: string; a: Expr }
  | { k: 'bin'; op: string; a: Expr; b: Expr; at: number };

/** Resolves `1b` / `1f` to the internal name of that numeric label instance. */
export type LocalLabelRef = (label: string, forward: boolean, at: number) => string;

/** Binary operators bind tighter at higher levels (0: `&& ||` … 3: `* / % << >>`). */
function levelOf(op: string): number {
  switch (op) {
    case '&&': case '||': return 0;
    case '+': case '-': case '==': case '<>': case '!=': case '<=': case '>=': case '<': case '>': return 1;
    case '|': case '&': case '^': case '!': return 2;
    default: return 3;
  }
}

export function parseExpr(cur: Cursor, localRef: LocalLabelRef): Expr {
  return parseBinary(cur, localRef, 0);
}

/**
 * Operands joined by operators of at least `minLevel`, by precedence climbing: a lone
 * operand (most expressions: a number, a symbol) costs one look for an operator, not
 * one per level. Left-associative, as GNU as.
 */
function parseBinary(cur: Cursor, localRef: LocalLabelRef, minLevel: number): Expr {
  let left = parseUnary(cur, localRef);
  for (;;) {
    cur.skipSpace();
    const at = cur.i;
    const op = binaryOperatorAt(cur.s, cur.i, cur.end);
    if (!op) return left;
    const level = levelOf(op);
    if (level < minLevel) return left;
    cur.i += op.length;
    const right = parseBinary(cur, localRef, level + 1);
    left = { k: 'bin', op, a: left, b: right, at };
  }
}

/**
 * The operator at i, longest first, or ''. Compares character codes and returns
 * literals: it runs at every level after every operand of every expression.
 * (The second character is read even past `end`, as a two-character slice would.)
 */
function binaryOperatorAt(s: string, i: number, end: number): string {
  if (i >= end) return '';
  const next = s.charCodeAt(i + 1);
  switch (s.charCodeAt(i)) {
    case 38: return next === 38 ? '&&' : '&';
    case 124: return next === 124 ? '||' : '|';
    case 61: return next === 61 ? '==' : '';
    case 33: return next === 61 ? '!=' : '!';
    case 60: return next === 62 ? '<>' : next === 61 ? '<=' : next === 60 ? '<<' : '<';
    case 62: return next === 61 ? '>=' : next === 62 ? '>>' : '>';
    case 43: return '+';
    case 45: return '-';
    case 42: return '*';
    case 47: return '/';
    case 37: return '%';
    case 94: return '^';
    default: return '';
  }
}

function parseUnary(cur: Cursor, localRef: LocalLabelRef): Expr {
  const c = cur.peek();
  if (c === '-' || c === '~' || c === '!' || c === '+') {
    cur.i++;
    const a = parseUnary(cur, localRef);
    return c === '+' ? a : { k: 'un', op: c, a };
  }
  return parsePrimary(cur, localRef);
}

function parsePrimary(cur: Cursor, localRef: LocalLabelRef): Expr {
  const at = cur.i;
  const c = cur.peek();
  if (c === '(') {
    cur.i++;
    const e = parseExpr(cur, localRef);
    cur.expect(')');
    return e;
  }
  if (c === "'") return { k: 'num', v: parseCharConstant(cur) };
  if (c !== '' && isDigit(c.charCodeAt(0))) return parseNumberOrLocalRef(cur, localRef);
  if (c === '.' && !isIdentPart(cur.s.charCodeAt(cur.i + 1) || 0)) {
    cur.i++;
    return { k: 'dot', at: cur.i - 1 };
  }
  const name = cur.ident();
  if (name) return { k: 'sym', name, at: cur.i - name.length };
  if (c === '"') {
    // GNU as allows quoted symbol names.
    const close = cur.s.indexOf('"', cur.i + 1);
    if (close > cur.i) {
      const name = cur.s.slice(cur.i + 1, close);
      cur.i = close + 1;
      return { k: 'sym', name, at };
    }
  }
  return cur.fail(c === '' ? 'expected an expression' : `unexpected '${c}' in expression`, cur.i);
}

function parseCharConstant(cur: Cursor): number {
  cur.i++; // the quote
  let v: number;
  if (cur.s[cur.i] === '\\') {
    const e = cur.s[cur.i + 1];
    v = ESCAPES[e] ?? e.charCodeAt(0);
    cur.i += 2;
  } else {
    v = cur.s.charCodeAt(cur.i);
    cur.i++;
  }
  if (cur.s[cur.i] === "'") cur.i++;
  return v;
}

export const ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, a: 7, '0': 0, '\\': 92, '"': 34, "'": 39 };

function parseNumberOrLocalRef(cur: Cursor, localRef: LocalLabelRef): Expr {
  const s = cur.s;
  const from = cur.i;
  let i = from;
  while (i < cur.end && isDigit(s.charCodeAt(i))) i++;
  const next = s[i];
  const after = s.charCodeAt(i + 1) || 0;
  if ((next === 'b' || next === 'f' || next === 'B' || next === 'F') && !isIdentPart(after) && !(s[from] === '0' && i === from + 1 && next.toLowerCase() === 'b' && isDigit(after))) {
    cur.i = i + 1;
    return { k: 'sym', name: localRef(s.slice(from, i), next.toLowerCase() === 'f', from), at: from };
  }
  let j = i;
  while (j < cur.end && isIdentPart(s.charCodeAt(j))) j++;
  const token = s.slice(from, j);
  cur.i = j;
  // Plain decimals (most numbers: displacements, .byte lists) need no pattern matching.
  if (j === i && (s.charCodeAt(from) !== 48 || j === from + 1)) {
    const v = Number(token);
    if (Number.isSafeInteger(v)) return { k: 'num', v };
  }
  let v: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(token)) v = parseInt(token.slice(2), 16);
  else if (/^0[bB][01]+$/.test(token)) v = parseInt(token.slice(2), 2);
  else if (/^0[0-7]*$/.test(token)) v = token.length > 1 ? parseInt(token.slice(1), 8) : 0;
  else if (/^[1-9][0-9]*$/.test(token)) v = Number(token);
  else return cur.fail(`invalid number '${token}'`, from, token.length);
  if (!Number.isSafeInteger(v)) {
    const digits = /^0[0-7]+$/.test(token) ? '0o' + token.slice(1) : token;
    return { k: 'num', v, big: BigInt(digits) };
  }
  return { k: 'num', v };
}
