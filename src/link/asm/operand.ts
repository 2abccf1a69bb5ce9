// AT&T operands: `%reg`, `$imm`, memory `%seg:disp(base,index,scale)`, and the
// `*` of indirect jumps and calls.

import { Cursor } from './cursor.js';
import { type Expr, type LocalLabelRef, parseExpr } from './expr.js';
import { type Register, lookupRegister } from './registers.js';

export interface MemoryRef {
  seg?: Register;
  disp?: Expr;
  base?: Register;
  index?: Register;
  scale: number;
}

type OperandBody = { k: 'reg'; reg: Register } | { k: 'imm'; expr: Expr } | ({ k: 'mem' } & MemoryRef);

export type Operand = OperandBody & {
  /** Written with a leading `*` (indirect jump or call). */
  star: boolean;
  at: number;
  span: number;
};

export function parseOperands(cur: Cursor, localRef: LocalLabelRef): Operand[] {
  const ops: Operand[] = [];
  if (cur.atEnd()) return ops;
  for (;;) {
    ops.push(parseOperand(cur, localRef));
    if (cur.atEnd()) return ops;
    cur.expect(',', "',' between operands");
  }
}

function parseRegister(cur: Cursor): Register {
  const at = cur.i;
  cur.i++; // '%'
  const name = cur.ident();
  const reg = lookupRegister(name);
  if (!reg) cur.fail(`bad register name '%${name}'`, at, name.length + 1);
  // %st and friends are not i386 integer registers; everything else is known.
  return reg;
}

function parseOperand(cur: Cursor, localRef: LocalLabelRef): Operand {
  cur.skipSpace();
  const at = cur.i;
  const star = cur.eat('*');
  // Each operand is made with all its fields (span set at the end): adding fields to a
  // finished object would give it a second property store.
  let op: Operand;
  if (cur.peek() === '$') {
    cur.i++;
    op = { k: 'imm', expr: parseExpr(cur, localRef), star, at, span: 0 };
  } else {
    let seg: Register | undefined;
    let reg: Register | undefined;
    if (cur.peek() === '%') {
      reg = parseRegister(cur);
      if (cur.eat(':')) {
        if (reg.cls !== 'seg') cur.fail(`'%${reg.name}' is not a segment register`, at);
        seg = reg;
        reg = undefined;
      }
    }
    if (reg) op = { k: 'reg', reg, star, at, span: 0 };
    else {
      const mem: Operand & { k: 'mem' } = { k: 'mem', seg, disp: undefined, base: undefined, index: undefined, scale: 1, star, at, span: 0 };
      if (!(cur.peek() === '(' && startsAddressGroup(cur))) mem.disp = parseExpr(cur, localRef);
      if (cur.peek() === '(') parseAddressGroup(cur, mem);
      if (!mem.disp && !mem.base && !mem.index) cur.fail('expected a memory operand', at);
      op = mem;
    }
  }
  cur.skipSpace();
  op.span = Math.max(1, cur.i - at);
  return op;
}

/** At '(': does a base/index group follow (`(%eax`, `(,`), rather than a parenthesised expression? */
function startsAddressGroup(cur: Cursor): boolean {
  let i = cur.i + 1;
  while (cur.s[i] === ' ' || cur.s[i] === '\t') i++;
  return cur.s[i] === '%' || cur.s[i] === ',';
}

function parseAddressGroup(cur: Cursor, mem: MemoryRef): void {
  cur.expect('(');
  if (cur.peek() === '%') mem.base = addressRegister(cur);
  if (cur.eat(',')) {
    if (cur.peek() === '%') mem.index = addressRegister(cur);
    if (cur.eat(',')) {
      const at = cur.i;
      const digits = /^\s*(\d+)/.exec(cur.s.slice(cur.i, cur.end));
      const scale = digits ? Number(digits[1]) : NaN;
      if (![1, 2, 4, 8].includes(scale)) cur.fail('scale factor must be 1, 2, 4 or 8', at);
      cur.i += digits![0].length;
      mem.scale = scale;
    }
  }
  cur.expect(')');
}

function addressRegister(cur: Cursor): Register {
  const at = cur.i;
  const reg = parseRegister(cur);
  if (reg.cls !== 'gpr' || reg.size === 8) cur.fail(`'%${reg.name}' cannot be used in an address`, at, reg.name.length + 1);
  return reg;
}

export function describeOperand(op: Operand): string {
  if (op.k === 'imm') return 'immediate';
  if (op.k === 'mem') return 'memory';
  switch (op.reg.cls) {
    case 'seg':
      return 'segment register';
    case 'cr':
      return 'control register';
    case 'dr':
      return 'debug register';
    default:
      return `${op.reg.size}-bit register`;
  }
}
