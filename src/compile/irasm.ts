// -O1: allocated IR to AsmX. Each virtual register is a machine register or a frame
// slot; x86's two-operand forms and its fixed registers (%cl for shift counts,
// %edx:%eax for division, byte registers for setcc and byte stores) are met here,
// borrowing a scratch register that no live value holds at that instruction (or,
// when every register is taken, saving one around the instruction).

import {
  forEachInstAndTerminator, forEachUse, negate, swapped, type Addr, type Block, type Cond, type Inst, type IRFunction, type Operand, type Terminator, type VReg,
} from './ir.js';
import { ALL_REGS, BYTE_REGS, CALLEE_SAVED, REGS, type Allocation } from './linearscan.js';
import { alignTo } from './type.js';

const R8: Record<string, string> = { '%eax': '%al', '%ecx': '%cl', '%edx': '%dl', '%ebx': '%bl' };
const R16: Record<string, string> = { '%eax': '%ax', '%ecx': '%cx', '%edx': '%dx', '%ebx': '%bx', '%esi': '%si', '%edi': '%di', '%ebp': '%bp' };
const ALU: Record<string, string> = {
  add: 'addl', sub: 'subl', mul: 'imull', and: 'andl', or: 'orl', xor: 'xorl', shl: 'shll', shr: 'shrl', sar: 'sarl',
};
const COMMUTATIVE = new Set(['add', 'mul', 'and', 'or', 'xor']);
const FOLDABLE_ALU = new Set(['add', 'sub', 'mul', 'and', 'or', 'xor']);
const JCC: Record<Cond, string> = {
  eq: 'e', ne: 'ne', lt: 'l', le: 'le', gt: 'g', ge: 'ge', ult: 'b', ule: 'be', ugt: 'a', uge: 'ae',
};

const isReg = (s: string) => s.startsWith('%');

function sameAddr(a: Addr, b: Addr): boolean {
  return a.base?.id === b.base?.id && a.index?.id === b.index?.id && a.scale === b.scale && a.disp === b.disp &&
    a.sym === b.sym && !!a.frame === !!b.frame;
}
const isImmText = (s: string) => s.startsWith('$');
const isMem = (s: string) => !isReg(s) && !isImmText(s);

function symExpr(sym: string | undefined, value: number): string {
  if (sym === undefined) return String(value);
  return value > 0 ? `${sym}+${value}` : value < 0 ? `${sym}${value}` : sym;
}

export interface FunctionAsm {
  /** Prologue, body and epilogues. */
  lines: string[];
  /** Jump tables for .rodata. */
  tables: string[];
  /** The module's private 64-bit division helpers it calls (emit.ts). */
  helpers: string[];
}

/**
 * There is no frame pointer: frame objects are addressed from %esp. Offsets the
 * lowering chose are relative to a virtual %ebp (the entry %esp minus 4, where a frame
 * pointer would have been saved); frameBottom is how far below it memory-resident locals
 * reach (12 when there are none). Spill slots, a temporary for %cl/%edx:%eax sequences
 * and save slots for borrowed registers go below them, then the outgoing arguments.
 */
export function emitFunction(f: IRFunction, alloc: Allocation, frameBottom: number): FunctionAsm {
  return new FunctionEmitter(f, alloc, frameBottom).run();
}

class FunctionEmitter {
  private body: string[] = [];
  private tables: string[] = [];
  private helpers = new Set<string>();
  private usedCallee = 0;
  private readonly spillBase: number;
  private readonly hasLocals: boolean;
  private pos = 0;
  private taken = 0;
  private operandMask = 0;
  private borrowed: [string, string][] = [];
  private maxBorrowed = 0;
  private usesTemp = false;
  private argBytes = 0;
  private makesCalls = false;
  /** A load folded into the instruction being emitted. */
  private folded?: { id: number; mem: string };
  private readonly uses: Int32Array;

