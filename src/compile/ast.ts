// The typed AST the parser builds and the code generators walk. Every expression
// node carries its C type; implicit conversions are explicit 'cast' nodes, pointer
// arithmetic is already scaled, and compound assignments are already expanded.

import type { Token } from './token.js';
import type { Member, Type } from './type.js';

export type NodeKind =
  // expressions
  | 'num' | 'var' | 'member' | 'addr' | 'deref' | 'neg' | 'not' | 'bitnot'
  | 'add' | 'sub' | 'mul' | 'div' | 'mod' | 'shl' | 'shr' | 'and' | 'or' | 'xor'
  | 'eq' | 'ne' | 'lt' | 'le' | 'logand' | 'logor'
  | 'assign' | 'cond' | 'comma' | 'cast' | 'call' | 'stmtexpr' | 'memzero'
  | 'vastart' | 'vaarg' | 'inline' | 'vlaalloc'
  // statements
  | 'return' | 'if' | 'for' | 'do' | 'switch' | 'case' | 'block' | 'goto' | 'label'
  | 'exprstmt' | 'asm' | 'nop';

export interface Node {
  kind: NodeKind;
  tok: Token;
  ty?: Type;
  lhs?: Node;
  rhs?: Node;
  cond?: Node;
  then?: Node;
  els?: Node;
  init?: Node;
  inc?: Node;
  body?: Node[];
  /** Assembler labels of break and continue targets, of a goto/label, of a case. */
  brkLabel?: string;
  contLabel?: string;
  label?: string;
  /** The label as the user wrote it (goto/label). */
  name?: string;
  /** switch: its cases (case nodes, in order) and default. */
  cases?: Node[];
  defaultCase?: Node;
  /** case: the value range (begin == end for an ordinary case). */
  caseBegin?: bigint;
  caseEnd?: bigint;
  member?: Member;
  /** call: the callee's function type and arguments; retBuf holds a struct result. */
  funcTy?: Type;
  args?: Node[];
  retBuf?: Obj;
  obj?: Obj;
  /** num: the value, already wrapped to the node's type. */
  val?: bigint;
  asm?: AsmStatement;
  /** A variable-length array object: the local holding its size in bytes. */
  vlaSize?: Obj;
  /** inline: the parameter copies, the return slot and the exit label of an inlined call. */
  inlined?: InlinedCall;
}

export interface AsmOperand {
  constraint: string;
  /** The symbolic name of `[name] "r"(x)`, if any. */
  name?: string;
  expr: Node;
}

export interface AsmStatement {
  template: string;
  outputs: AsmOperand[];
  inputs: AsmOperand[];
  clobbers: string[];
  isVolatile: boolean;
}

export interface InlinedCall {
  primitive: string;
  params: Obj[];
  args: Node[];
  body: Node;
  /** Where `return e` stores e; absent for a void primitive. */
  result?: Obj;
  exitLabel: string;
}

export interface Relocation {
  offset: number;
  label: string;
  addend: number;
}

export interface Attributes {
  section?: string;
  aligned?: number;
  packed?: boolean;
  noreturn?: boolean;
  used?: boolean;
  unused?: boolean;
  alwaysInline?: boolean;
  noinline?: boolean;
  weak?: boolean;
  /** `__asm__("name")` after a declarator: the assembler symbol to use. */
  asmLabel?: string;
}

export interface Obj {
  name: string;
  /** Assembler symbol: the name, or a unique local name for block-scope statics. */
  asmName: string;
  ty: Type;
  tok?: Token;
  isLocal: boolean;
  /** Locals: offset from %ebp. */
  offset: number;
  align: number;
  /** File-scope: internal linkage. */
  isStatic: boolean;
  isDefinition: boolean;
  isTentative: boolean;
  isFunction: boolean;
  isInline: boolean;
  /** C99 inline definition (inline, never extern): no external symbol is emitted for it. */
  inlineOnly?: boolean;
  isStringLiteral?: boolean;
  /** Globals with an initializer: bytes and the relocations that patch them. */
  initData?: Uint8Array;
  relocs?: Relocation[];
  attrs: Attributes;
  // functions
  params: Obj[];
  locals: Obj[];
  body?: Node;
  /** Functions: bytes from %ebp to the first variadic argument (va_start's anchor). */
  paramBytes?: number;
  /** Some code refers to it (unreferenced static inline functions are not emitted). */
  isReferenced: boolean;
  /** Functions called or whose address was taken, with the first place it happened. */
  refs?: Map<string, Token>;
}

export function newObj(name: string, ty: Type, isLocal: boolean, tok?: Token): Obj {
  return {
    name, asmName: name, ty, tok, isLocal, offset: 0, align: ty.align, isStatic: false,
    isDefinition: false, isTentative: false, isFunction: ty.kind === 'func', isInline: false,
    attrs: {}, params: [], locals: [], isReferenced: false,
  };
}
