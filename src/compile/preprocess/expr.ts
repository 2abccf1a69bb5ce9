// The constant expressions of #if and #elif, after `defined` and macro expansion.
// C99 6.10.1: arithmetic is in intmax_t/uintmax_t (64 bits here), an operand that is
// unsigned makes the operation unsigned, identifiers left over are 0, and character
// constants have the value they would have in the compiled program (char is signed).
// BigInt keeps the 64-bit semantics exact; #if is far from any hot path.

import type { PPToken } from './lexer.js';

export class ExprError extends Error {
  constructor(message: string, readonly token: PPToken) {
    super(message);
  }
}

interface Value {
  value: bigint;
  unsigned: boolean;
}

const MASK64 = (1n << 64n) - 1n;

function normalize(value: bigint, unsigned: boolean): Value {
  return { value: unsigned ? BigInt.asUintN(64, value) : BigInt.asIntN(64, value), unsigned };
}

/** Evaluates the tokens (no `eof` needed) of a #if; `at` locates errors about a missing expression. */
export function evaluateCondition(tokens: PPToken[], at: PPToken): boolean {
  if (tokens.length === 0) throw new ExprError('#if with no expression', at);
  const parser = new ExprParser(tokens, at);
  const result = parser.conditional(true);
  if (parser.pos < tokens.length) {
    const token = tokens[parser.pos]!;
    throw new ExprError(`missing binary operator before token "${token.text}"`, token);
  }
  return result.value !== 0n;
}

// Binary operators by precedence, loosest first (the conditional and comma are handled apart).
const BINARY_LEVELS: string[][] = [
  ['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '>', '<=', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%'],
];

class ExprParser {
  pos = 0;
  constructor(private readonly tokens: PPToken[], private readonly at: PPToken) {}

  private peek(): PPToken | undefined {
    return this.tokens[this.pos];
  }

  private isPunct(text: string): boolean {
    const t = this.tokens[this.pos];
    return t !== undefined && t.kind === 'punct' && t.text === text;
  }

  private expect(text: string, context: PPToken): void {
    if (!this.isPunct(text)) {
      const t = this.peek();
      throw new ExprError(`expected '${text}' in preprocessor expression`, t ?? this.lastToken(context));
    }
    this.pos++;
  }

  private lastToken(fallback: PPToken): PPToken {
    return this.tokens[this.tokens.length - 1] ?? fallback;
  }

  /** `evaluated` is false in the unevaluated arm of &&, || and ?:, where 1/0 is not an error. */
  conditional(evaluated: boolean): Value {
    const condition = this.binary(0, evaluated);
    if (this.isPunct('?')) {
      const question = this.tokens[this.pos++]!;
      const taken = condition.value !== 0n;
      const whenTrue = this.comma(evaluated && taken);
      if (!this.isPunct(':')) throw new ExprError("'?' without following ':'", this.peek() ?? question);
      this.pos++;
      const whenFalse = this.conditional(evaluated && !taken);
      const unsigned = whenTrue.unsigned || whenFalse.unsigned;
      return normalize(taken ? whenTrue.value : whenFalse.value, unsigned);
    }
    return condition;
  }

  private comma(evaluated: boolean): Value {
    let value = this.conditional(evaluated);
    while (this.isPunct(',')) {
      this.pos++;
      value = this.conditional(evaluated);
    }
    return value;
  }

  private binary(level: number, evaluated: boolean): Value {
    if (level === BINARY_LEVELS.length) return this.unary(evaluated);
    const operators = BINARY_LEVELS[level]!;
    let left = this.binary(level + 1, evaluated);
    for (;;) {
      const t = this.peek();
      if (!t || t.kind !== 'punct' || !operators.includes(t.text)) return left;
      this.pos++;
      if (t.text === '&&' || t.text === '||') {
        const shortCircuit = t.text === '&&' ? left.value === 0n : left.value !== 0n;
        const right = this.binary(level + 1, evaluated && !shortCircuit);
        const truth = t.text === '&&' ? left.value !== 0n && right.value !== 0n : left.value !== 0n || right.value !== 0n;
        left = { value: truth ? 1n : 0n, unsigned: false };
        continue;
      }
      const right = this.binary(level + 1, evaluated);
      left = applyBinary(t, left, right, evaluated);
    }
  }

  private unary(evaluated: boolean): Value {
    const t = this.peek();
    if (!t) throw new ExprError('expected value in expression', this.lastToken(this.at));
    if (t.kind === 'punct') {
      switch (t.text) {
        case '+': this.pos++; return this.unary(evaluated);
        case '-': { this.pos++; const v = this.unary(evaluated); return normalize(-v.value, v.unsigned); }
        case '~': { this.pos++; const v = this.unary(evaluated); return normalize(~v.value, v.unsigned); }
        case '!': { this.pos++; const v = this.unary(evaluated); return { value: v.value === 0n ? 1n : 0n, unsigned: false }; }
        case '(': {
          this.pos++;
          const v = this.comma(evaluated);
          this.expect(')', t);
          return v;
        }
      }
      throw new ExprError(`token "${t.text}" is not valid in preprocessor expressions`, t);
    }
    this.pos++;
    if (t.kind === 'number') return parseInteger(t);
    if (t.kind === 'char') return parseCharConstant(t);
    if (t.kind === 'ident') return { value: 0n, unsigned: false };
    throw new ExprError(`token ${t.text} is not valid in preprocessor expressions`, t);
  }
}