  constructor(private f: IRFunction, private alloc: Allocation, frameBottom: number) {
    this.spillBase = alignTo(frameBottom, 4);
    this.hasLocals = frameBottom > 12;
    const uses = (this.uses = new Int32Array(f.vregCount));
    const count = (v: { id: number }) => { uses[v.id]++; };
    forEachInstAndTerminator(f, (i) => forEachUse(i, count));
    for (const r of alloc.reg) if (r >= 0 && (1 << r) & CALLEE_SAVED) this.usedCallee |= 1 << r;
  }

  run(): FunctionAsm {
    const blocks = this.f.blocks;
    blocks.forEach((b, k) => {
      if (k > 0) this.body.push(`${this.label(b)}:`);
      const base = this.alloc.blockPos.get(b)!;
      for (let j = 0; j < b.insts.length; j++) {
        const i = b.insts[j];
        const fused = this.readModifyWrite(b.insts, j);
        if (fused) {
          j += fused - 1;
          continue;
        }
        if (this.foldLoad(i, b.insts[j + 1] ?? b.term!)) continue;
        this.begin(base + 1 + j, i);
        this.inst(i);
        this.finish();
        this.folded = undefined;
      }
      this.begin(base + b.insts.length + 1, b.term!);
      this.terminator(b.term!, blocks[k + 1]);
      this.finish();
      this.folded = undefined;
    });
    const saved = [3, 4, 5, 6].filter((r) => this.usedCallee & (1 << r)).map((r) => REGS[r]);
    const k = saved.length;
    const slots = this.extraSlotBase() + 4 * this.maxBorrowed;
    const used = this.hasLocals || this.alloc.slotCount > 0 || this.usesTemp || this.maxBorrowed > 0 ? slots : 0;
    // The saved registers sit just below the return address, at virtual %ebp + 0, -4, -8, -12.
    let size = (used > 0 ? used : 4 * k - 4) + this.argBytes + 4 - 4 * k;
    // Calls are made with %esp 16-byte aligned (the entry %esp is 12 mod 16).
    if (this.makesCalls) size = alignTo(size + 4 * k + 4, 16) - 4 * k - 4;
    const delta = 4 * k + size - 4;
    const prologue = saved.map((r) => `\tpushl ${r}`);
    if (size > 0) prologue.push(`\tsubl $${size}, %esp`);
    const ret = this.f.hiddenRet ? '\tret $4' : '\tret';
    const epilogue = [...(size > 0 ? [`\taddl $${size}, %esp`] : []), ...[...saved].reverse().map((r) => `\tpopl ${r}`), ret];
    const lines: string[] = [...prologue];
    for (const line of this.body) {
      if (line === RET_MARK) lines.push(...epilogue);
      else lines.push(line.replace(/«(-?\d+)»/g, (_, x: string) => String(Number(x) + delta)));
    }
    return { lines, tables: this.tables, helpers: [...this.helpers] };
  }

  /** Below the spill slots: the temporary slot, then the borrowed registers' save slots. */
  private extraSlotBase(): number {
    return this.spillBase + 4 * this.alloc.slotCount + 4;
  }

  private frameRef(offset: number): string {
    return `«${offset}»(%esp)`;
  }

  private tempSlot(): string {
    this.usesTemp = true;
    return this.frameRef(-(this.spillBase + 4 * this.alloc.slotCount + 4));
  }

