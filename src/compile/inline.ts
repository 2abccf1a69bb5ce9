// Cross-layer inlining. The defining module serializes an inlinable primitive's typed
// AST (InlineBody.body, a JSON graph of nodes, types and objects); a caller in the layer
// above deserializes it and splices it in place of the call, with fresh locals and
// labels, and records each (primitive, global symbol) pair in INLINED_SECTION.

import { warning, type Diagnostic } from '../diagnostics.js';
import type { ModuleInterface } from '../graph/moduleInterface.js';
import { INLINED_SECTION, type InlineBody } from './api.js';
import { newObj, type Node, type Obj } from './ast.js';
import type { Token } from './token.js';
import type { Member, Type } from './type.js';

const FORMAT = 1;

type Json = Record<string, unknown>;

interface Serialized {
  format: number;
  name: string;
  types: Json[];
  nodes: Json[];
  locals: { name: string; ty: number; align: number }[];
  params: number[];
  globals: { name: string; ty: number; isFunction: boolean }[];
  strings: { ty: number; data: string }[];
  body: number;
  returnTy: number;
}

// ---- export ------------------------------------------------------------------

export function exportInlineBodies(
  globals: Obj[], iface: ModuleInterface, sources: Record<string, string>,
): { bodies: InlineBody[]; diagnostics: Diagnostic[] } {
  const bodies: InlineBody[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const prim of iface.own) {
    if (!prim.inline) continue;
    const fn = globals.find((g) => g.isFunction && g.name === prim.name && g.body);
    if (!fn) continue;
    const s = new Serializer(fn);
    const why = s.run();
    if (why) {
      const at = fn.tok!;
      diagnostics.push(warning(`'${fn.name}' is not exported for cross-layer inlining: ${why}`, at.loc, sources[at.loc.file]));
      continue;
    }
    bodies.push({ name: fn.name, body: JSON.stringify(s.out), references: [...s.references].sort() });
  }
  return { bodies, diagnostics };
}

class Serializer {
  readonly out: Serialized;
  readonly references = new Set<string>();
  private types = new Map<Type, number>();
  private nodes = new Map<Node, number>();
  private locals = new Map<Obj, number>();
  private globals = new Map<Obj, number>();
  private strings = new Map<Obj, number>();
  private problem?: string;

  constructor(private fn: Obj) {
    this.out = { format: FORMAT, name: fn.name, types: [], nodes: [], locals: [], params: [], globals: [], strings: [], body: -1, returnTy: -1 };
  }

  run(): string | undefined {
    const fn = this.fn;
    if (fn.ty.isVariadic) return 'it is variadic';
    const rt = fn.ty.returnTy!;
    if (rt.kind === 'struct' || rt.kind === 'union') return 'it returns a struct';
    for (const v of fn.locals) this.local(v);
    this.out.params = fn.params.map((p) => this.local(p));
    this.out.returnTy = this.type(rt);
    this.out.body = this.node(fn.body!);
    return this.problem;
  }

  private type(ty: Type): number {
    const found = this.types.get(ty);
    if (found !== undefined) return found;
    const id = this.out.types.length;
    this.types.set(ty, id);
    const j: Json = {};
    this.out.types.push(j);
    Object.assign(j, {
      kind: ty.kind, size: ty.size, align: ty.align, isUnsigned: ty.isUnsigned, isConst: ty.isConst,
      isVolatile: ty.isVolatile, arrayLen: ty.arrayLen, isComplete: ty.isComplete, isFlexible: ty.isFlexible,
      isPacked: ty.isPacked, tag: ty.tag, isVariadic: ty.isVariadic, hasProto: ty.hasProto, explicitAlign: ty.explicitAlign,
    });
    if (ty.base) j.base = this.type(ty.base);
    if (ty.returnTy) j.returnTy = this.type(ty.returnTy);
    j.params = ty.params.map((p) => ({ name: p.name, ty: this.type(p.ty) }));
    j.members = ty.members.map((m) => ({
      name: m.name, ty: this.type(m.ty), offset: m.offset, isBitfield: m.isBitfield,
      bitOffset: m.bitOffset, bitWidth: m.bitWidth, unitSize: m.unitSize,
    }));
    return id;
  }

  private local(v: Obj): number {
    const found = this.locals.get(v);
    if (found !== undefined) return found;
    const id = this.out.locals.length;
    this.locals.set(v, id);
    this.out.locals.push({ name: v.name, ty: this.type(v.ty), align: v.align });
    return id;
  }