function applyBinary(op: PPToken, a: Value, b: Value, evaluated: boolean): Value {
  const unsigned = a.unsigned || b.unsigned;
  const x = unsigned ? BigInt.asUintN(64, a.value) : a.value;
  const y = unsigned ? BigInt.asUintN(64, b.value) : b.value;
  switch (op.text) {
    case '*': return normalize(x * y, unsigned);
    case '/':
    case '%':
      if (y === 0n) {
        if (evaluated) throw new ExprError('division by zero in #if', op);
        return { value: 0n, unsigned };
      }
      return normalize(op.text === '/' ? x / y : x % y, unsigned);
    case '+': return normalize(x + y, unsigned);
    case '-': return normalize(x - y, unsigned);
    case '<<':
    case '>>': {
      // The left operand alone decides signedness of a shift (6.5.7).
      const left = a.unsigned ? BigInt.asUintN(64, a.value) : a.value;
      let count = b.unsigned ? BigInt.asUintN(64, b.value) : b.value;
      let right = op.text === '>>';
      if (count < 0n) {
        count = -count;
        right = !right;
      }
      if (count > 63n) count = 64n;
      return normalize(right ? left >> count : (left << count) & MASK64, a.unsigned);
    }
    case '<': return truth(x < y);
    case '>': return truth(x > y);
    case '<=': return truth(x <= y);
    case '>=': return truth(x >= y);
    case '==': return truth(x === y);
    case '!=': return truth(x !== y);
    case '&': return normalize(x & y, unsigned);
    case '^': return normalize(x ^ y, unsigned);
    case '|': return normalize(x | y, unsigned);
  }
  throw new ExprError(`unknown operator ${op.text}`, op);
}

function truth(b: boolean): Value {
  return { value: b ? 1n : 0n, unsigned: false };
}

/** An integer pp-number: decimal, octal, hex or binary, with u/l/ll suffixes in any case. */
export function parseInteger(t: PPToken): Value {
  const match = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)([uUlL]*)$/.exec(t.text);
  if (!match) {
    if (/^(0[xX][0-9a-fA-F.]*[pP]|[0-9.]*[.eE])/.test(t.text)) {
      throw new ExprError('floating constant in preprocessor expression', t);
    }
    throw new ExprError(`invalid integer constant "${t.text}" in preprocessor expression`, t);
  }
  const [, digits, suffix] = match as unknown as [string, string, string];
  if (!/^(|[uU]|[uU]?(l|L|ll|LL)|(l|L|ll|LL)[uU])$/.test(suffix)) {
    throw new ExprError(`invalid suffix "${suffix}" on integer constant`, t);
  }
  let value: bigint;
  if (/^0[bB]/.test(digits)) value = BigInt(digits);
  else if (/^0[xX]/.test(digits)) value = BigInt(digits);
  else if (digits.length > 1 && digits[0] === '0') {
    if (/[89]/.test(digits)) throw new ExprError(`invalid digit in octal constant "${t.text}"`, t);
    value = BigInt('0o' + digits.slice(1));
  } else value = BigInt(digits);
  if (value > MASK64) throw new ExprError('integer constant is too large for its type', t);
  const unsigned = /[uU]/.test(suffix) || value > 0x7fffffffffffffffn;
  return normalize(value, unsigned);
}

const SIMPLE_ESCAPES: Record<string, number> = {
  n: 10, t: 9, v: 11, b: 8, r: 13, f: 12, a: 7, e: 27, '\\': 92, '?': 63, "'": 39, '"': 34,
};

/** The value of a character constant, as the compiled program would see it (i386, signed char). */
export function parseCharConstant(t: PPToken): Value {
  const quote = t.text.indexOf("'");
  const prefix = t.text.slice(0, quote);
  const body = t.text.slice(quote + 1, -1);
  const chars: number[] = [];
  for (let i = 0; i < body.length;) {
    if (body[i] !== '\\') {
      const cp = body.codePointAt(i)!;
      i += cp > 0xffff ? 2 : 1;
      if (prefix === '' && cp > 0x7f) for (const byte of Buffer.from(String.fromCodePoint(cp), 'utf8')) chars.push(byte);
      else chars.push(cp);
      continue;
    }
    const e = body[i + 1] ?? '';
    if (e in SIMPLE_ESCAPES) {
      chars.push(SIMPLE_ESCAPES[e]!);
      i += 2;
    } else if (e === 'x') {
      const hex = /^[0-9a-fA-F]+/.exec(body.slice(i + 2));
      if (!hex) throw new ExprError('\\x used with no following hex digits', t);
      chars.push(Number(BigInt('0x' + hex[0]) & 0xffffffffn));
      i += 2 + hex[0].length;
    } else if (/[0-7]/.test(e)) {
      const oct = /^[0-7]{1,3}/.exec(body.slice(i + 1))!;
      chars.push(parseInt(oct[0], 8));
      i += 1 + oct[0].length;
    } else if (e === 'u' || e === 'U') {
      const len = e === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + len);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) throw new ExprError('incomplete universal character name', t);
      chars.push(parseInt(hex, 16));
      i += 2 + len;
    } else {
      chars.push(e.charCodeAt(0));
      i += 2;
    }
  }
  if (chars.length === 0) throw new ExprError('empty character constant', t);
  if (prefix === '') {
    if (chars.length === 1) return { value: BigInt((chars[0]! << 24) >> 24), unsigned: false };
    let v = 0;
    for (const c of chars) v = ((v << 8) | (c & 0xff)) | 0;
    return { value: BigInt(v), unsigned: false };
  }
  const last = chars[chars.length - 1]!;
  if (prefix === 'L') return { value: BigInt(last | 0), unsigned: false };
  if (prefix === 'u') return { value: BigInt(last & 0xffff), unsigned: false };
  return { value: BigInt(last >>> 0), unsigned: true };
}