  /**
   * `t = load A; t = t op x; …; store A, t` (each t used once, x an immediate or in a
   * register) becomes `op x, A` for each op: counters and bit-field updates in memory.
   * Returns how many instructions it covered (0: no such chain at j).
   */
  private readModifyWrite(insts: Inst[], j: number): number {
    const load = insts[j];
    if (load.op !== 'load' || load.size !== 4 || load.volatile || this.uses[load.dst.id] !== 1) return 0;
    const reg = this.alloc.reg;
    if ((load.addr.base && reg[load.addr.base.id] < 0) || (load.addr.index && reg[load.addr.index.id] < 0)) return 0;
    const ops: { kind: string; x: Operand }[] = [];
    let cur = load.dst.id;
    let k = j + 1;
    for (; k < insts.length && insts[k].op === 'bin'; k++) {
      const i = insts[k] as Extract<Inst, { op: 'bin' }>;
      const isCur = (o: Operand) => o.kind === 'v' && o.id === cur;
      let x: Operand;
      if (isCur(i.a) && !isCur(i.b)) x = i.b;
      else if (isCur(i.b) && !isCur(i.a) && COMMUTATIVE.has(i.kind)) x = i.a;
      else return 0;
      const shift = i.kind === 'shl' || i.kind === 'shr' || i.kind === 'sar';
      if (!(FOLDABLE_ALU.has(i.kind) && i.kind !== 'mul') && !(shift && x.kind === 'imm')) return 0;
      if (x.kind === 'v' && reg[x.id] < 0) return 0;
      ops.push({ kind: i.kind, x });
      cur = i.dst.id;
      if (this.uses[cur] !== 1) return 0;
    }
    const store = insts[k];
    if (!store || store.op !== 'store' || store.size !== 4 || store.volatile || !ops.length) return 0;
    if (store.src.kind !== 'v' || store.src.id !== cur || !sameAddr(store.addr, load.addr)) return 0;
    const target = this.addr(load.addr);
    for (const { kind, x } of ops) {
      const v = x.kind === 'imm' && x.sym === undefined && (kind === 'shl' || kind === 'shr' || kind === 'sar') ? `$${x.value & 31}` : this.opnd(x);
      if ((kind === 'add' && v === '$1') || (kind === 'sub' && v === '$-1')) this.emit(`incl ${target}`);
      else if ((kind === 'sub' && v === '$1') || (kind === 'add' && v === '$-1')) this.emit(`decl ${target}`);
      else this.emit(`${ALU[kind]} ${v}, ${target}`);
    }
    return k - j + 1;
  }

  /**
   * A 32-bit load whose value only the next instruction uses, as an ALU or compare
   * operand, becomes that instruction's memory operand (`addl 8(%eax), %ecx`).
   */
  private foldLoad(i: Inst, next: Inst | Terminator): boolean {
    if (i.op !== 'load' || i.size !== 4 || this.uses[i.dst.id] !== 1) return false;
    const reg = this.alloc.reg;
    const { base, index } = i.addr;
    if ((base && reg[base.id] < 0) || (index && reg[index.id] < 0)) return false;
    const t = i.dst.id;
    const is = (o: Operand) => o.kind === 'v' && o.id === t;
    if (next.op === 'bin') {
      if (!FOLDABLE_ALU.has(next.kind) || (is(next.a) && is(next.b))) return false;
      if (is(next.a)) {
        if (!COMMUTATIVE.has(next.kind)) return false;
        [next.a, next.b] = [next.b, next.a];
      }
      if (!is(next.b)) return false;
      // The result must not overwrite the address registers before the operand is read.
      const d = reg[next.dst.id];
      if (d >= 0 && ((base && reg[base.id] === d) || (index && reg[index.id] === d))) return false;
    } else if (next.op === 'br' || next.op === 'set') {
      if (is(next.a) === is(next.b)) return false;
    } else return false;
    this.folded = { id: t, mem: this.addr(i.addr) };
    return true;
  }

  private label(b: Block): string {
    return `.LB.${this.f.name}.${b.id}`;
  }

  private emit(line: string): void {
    this.body.push('\t' + line);
  }

  // ---- locations and scratch registers ---------------------------------------------

  private loc(v: VReg): string {
    const r = this.alloc.reg[v.id];
    if (r >= 0) return REGS[r];
    const s = this.alloc.slot[v.id];
    if (s < 0) {
      // Defined but never live (a dead result the optimizer had to keep): the temporary will do.
      return this.tempSlot();
    }
    return this.frameRef(-(this.spillBase + 4 * (s + 1)));
  }

  private opnd(o: Operand): string {
    if (this.folded && o.kind === 'v' && o.id === this.folded.id) return this.folded.mem;
    return o.kind === 'imm' ? `$${symExpr(o.sym, o.value)}` : this.loc(o);
  }