  private object(v: Obj): Json {
    if (v.isLocal) return { local: this.local(v) };
    if (v.isStringLiteral && v.initData) {
      let id = this.strings.get(v);
      if (id === undefined) {
        id = this.out.strings.length;
        this.strings.set(v, id);
        this.out.strings.push({ ty: this.type(v.ty), data: Buffer.from(v.initData).toString('hex') });
      }
      return { string: id };
    }
    if (v.isStatic) {
      this.problem ??= `it refers to '${v.name}', which is static to its file`;
    }
    let id = this.globals.get(v);
    if (id === undefined) {
      id = this.out.globals.length;
      this.globals.set(v, id);
      this.out.globals.push({ name: v.asmName, ty: this.type(v.ty), isFunction: v.isFunction });
      this.references.add(v.asmName);
    }
    return { global: id };
  }

  private member(container: Type, m: Member): [number, number] {
    return [this.type(container), container.members.indexOf(m)];
  }

  private node(n: Node): number {
    const found = this.nodes.get(n);
    if (found !== undefined) return found;
    const id = this.out.nodes.length;
    this.nodes.set(n, id);
    const j: Json = { kind: n.kind, loc: [n.tok.loc.file, n.tok.loc.line, n.tok.loc.col] };
    this.out.nodes.push(j);
    if (n.kind === 'vastart') this.problem ??= 'it uses va_start';
    if (n.kind === 'inline') this.problem ??= 'it inlines another primitive';
    if (n.ty) j.ty = this.type(n.ty);
    for (const f of ['lhs', 'rhs', 'cond', 'then', 'els', 'init', 'inc', 'defaultCase'] as const) {
      const c = n[f];
      if (c) j[f] = this.node(c);
    }
    if (n.body) j.body = n.body.map((c) => this.node(c));
    if (n.cases) j.cases = n.cases.map((c) => this.node(c));
    if (n.args) j.args = n.args.map((c) => this.node(c));
    for (const f of ['brkLabel', 'contLabel', 'label', 'name'] as const) if (n[f] !== undefined) j[f] = n[f];
    if (n.caseBegin !== undefined) j.caseBegin = String(n.caseBegin);
    if (n.caseEnd !== undefined) j.caseEnd = String(n.caseEnd);
    if (n.val !== undefined) j.val = String(n.val);
    if (n.member) j.member = this.member(n.lhs!.ty!, n.member);
    if (n.funcTy) j.funcTy = this.type(n.funcTy);
    if (n.obj) j.obj = this.object(n.obj);
    if (n.retBuf) j.retBuf = this.object(n.retBuf);
    if (n.asm) {
      j.asm = {
        template: n.asm.template, clobbers: n.asm.clobbers, isVolatile: n.asm.isVolatile,
        outputs: n.asm.outputs.map((o) => ({ constraint: o.constraint, name: o.name, expr: this.node(o.expr) })),
        inputs: n.asm.inputs.map((o) => ({ constraint: o.constraint, name: o.name, expr: this.node(o.expr) })),
      };
    }
    return id;
  }
}

// ---- import ------------------------------------------------------------------

/** What the importer needs from the parser of the calling module. */
export interface InlineHost {
  newTemp(ty: Type): Obj;
  /** A fresh anonymous string literal object in this module. */
  newString(ty: Type, data: Uint8Array, tok: Token): Obj;
}

export class InlineImporter {
  private bodies = new Map<string, Serialized>();
  private globals = new Map<string, Obj>();
  private used = new Set<string>();
  private count = 0;

  constructor(inlineBodies: InlineBody[], readonly references = new Map(inlineBodies.map((b) => [b.name, b.references]))) {
    for (const b of inlineBodies) {
      try {
        const s = JSON.parse(b.body) as Serialized;
        if (s.format === FORMAT) this.bodies.set(b.name, s);
      } catch {
        // A body in an unknown or damaged format is simply not inlined: the call stays a call.
      }
    }
  }

  has(name: string): boolean {
    return this.bodies.has(name);
  }

  /** The inlined call of `name` with converted arguments, or undefined to keep the call. */
  inline(host: InlineHost, name: string, args: Node[], tok: Token): Node | undefined {
    const s = this.bodies.get(name);
    if (!s || s.params.length !== args.length) return undefined;
    const n = ++this.count;
    const d = new Deserializer(s, host, this.globals, `.Linl${n}_`, tok);
    const params = s.params.map((i) => d.local(i));
    for (let i = 0; i < s.locals.length; i++) d.local(i);
    const body = d.node(s.body);
    const retTy = d.type(s.returnTy);
    const result = retTy.kind === 'void' ? undefined : host.newTemp(retTy);
    for (const ref of this.references.get(name) ?? []) this.used.add(`${name} ${ref}`);
    return {
      kind: 'inline', tok, ty: retTy,
      inlined: { primitive: name, params, args, body, result, exitLabel: `.Linl${n}_exit` },
    };
  }

  /** The INLINED_SECTION lines recording what the inlined bodies refer to. */
  inlinedSection(): string[] {
    if (this.used.size === 0) return [];
    const lines = [`\t.section ${INLINED_SECTION},"",@progbits`];
    for (const pair of [...this.used].sort()) lines.push(`\t.ascii "${pair}\\n"`);
    return lines;
  }
}

