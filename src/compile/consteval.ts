// Compile-time evaluation of integer constant expressions (array sizes, case labels,
// enumerators, bit-field widths) and of address constants (global initializers).

import type { Node } from './ast.js';
import { isInteger } from './type.js';
import { wrapToType } from './literal.js';

export interface AddressConstant {
  /** The symbol the address is relative to; absent for a plain integer. */
  label?: string;
  addend: bigint;
}

export function isConstExpr(node: Node): boolean {
  return evalConst(node) !== undefined;
}

/** The value of an integer constant expression, wrapped to its type, or undefined. */
export function evalConst(node: Node): bigint | undefined {
  const r = evalNode(node);
  if (r === undefined || r.label !== undefined) return undefined;
  return r.addend;
}

/** An address constant (symbol + offset) or an integer, or undefined if neither. */
export function evalAddressConst(node: Node): AddressConstant | undefined {
  return evalNode(node);
}

function wrapped(node: Node, v: bigint): AddressConstant {
  return { addend: wrapToType(v, node.ty!) };
}

function evalNode(node: Node): AddressConstant | undefined {
  const ty = node.ty;
  switch (node.kind) {
    case 'num':
      return { addend: node.val! };
    case 'var': {
      const t = node.obj!.ty;
      // An array or function designator decays to its (link-time constant) address.
      if ((t.kind === 'array' || t.kind === 'func') && !node.obj!.isLocal) return { label: node.obj!.asmName, addend: 0n };
      return undefined;
    }
    case 'addr':
      return evalLvalue(node.lhs!);
    case 'cast': {
      const inner = evalNode(node.lhs!);
      if (!inner) return undefined;
      if (ty!.kind === 'void') return undefined;
      if (inner.label !== undefined) {
        // Only pointer-sized conversions keep a relocatable address.
        return ty!.size === 4 ? inner : undefined;
      }
      return wrapped(node, inner.addend);
    }
    case 'add': case 'sub': {
      const l = evalNode(node.lhs!);
      const r = evalNode(node.rhs!);
      if (!l || !r) return undefined;
      if (r.label !== undefined) {
        if (node.kind === 'sub' || l.label !== undefined) return undefined;
        return { label: r.label, addend: wrapToType(l.addend + r.addend, node.ty!) };
      }
      const v = node.kind === 'add' ? l.addend + r.addend : l.addend - r.addend;
      if (l.label !== undefined) return { label: l.label, addend: BigInt.asIntN(32, v) };
      return wrapped(node, v);
    }
    case 'comma': {
      // Only when the left side is itself constant (no side effects are dropped).
      if (evalNode(node.lhs!) === undefined) return undefined;
      return evalNode(node.rhs!);
    }
    case 'cond': {
      const c = evalConst(node.cond!);
      if (c === undefined) {
        const a = evalNode(node.cond!);
        if (a?.label === undefined) return undefined;
        return evalNode(node.then!);
      }
      return evalNode(c !== 0n ? node.then! : node.els!);
    }
    case 'member':
    case 'deref':
      // An array-valued lvalue decays to its address.
      if (ty!.kind === 'array' || ty!.kind === 'func') return evalLvalue(node);
      return undefined;
    default:
      break;
  }
  if (!ty || !isInteger(ty)) {
    if (!(node.kind === 'not' || node.kind === 'logand' || node.kind === 'logor')) return undefined;
  }
  switch (node.kind) {
    case 'neg': {
      const a = evalConst(node.lhs!);
      return a === undefined ? undefined : wrapped(node, -a);
    }
    case 'bitnot': {
      const a = evalConst(node.lhs!);
      return a === undefined ? undefined : wrapped(node, ~a);
    }
    case 'not': {
      const a = evalTruth(node.lhs!);
      return a === undefined ? undefined : { addend: a ? 0n : 1n };
    }
    case 'logand': {
      const a = evalTruth(node.lhs!);
      if (a === undefined) return undefined;
      if (!a) return { addend: 0n };
      const b = evalTruth(node.rhs!);
      return b === undefined ? undefined : { addend: b ? 1n : 0n };
    }
    case 'logor': {
      const a = evalTruth(node.lhs!);
      if (a === undefined) return undefined;
      if (a) return { addend: 1n };
      const b = evalTruth(node.rhs!);
      return b === undefined ? undefined : { addend: b ? 1n : 0n };
    }
    default:
      break;
  }
  // Only operators remain; a call, an inlined primitive or a load is not constant.
  if (!node.lhs) return undefined;
  const a = evalConst(node.lhs);
  const b = node.rhs ? evalConst(node.rhs) : undefined;
  if (a === undefined || b === undefined) return undefined;
  switch (node.kind) {
    case 'mul': return wrapped(node, a * b);
    case 'div': return b === 0n ? undefined : wrapped(node, a / b);
    case 'mod': return b === 0n ? undefined : wrapped(node, a % b);
    case 'and': return wrapped(node, a & b);
    case 'or': return wrapped(node, a | b);
    case 'xor': return wrapped(node, a ^ b);
    case 'shl': return b < 0n || b >= 64n ? undefined : wrapped(node, a << b);
    case 'shr': return b < 0n || b >= 64n ? undefined : wrapped(node, a >> b);
    case 'eq': return { addend: a === b ? 1n : 0n };
    case 'ne': return { addend: a !== b ? 1n : 0n };
    case 'lt': return { addend: a < b ? 1n : 0n };
    case 'le': return { addend: a <= b ? 1n : 0n };
    default: return undefined;
  }
}

function evalTruth(node: Node): boolean | undefined {
  const r = evalNode(node);
  if (!r) return undefined;
  if (r.label !== undefined) return true;
  return r.addend !== 0n;
}

function evalLvalue(node: Node): AddressConstant | undefined {
  switch (node.kind) {
    case 'var':
      if (node.obj!.isLocal) return undefined;
      return { label: node.obj!.asmName, addend: 0n };
    case 'deref':
      return evalNode(node.lhs!);
    case 'member': {
      if (node.member!.isBitfield) return undefined;
      const base = evalLvalue(node.lhs!);
      if (!base) return undefined;
      return { label: base.label, addend: base.addend + BigInt(node.member!.offset) };
    }
    case 'comma':
      return evalLvalue(node.rhs!);
    default:
      return undefined;
  }
}