  private begin(pos: number, i: Inst | Terminator): void {
    this.pos = pos;
    this.taken = 0;
    this.borrowed = [];
    let mask = 0;
    const note = (v: VReg | undefined) => {
      if (v && this.alloc.reg[v.id] >= 0) mask |= 1 << this.alloc.reg[v.id];
    };
    const noteOp = (o: Operand | undefined) => { if (o && o.kind === 'v') note(o); };
    const noteAddr = (a: Addr) => { note(a.base); note(a.index); };
    switch (i.op) {
      case 'mov': note(i.dst); noteOp(i.src); break;
      case 'bin': case 'set': note(i.dst); noteOp(i.a); noteOp(i.b); break;
      case 'neg': case 'not': case 'ext': note(i.dst); noteOp(i.a); break;
      case 'load': case 'lea': note(i.dst); noteAddr(i.addr); break;
      case 'store': noteAddr(i.addr); noteOp(i.src); break;
      case 'zero': noteAddr(i.addr); break;
      case 'divmod64': note(i.dst); note(i.dstHi); noteOp(i.a); noteOp(i.aHi); noteOp(i.b); noteOp(i.bHi); break;
      case 'call': note(i.dst); note(i.dstHi); noteOp(i.target); i.args.forEach(noteOp); break;
      case 'br': noteOp(i.a); noteOp(i.b); break;
      case 'ret': noteOp(i.value); noteOp(i.valueHi); break;
      case 'switch': noteOp(i.value); break;
      case 'jmp': break;
    }
    this.operandMask = mask;
  }

  private finish(): void {
    for (let k = this.borrowed.length - 1; k >= 0; k--) this.emit(`movl ${this.borrowed[k][1]}, ${this.borrowed[k][0]}`);
  }

  /** A register free at this instruction (byte-addressable if asked). */
  private scratch(byte = false): string {
    const want = byte ? BYTE_REGS : ALL_REGS;
    const busy = this.alloc.occupied[this.pos] | this.taken;
    for (let r = 0; r < REGS.length; r++) {
      const bit = 1 << r;
      if (want & bit && !(busy & bit)) {
        this.taken |= bit;
        if (bit & CALLEE_SAVED) this.usedCallee |= bit;
        return REGS[r];
      }
    }
    // Every register holds a live value: save one that this instruction does not use.
    for (let r = 0; r < REGS.length; r++) {
      const bit = 1 << r;
      if (want & bit && !((this.operandMask | this.taken) & bit)) {
        this.taken |= bit;
        const slot = this.frameRef(-(this.extraSlotBase() + 4 * (this.borrowed.length + 1)));
        this.emit(`movl ${REGS[r]}, ${slot}`);
        this.borrowed.push([REGS[r], slot]);
        this.maxBorrowed = Math.max(this.maxBorrowed, this.borrowed.length);
        return REGS[r];
      }
    }
    throw new Error('irasm: no scratch register');
  }

  /** The operand's value in a register (its own, or a scratch one). */
  private inReg(o: Operand, byte = false): string {
    const s = this.opnd(o);
    if (isReg(s) && (!byte || R8[s])) return s;
    const r = this.scratch(byte);
    this.move(s, r);
    return r;
  }

  private move(src: string, dst: string): void {
    if (src === dst) return;
    if (src === '$0' && isReg(dst)) this.emit(`xorl ${dst}, ${dst}`);
    else if (isMem(src) && isMem(dst)) {
      const r = this.scratch();
      this.emit(`movl ${src}, ${r}`);
      this.emit(`movl ${r}, ${dst}`);
    } else this.emit(`movl ${src}, ${dst}`);
  }

  private addr(a: Addr): string {
    const base = a.frame ? '%esp' : a.base ? this.inReg(a.base) : '';
    if (a.frame && (a.base || a.sym !== undefined)) throw new Error('irasm: frame address with a base register');
    const index = a.index ? this.inReg(a.index) : '';
    const disp = symExpr(a.sym, a.disp);
    if (!base && !index) return disp;
    const shownDisp = a.frame ? `«${a.disp}»` : a.sym === undefined && a.disp === 0 ? '' : disp;
    return index ? `${shownDisp}(${base},${index},${a.scale})` : `${shownDisp}(${base})`;
  }