class Deserializer {
  private types: (Type | undefined)[] = [];
  private nodes: (Node | undefined)[] = [];
  private locals: (Obj | undefined)[] = [];
  private strings: (Obj | undefined)[] = [];

  constructor(
    private s: Serialized, private host: InlineHost, private globals: Map<string, Obj>,
    private labelPrefix: string, private callTok: Token,
  ) {}

  type(id: number): Type {
    const found = this.types[id];
    if (found) return found;
    const j = this.s.types[id] as Json & { params: { name?: string; ty: number }[]; members: (Json & { ty: number })[] };
    const ty = { ...j, params: [], members: [] } as unknown as Type;
    delete (ty as unknown as Json).base;
    delete (ty as unknown as Json).returnTy;
    this.types[id] = ty;
    if (typeof j.base === 'number') ty.base = this.type(j.base);
    if (typeof j.returnTy === 'number') ty.returnTy = this.type(j.returnTy);
    ty.params = j.params.map((p) => ({ name: p.name, ty: this.type(p.ty) }));
    ty.members = j.members.map((m) => ({ ...(m as object), ty: this.type(m.ty) }) as Member);
    return ty;
  }

  local(id: number): Obj {
    const found = this.locals[id];
    if (found) return found;
    const l = this.s.locals[id];
    const v = this.host.newTemp(this.type(l.ty));
    v.align = l.align;
    this.locals[id] = v;
    return v;
  }

  private object(j: Json): Obj {
    if (typeof j.local === 'number') return this.local(j.local);
    if (typeof j.string === 'number') {
      const found = this.strings[j.string];
      if (found) return found;
      const st = this.s.strings[j.string];
      const v = this.host.newString(this.type(st.ty), Uint8Array.from(Buffer.from(st.data, 'hex')), this.callTok);
      this.strings[j.string] = v;
      return v;
    }
    const g = this.s.globals[j.global as number];
    let v = this.globals.get(g.name);
    if (!v) {
      v = newObj(g.name, this.type(g.ty), false);
      v.isFunction = g.isFunction;
      this.globals.set(g.name, v);
    }
    return v;
  }

  private label(l: string): string {
    return this.labelPrefix + l.replace(/^\.L/, '');
  }

  node(id: number): Node {
    const found = this.nodes[id];
    if (found) return found;
    const j = this.s.nodes[id] as Json & { loc: [string, number, number] };
    const [file, line, col] = j.loc;
    const tok: Token = { kind: 'ident', text: '', loc: { file, line, col }, spaceBefore: false, lineStart: false };
    const n: Node = { kind: j.kind as Node['kind'], tok };
    this.nodes[id] = n;
    if (typeof j.ty === 'number') n.ty = this.type(j.ty);
    for (const f of ['lhs', 'rhs', 'cond', 'then', 'els', 'init', 'inc', 'defaultCase'] as const) {
      if (typeof j[f] === 'number') n[f] = this.node(j[f] as number);
    }
    if (Array.isArray(j.body)) n.body = (j.body as number[]).map((c) => this.node(c));
    if (Array.isArray(j.cases)) n.cases = (j.cases as number[]).map((c) => this.node(c));
    if (Array.isArray(j.args)) n.args = (j.args as number[]).map((c) => this.node(c));
    for (const f of ['brkLabel', 'contLabel', 'label'] as const) if (typeof j[f] === 'string') n[f] = this.label(j[f] as string);
    if (typeof j.name === 'string') n.name = j.name;
    if (typeof j.caseBegin === 'string') n.caseBegin = BigInt(j.caseBegin);
    if (typeof j.caseEnd === 'string') n.caseEnd = BigInt(j.caseEnd);
    if (typeof j.val === 'string') n.val = BigInt(j.val);
    if (Array.isArray(j.member)) {
      const [tid, idx] = j.member as [number, number];
      n.member = this.type(tid).members[idx];
    }
    if (typeof j.funcTy === 'number') n.funcTy = this.type(j.funcTy);
    if (j.obj) n.obj = this.object(j.obj as Json);
    if (j.retBuf) n.retBuf = this.object(j.retBuf as Json);
    if (j.asm) {
      const a = j.asm as { template: string; clobbers: string[]; isVolatile: boolean; outputs: { constraint: string; name?: string; expr: number }[]; inputs: { constraint: string; name?: string; expr: number }[] };
      n.asm = {
        template: a.template, clobbers: a.clobbers, isVolatile: a.isVolatile,
        outputs: a.outputs.map((o) => ({ constraint: o.constraint, name: o.name, expr: this.node(o.expr) })),
        inputs: a.inputs.map((o) => ({ constraint: o.constraint, name: o.name, expr: this.node(o.expr) })),
      };
    }
    return n;
  }
}