  // ---- instructions -----------------------------------------------------------------

  private inst(i: Inst): void {
    switch (i.op) {
      case 'mov':
        this.move(this.opnd(i.src), this.loc(i.dst));
        return;
      case 'bin':
        this.binary(i);
        return;
      case 'neg': case 'not': {
        const D = this.loc(i.dst);
        const A = this.opnd(i.a);
        if (isMem(D) && isMem(A) && D !== A) {
          const r = this.scratch();
          this.move(A, r);
          this.emit(`${i.op}l ${r}`);
          this.move(r, D);
          return;
        }
        this.move(A, D);
        this.emit(`${i.op}l ${D}`);
        return;
      }
      case 'ext':
        this.extend(i);
        return;
      case 'set': {
        const D = this.loc(i.dst);
        this.compare(i.cc, i.a, i.b, (cc) => {
          const r = isReg(D) && R8[D] ? D : this.scratch(true);
          this.emit(`set${JCC[cc]} ${R8[r]}`);
          this.emit(`movzbl ${R8[r]}, ${r}`);
          this.move(r, D);
        });
        return;
      }
      case 'load': {
        const D = this.loc(i.dst);
        const src = this.addr(i.addr);
        const r = isReg(D) ? D : this.scratch();
        const op = i.size === 4 ? 'movl' : `mov${i.signed ? 's' : 'z'}${i.size === 1 ? 'b' : 'w'}l`;
        this.emit(`${op} ${src}, ${r}`);
        this.move(r, D);
        return;
      }
      case 'store':
        this.store(i);
        return;
      case 'lea': {
        const D = this.loc(i.dst);
        const src = this.addr(i.addr);
        const r = isReg(D) ? D : this.scratch();
        this.emit(`leal ${src}, ${r}`);
        this.move(r, D);
        return;
      }
      case 'call':
        this.call(i);
        return;
      case 'zero':
        this.zero(i);
        return;
      case 'divmod64':
        this.divmod64(i);
        return;
    }
  }

  /**
   * The helper takes the dividend in %edx:%eax and the divisor in %ebx:%ecx and leaves
   * the quotient in %edx:%eax, the remainder in %ebx:%ecx (nothing living across it is
   * in those four). The operands pass through the outgoing-argument area, so any of
   * them may sit in any of those registers.
   */
  private divmod64(i: Extract<Inst, { op: 'divmod64' }>): void {
    const helper = i.signed ? 'divmod64' : 'udivmod64';
    this.helpers.add(helper);
    this.usedCallee |= 1 << 3;
    this.argBytes = Math.max(this.argBytes, 16);
    const slots = ['(%esp)', '4(%esp)', '8(%esp)', '12(%esp)'];
    [i.a, i.aHi, i.b, i.bHi].forEach((o, k) => {
      const v = this.opnd(o);
      if (isMem(v)) {
        const r = this.scratch();
        this.emit(`movl ${v}, ${r}`);
        this.emit(`movl ${r}, ${slots[k]}`);
      } else this.emit(`movl ${v}, ${slots[k]}`);
    });
    this.emit(`movl ${slots[0]}, %eax`);
    this.emit(`movl ${slots[1]}, %edx`);
    this.emit(`movl ${slots[2]}, %ecx`);
    this.emit(`movl ${slots[3]}, %ebx`);
    this.emit(`call .Llm_${helper}`);
    if (i.mod) this.movepair('%ecx', '%ebx', this.loc(i.dst), this.loc(i.dstHi));
    else this.movepair('%eax', '%edx', this.loc(i.dst), this.loc(i.dstHi));
  }

  /** rep stosl through %edi, %ecx and %eax (nothing living across it is in them), then the tail. */
  private zero(i: Extract<Inst, { op: 'zero' }>): void {
    const words = i.size >>> 2;
    this.usedCallee |= 1 << 5;
    this.emit(`leal ${this.addr(i.addr)}, %edi`);
    this.emit('xorl %eax, %eax');
    this.emit(`movl $${words}, %ecx`);
    this.emit('rep stosl');
    if (i.size & 2) this.emit('movw %ax, (%edi)');
    if (i.size & 1) this.emit(`movb %al, ${i.size & 2 ? '2' : ''}(%edi)`);
  }

  private store(i: Extract<Inst, { op: 'store' }>): void {
    const dst = this.addr(i.addr);
    let S = this.opnd(i.src);
    if (S.startsWith('$') && i.src.kind === 'imm' && i.src.sym === undefined) {
      const v = i.src.value;
      S = `$${i.size === 1 ? v & 0xff : i.size === 2 ? v & 0xffff : v}`;
    }
    if (i.size === 4) {
      if (isMem(S)) S = this.inReg(i.src);
      this.emit(`movl ${S}, ${dst}`);
    } else if (i.size === 2) {
      if (isMem(S)) S = this.inReg(i.src);
      this.emit(`movw ${isReg(S) ? R16[S] : S}, ${dst}`);
    } else {
      if (!isImmText(S)) S = this.inReg(i.src, true);
      this.emit(`movb ${isReg(S) ? R8[S] : S}, ${dst}`);
    }
  }

  private extend(i: Extract<Inst, { op: 'ext' }>): void {
    const D = this.loc(i.dst);
    let A = this.opnd(i.a);
    const byte = i.kind === 'sx8' || i.kind === 'zx8';
    const signed = i.kind === 'sx8' || i.kind === 'sx16';
    const r = isReg(D) ? D : this.scratch();
    if (isImmText(A)) {
      this.move(A, r);
      A = r;
    }
    if (isReg(A) && byte && !R8[A]) {
      // %esi and %edi have no byte halves.
      this.move(A, r);
      if (R8[r]) this.emit(`mov${signed ? 's' : 'z'}bl ${R8[r]}, ${r}`);
      else if (signed) {
        this.emit(`shll $24, ${r}`);
        this.emit(`sarl $24, ${r}`);
      } else this.emit(`andl $255, ${r}`);
    } else {
      const src = isReg(A) ? (byte ? R8[A] : R16[A]) : A;
      this.emit(`mov${signed ? 's' : 'z'}${byte ? 'b' : 'w'}l ${src}, ${r}`);
    }
    this.move(r, D);
  }

  private binary(i: Extract<Inst, { op: 'bin' }>): void {
    const kind = i.kind;
    if (kind === 'div' || kind === 'udiv' || kind === 'mod' || kind === 'umod' || kind === 'umulh') {
      this.divide(i);
      return;
    }
    if ((kind === 'shl' || kind === 'shr' || kind === 'sar') && i.b.kind === 'v') {
      this.shiftByRegister(i);
      return;
    }
    const D = this.loc(i.dst);
    const A = this.opnd(i.a);
    let B = this.opnd(i.b);
    const k = i.b.kind === 'imm' && i.b.sym === undefined ? i.b.value : undefined;
    if (k !== undefined && (kind === 'shl' || kind === 'shr' || kind === 'sar')) B = `$${k & 31}`;
    const op = ALU[kind];
    // Three-operand forms: lea for additions, imul with an immediate.
    if (isReg(D) && isReg(A) && D !== A) {
      if (kind === 'add' && (k !== undefined || i.b.kind === 'imm')) {
        this.emit(`leal ${B.slice(1)}(${A}), ${D}`);
        return;
      }
      if (kind === 'add' && isReg(B)) {
        this.emit(`leal (${A},${B}), ${D}`);
        return;
      }
      if (kind === 'sub' && k !== undefined) {
        this.emit(`leal ${-k | 0}(${A}), ${D}`);
        return;
      }
      if (kind === 'shl' && k !== undefined && k >= 1 && k <= 3) {
        this.emit(`leal (,${A},${1 << k}), ${D}`);
        return;
      }
    }
    if (kind === 'mul' && isImmText(B)) {
      const r = isReg(D) ? D : this.scratch();
      const src = isImmText(A) ? this.inReg(i.a) : A;
      this.emit(`imull ${B}, ${src}, ${r}`);
      this.move(r, D);
      return;
    }
    const inPlace = (target: string, operand: string) => {
      if (kind === 'add' && operand === '$1') this.emit(`incl ${target}`);
      else if (kind === 'sub' && operand === '$1') this.emit(`decl ${target}`);
      else if (kind === 'add' && operand === '$-1') this.emit(`decl ${target}`);
      else this.emit(`${op} ${operand}, ${target}`);
    };
    if (D === A && !(isMem(D) && (kind === 'mul' || isMem(B)))) {
      inPlace(D, B);
      return;
    }
    if (isReg(D)) {
      if (D === B && COMMUTATIVE.has(kind)) {
        inPlace(D, A);
        return;
      }
      if (D !== B) {
        this.move(A, D);
        inPlace(D, B);
        return;
      }
      if (kind === 'sub') {
        this.emit(`negl ${D}`);
        this.emit(`addl ${A}, ${D}`);
        return;
      }
    }
    const r = this.scratch();
    this.move(A, r);
    inPlace(r, B);
    this.move(r, D);
  }

  /** Shift counts live in %cl; nothing that lives across the shift is in %ecx. */
  private shiftByRegister(i: Extract<Inst, { op: 'bin' }>): void {
    const D = this.loc(i.dst);
    const A = this.opnd(i.a);
    const B = this.opnd(i.b);
    const op = ALU[i.kind];
    if (D !== '%ecx' && D !== B) {
      this.move(A, D);
      this.move(B, '%ecx');
      this.emit(`${op} %cl, ${D}`);
      return;
    }
    const t = this.tempSlot();
    this.move(A, t);
    this.move(B, '%ecx');
    this.emit(`${op} %cl, ${t}`);
    this.move(t, D);
  }

  /** Division and mull take %edx:%eax; nothing that lives across them is in %eax or %edx. */
  private divide(i: Extract<Inst, { op: 'bin' }>): void {
    const D = this.loc(i.dst);
    const A = this.opnd(i.a);
    const B = this.opnd(i.b);
    const signed = i.kind === 'div' || i.kind === 'mod';
    const result = i.kind === 'div' || i.kind === 'udiv' ? '%eax' : '%edx';
    const extend = () => { if (i.kind !== 'umulh') this.emit(signed ? 'cltd' : 'xorl %edx, %edx'); };
    const op = i.kind === 'umulh' ? 'mull' : signed ? 'idivl' : 'divl';
    if (B !== '%eax' && B !== '%edx' && !isImmText(B)) {
      this.move(A, '%eax');
      extend();
      this.emit(`${op} ${B}`);
    } else {
      const t = this.tempSlot();
      this.move(B, t);
      this.move(A, '%eax');
      extend();
      this.emit(`${op} ${t}`);
    }
    this.move(result, D);
  }

  private call(i: Extract<Inst, { op: 'call' }>): void {
    // Arguments go to the outgoing area at the bottom of the frame.
    this.makesCalls = true;
    this.argBytes = Math.max(this.argBytes, 4 * i.args.length);
    const fromMemory: [string, string][] = [];
    i.args.forEach((a, k) => {
      const at = k ? `${4 * k}(%esp)` : '(%esp)';
      const v = this.opnd(a);
      if (isMem(v)) fromMemory.push([v, at]);
      else this.emit(`movl ${v}, ${at}`);
    });
    if (fromMemory.length) this.copyThroughRegister(fromMemory, i.target);
    const t = i.target;
    if (t.kind === 'imm') this.emit(`call ${symExpr(t.sym, t.value)}`);
    else this.emit(`call *${this.loc(t)}`);
    // The callee popped its hidden result pointer; the frame stays where it was.
    if (i.calleePops) this.emit('subl $4, %esp');
    if (i.dst && i.dstHi) this.movepair('%eax', '%edx', this.loc(i.dst), this.loc(i.dstHi));
    else if (i.dst) this.move('%eax', this.loc(i.dst));
  }

  /** Two moves that happen at once: (lo, hi) to (dlo, dhi), whatever overlaps. */
  private movepair(lo: string, hi: string, dlo: string, dhi: string): void {
    if (dlo === hi && dhi === lo) {
      if (isReg(lo) && isReg(hi)) this.emit(`xchgl ${lo}, ${hi}`);
      else {
        const r = this.scratch();
        this.move(lo, r);
        this.move(hi, dhi);
        this.move(r, dlo);
      }
    } else if (dlo === hi) {
      this.move(hi, dhi);
      this.move(lo, dlo);
    } else {
      this.move(lo, dlo);
      this.move(hi, dhi);
    }
  }

  /**
   * Memory-to-memory argument copies. The register arguments are stored already, so when
   * every register holds an operand one of them (not the call target) is saved, used
   * and restored before the call.
   */
  private copyThroughRegister(copies: [string, string][], target: Operand): void {
    const busy = this.alloc.occupied[this.pos] | this.taken;
    let via = REGS.find((_, r) => !(busy & (1 << r)));
    let save: string | undefined;
    if (via) {
      if ((1 << REGS.indexOf(via)) & CALLEE_SAVED) this.usedCallee |= 1 << REGS.indexOf(via);
    } else {
      via = this.opnd(target) === '%eax' ? '%ecx' : '%eax';
      save = this.frameRef(-(this.extraSlotBase() + 4 * (this.borrowed.length + 1)));
      this.maxBorrowed = Math.max(this.maxBorrowed, this.borrowed.length + 1);
      this.emit(`movl ${via}, ${save}`);
    }
    for (const [from, to] of copies) {
      this.emit(`movl ${from}, ${via}`);
      this.emit(`movl ${via}, ${to}`);
    }
    if (save) this.emit(`movl ${save}, ${via}`);
  }

  // ---- terminators ------------------------------------------------------------------

  /** Compares a with b and hands the condition (possibly swapped) to use. */
  private compare(cc: Cond, a: Operand, b: Operand, use: (cc: Cond) => void, test = false): void {
    if (a.kind === 'imm' && b.kind !== 'imm') {
      [a, b] = [b, a];
      if (!test) cc = swapped(cc);
    }
    let A = this.opnd(a);
    const B = this.opnd(b);
    if (isImmText(A) || (isMem(A) && isMem(B))) A = this.inReg(a);
    if (test) this.emit(`testl ${B}, ${A}`);
    else if (B === '$0' && isReg(A)) this.emit(`testl ${A}, ${A}`);
    else this.emit(`cmpl ${B}, ${A}`);
    use(cc);
  }

  private terminator(t: Terminator, next: Block | undefined): void {
    switch (t.op) {
      case 'jmp':
        if (t.target !== next) this.emit(`jmp ${this.label(t.target)}`);
        return;
      case 'br':
        this.compare(t.cc, t.a, t.b, (cc) => {
          if (t.then === next) this.emit(`j${JCC[negate(cc)]} ${this.label(t.else)}`);
          else {
            this.emit(`j${JCC[cc]} ${this.label(t.then)}`);
            if (t.else !== next) this.emit(`jmp ${this.label(t.else)}`);
          }
        }, t.test);
        return;
      case 'ret':
        if (t.value && t.valueHi) this.movepair(this.opnd(t.value), this.opnd(t.valueHi), '%eax', '%edx');
        else if (t.value) this.move(this.opnd(t.value), '%eax');
        this.body.push(RET_MARK);
        return;
      case 'switch': {
        const table = `.LT.${this.f.name}.${this.tables.length}`;
        const r = this.inReg(t.value);
        this.emit(`jmp *${table}(,${r},4)`);
        this.tables.push('\t.p2align 2', `${table}:`, ...t.table.map((b) => `\t.long ${this.label(b)}`));
        return;
      }
    }
  }
}

/** Where an epilogue goes (its saved registers are known only at the end). */
const RET_MARK = '\u0000ret';
