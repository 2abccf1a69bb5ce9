// -O0 code generation: the typed AST straight to AsmX, a stack machine in the
// style of chibicc. At -O1 the functions the IR can express take the IR backend
// (lowermodule.ts: lower, optimize, inline, then linearscan.ts and irasm.ts); this
// generator, with regalloc.ts, handles the rest (inline asm, varargs, VLAs).
// An expression leaves its value in %eax (%edx:%eax for 64-bit values; the address
// for structs, arrays and functions). %ebx, %esi and %edi are saved by every
// prologue, so short sequences may use them as scratch.

import { caseTable } from './switchTable.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Node, Obj } from './ast.js';
import { alignTo, is64, isInteger, type Member, type Type } from './type.js';
import { evalConst } from './consteval.js';
import { allocateRegisters, type VarRegister } from './regalloc.js';
import { genInlineAsm, type AsmHost } from './inlineasm.js';
import { emitData, emitHelpers, sectionFor } from './emit.js';
import { allocate } from './linearscan.js';
import { emitFunction } from './irasm.js';
import type { IRFunction } from './ir.js';
import { lowerModule } from './lowermodule.js';
import { hasHiddenRet, layOutFrame } from './frame.js';

export interface CodegenOptions {
  /** -O1: fold constants, use immediate and memory operands, fuse compares with branches, strength-reduce. */
  optimize?: boolean;
  /** Reports a diagnostic found while generating (e.g. an impossible asm constraint). */
  report: (d: Diagnostic) => void;
  diag: (message: string, node: Node) => Diagnostic;
}

export class CodeGen implements AsmHost {
  readonly out: string[] = [];
  private depth = 0;
  private fn!: Obj;
  private returnLabel = '';
  private labelCount = 0;
  private hiddenRet = 0;
  readonly helpers = new Set<string>();
  private switchTables: string[] = [];
  /** -O1: locals that live in a register for the whole function. */
  private regVars = new Map<Obj, VarRegister>();

  constructor(readonly options: CodegenOptions) {}

  emit(line: string): void {
    this.out.push('\t' + line);
  }

  label(name: string): void {
    this.out.push(name + ':');
  }

  private uniqueCount = 0;

  nextUnique(): number {
    return ++this.uniqueCount;
  }

  uniqueLabel(kind: string): string {
    return `.L${kind}.${this.fn.asmName}.${++this.labelCount}`;
  }

  push(reg = '%eax'): void {
    this.emit(`pushl ${reg}`);
    this.depth += 4;
  }

  pop(reg: string): void {
    this.emit(`popl ${reg}`);
    this.depth -= 4;
  }

  adjustDepth(bytes: number): void {
    this.depth += bytes;
  }

  get stackDepth(): number {
    return this.depth;
  }

  // ---- program -------------------------------------------------------------

  generate(globals: Obj[], topAsm: string[], trailer: string[] = [], fileRefs: Map<string, unknown> = new Map()): string {
    for (const text of topAsm) this.out.push(text);
    for (const v of globals) if (!v.isFunction && v.isDefinition) emitData(this.out, v);
    const reachable = reachableFunctions(globals, fileRefs);
    const functions = globals.filter((f) => f.isFunction && f.isDefinition && f.body && reachable.has(f));
    const irs = this.options.optimize ? lowerModule(functions) : new Map<Obj, IRFunction>();
    for (const f of functions) this.genFunction(f, irs.get(f));
    if (this.switchTables.length) {
      this.out.push('\t.section .rodata');
      this.out.push(...this.switchTables);
    }
    emitHelpers(this.out, this.helpers);
    this.out.push(...trailer);
    this.out.push('\t.section .note.GNU-stack,"",@progbits');
    return this.out.join('\n') + '\n';
  }

  private genFunction(fn: Obj, ir?: IRFunction): void {
    this.fn = fn;
    this.labelCount = 0;
    this.returnLabel = `.Lreturn.${fn.asmName}`;
    const section = sectionFor(fn, true);
    this.out.push(section);
    if (!fn.isStatic && !fn.inlineOnly) this.out.push(`\t.globl ${fn.asmName}`);
    if (fn.attrs.weak) this.out.push(`\t.weak ${fn.asmName}`);
    this.out.push(`\t.type ${fn.asmName}, @function`);
    this.out.push(`\t.p2align 4`);
    this.label(fn.asmName);
    if (ir) {
      this.genFunctionIR(fn, ir);
      return;
    }
    this.hiddenRet = hasHiddenRet(fn) ? 4 : 0;
    const { paramEnd, bottom } = layOutFrame(fn);
    fn.paramBytes = paramEnd;
    // After the prologue %esp is 16-byte aligned (return address + 4 saved registers = 20 bytes).
    const localBytes = alignTo(bottom - 12 + 4, 16) - 4;
    this.emit('pushl %ebp');
    this.emit('movl %esp, %ebp');
    this.emit('pushl %ebx');
    this.emit('pushl %esi');
    this.emit('pushl %edi');
    if (localBytes > 0) this.emit(`subl $${localBytes}, %esp`);
    this.depth = 0;
    this.regVars = this.options.optimize ? allocateRegisters(fn) : new Map();
    for (const p of fn.params) {
      const reg = this.regVars.get(p);
      if (!reg) continue;
      const t = p.ty;
      const op = t.size === 1 ? (t.isUnsigned || t.kind === 'bool' ? 'movzbl' : 'movsbl') : t.size === 2 ? (t.isUnsigned ? 'movzwl' : 'movswl') : 'movl';
      this.emit(`${op} ${p.offset}(%ebp), ${reg}`);
    }
    this.genStmt(fn.body!);
    // Falling off the end of main returns 0 (C99 5.1.2.2.3).
    if (fn.name === 'main') this.emit('xorl %eax, %eax');
    this.label(this.returnLabel);
    this.emit('leal -12(%ebp), %esp');
    this.emit('popl %edi');
    this.emit('popl %esi');
    this.emit('popl %ebx');
    this.emit('popl %ebp');
    this.emit(this.hiddenRet ? 'ret $4' : 'ret');
    this.out.push(`\t.size ${fn.asmName}, .-${fn.asmName}`);
  }

  /** -O1 through the IR: register allocation and AsmX for an already optimized function. */
  private genFunctionIR(fn: Obj, ir: IRFunction): void {
    const asm = emitFunction(ir, allocate(ir), ir.frameBytes);
    this.out.push(...asm.lines);
    this.out.push(`\t.size ${fn.asmName}, .-${fn.asmName}`);
    this.switchTables.push(...asm.tables);
    for (const h of asm.helpers) this.helpers.add(h);
  }

  // ---- addresses, loads and stores ------------------------------------------

  /** Address of an object in a form usable as an instruction operand, if it needs no register. */
  directOperand(node: Node): string | undefined {
    if (node.kind !== 'var') return undefined;
    const v = node.obj!;
    if (v.isLocal) return `${v.offset}(%ebp)`;
    return v.asmName;
  }

  genAddr(node: Node): void {
    switch (node.kind) {
      case 'var': {
        const v = node.obj!;
        if (this.regVars.has(v)) throw new Error(`codegen: address of register variable '${v.name}'`);
        if (v.isLocal) this.emit(`leal ${v.offset}(%ebp), %eax`);
        else this.emit(`movl $${v.asmName}, %eax`);
        return;
      }
      case 'deref':
        this.genExpr(node.lhs!);
        return;
      case 'member':
        this.genAddr(node.lhs!);
        if (node.member!.offset) this.emit(`addl $${node.member!.offset}, %eax`);
        return;
      case 'comma':
        this.genExpr(node.lhs!);
        this.genAddr(node.rhs!);
        return;
      case 'call':
      case 'stmtexpr':
      case 'cond':
      case 'assign':
      case 'vaarg':
      case 'inline':
        // Struct-valued expressions already evaluate to an address.
        if (node.ty!.kind === 'struct' || node.ty!.kind === 'union') {
          this.genExpr(node);
          return;
        }
        break;
      default:
        break;
    }
    this.options.report(this.options.diag('not an lvalue', node));
    this.emit('xorl %eax, %eax');
  }

  load(ty: Type): void {
    switch (ty.kind) {
      case 'array': case 'struct': case 'union': case 'func': case 'void':
        return;
      case 'llong':
        this.emit('movl 4(%eax), %edx');
        this.emit('movl (%eax), %eax');
        return;
      default:
        break;
    }
    if (ty.size === 1) this.emit(`${ty.isUnsigned || ty.kind === 'bool' ? 'movzbl' : 'movsbl'} (%eax), %eax`);
    else if (ty.size === 2) this.emit(`${ty.isUnsigned ? 'movzwl' : 'movswl'} (%eax), %eax`);
    else if (ty.size === 8) {
      this.emit('movl 4(%eax), %edx');
      this.emit('movl (%eax), %eax');
    } else this.emit('movl (%eax), %eax');
  }

  /** Stores the value in %eax (%edx:%eax) to the address popped off the stack. */
  store(ty: Type): void {
    this.pop('%ecx');
    if (ty.kind === 'struct' || ty.kind === 'union') {
      this.copyBytes(ty.size);
      return;
    }
    if (ty.size === 1) this.emit('movb %al, (%ecx)');
    else if (ty.size === 2) this.emit('movw %ax, (%ecx)');
    else if (ty.size === 8) {
      this.emit('movl %eax, (%ecx)');
      this.emit('movl %edx, 4(%ecx)');
    } else this.emit('movl %eax, (%ecx)');
  }

  /** Copies size bytes from (%eax) to (%ecx); leaves the destination in %eax. */
  copyBytes(size: number): void {
    if (size > 64) {
      this.saveScratch();
      this.emit('movl %eax, %esi');
      this.emit('movl %ecx, %edi');
      this.emit(`movl $${size}, %ecx`);
      this.emit('rep movsb');
      this.emit(`leal -${size}(%edi), %eax`);
      this.restoreScratch();
      return;
    }
    let i = 0;
    for (; i + 4 <= size; i += 4) {
      this.emit(`movl ${i}(%eax), %edx`);
      this.emit(`movl %edx, ${i}(%ecx)`);
    }
    for (; i < size; i++) {
      this.emit(`movb ${i}(%eax), %dl`);
      this.emit(`movb %dl, ${i}(%ecx)`);
    }
    this.emit('movl %ecx, %eax');
  }

  // ---- conversions ------------------------------------------------------------

  convert(from: Type, to: Type): void {
    if (to.kind === 'void' || to.kind === 'struct' || to.kind === 'union') return;
    const from64 = is64(from);
    if (to.kind === 'bool') {
      if (from64) this.emit('orl %edx, %eax');
      else this.emit('testl %eax, %eax');
      this.emit('setne %al');
      this.emit('movzbl %al, %eax');
      return;
    }
    if (is64(to)) {
      if (from64) return;
      if (from.isUnsigned || from.kind === 'ptr' || from.kind === 'bool' || from.kind === 'array' || from.kind === 'func') this.emit('xorl %edx, %edx');
      else this.emit('cltd');
      return;
    }
    if (to.size === 1) {
      // Narrowing to the same width keeps the invariant: values are extended to 32 bits by their type.
      if (from.size === 1 && from.isUnsigned === to.isUnsigned && !from64) return;
      this.emit(`${to.isUnsigned ? 'movzbl' : 'movsbl'} %al, %eax`);
    } else if (to.size === 2) {
      if ((from.size === 2 && from.isUnsigned === to.isUnsigned) || (from.size === 1 && (to.isUnsigned ? from.isUnsigned : true) && isInteger(from))) {
        if (!from64) return;
      }
      this.emit(`${to.isUnsigned ? 'movzwl' : 'movswl'} %ax, %eax`);
    }
  }

  // ---- expressions ------------------------------------------------------------

  genExpr(node: Node): void {
    if (this.options.optimize && FOLDABLE.has(node.kind) && node.ty && isInteger(node.ty)) {
      const v = evalConst(node);
      if (v !== undefined) {
        this.genExpr({ kind: 'num', tok: node.tok, ty: node.ty, val: v });
        return;
      }
    }
    switch (node.kind) {
      case 'num': {
        const v = node.val!;
        if (is64(node.ty!)) {
          const u = BigInt.asUintN(64, v);
          this.emit(`movl $${Number(u & 0xffffffffn) | 0}, %eax`);
          this.emit(`movl $${Number(u >> 32n) | 0}, %edx`);
        } else {
          const n = Number(BigInt.asIntN(32, v));
          this.emit(n === 0 ? 'xorl %eax, %eax' : `movl $${n}, %eax`);
        }
        return;
      }
      case 'var': {
        const mem = this.scalarOperand(node);
        if (mem) {
          this.loadFrom(node.ty!, mem);
          return;
        }
        this.genAddr(node);
        this.load(node.ty!);
        return;
      }
      case 'member':
        if (node.member!.isBitfield) {
          this.genAddr(node.lhs!);
          this.loadBitfield(node.member!, node.ty!);
          return;
        }
        if (this.options.optimize && isScalarType(node.ty!) && node.ty!.size <= 4) {
          this.genAddr(node.lhs!);
          this.loadFrom(node.ty!, `${node.member!.offset || ''}(%eax)`);
          return;
        }
        this.genAddr(node);
        this.load(node.ty!);
        return;
      case 'deref':
        this.genExpr(node.lhs!);
        this.load(node.ty!);
        return;
      case 'addr':
        this.genAddr(node.lhs!);
        return;
      case 'assign':
        this.genAssign(node);
        return;
      case 'stmtexpr':
        for (const s of node.body!) this.genStmt(s);
        return;
      case 'comma':
        this.genExpr(node.lhs!);
        this.genExpr(node.rhs!);
        return;
      case 'cast':
        this.genExpr(node.lhs!);
        this.convert(node.lhs!.ty!, node.ty!);
        return;
      case 'memzero': {
        const v = node.obj!;
        this.saveScratch();
        this.emit(`leal ${v.offset}(%ebp), %edi`);
        this.emit(`movl $${v.ty.size}, %ecx`);
        this.emit('xorl %eax, %eax');
        this.emit('rep stosb');
        this.restoreScratch();
        return;
      }
      case 'cond': {
        const els = this.uniqueLabel('else');
        const end = this.uniqueLabel('end');
        this.genCondJump(node.cond!, els, false);
        this.genExpr(node.then!);
        this.emit(`jmp ${end}`);
        this.label(els);
        this.genExpr(node.els!);
        this.label(end);
        return;
      }
      case 'not':
        this.genTruth(node.lhs!);
        this.emit('sete %al');
        this.emit('movzbl %al, %eax');
        return;
      case 'bitnot':
        this.genExpr(node.lhs!);
        this.emit('notl %eax');
        if (is64(node.ty!)) this.emit('notl %edx');
        return;
      case 'neg':
        this.genExpr(node.lhs!);
        if (is64(node.ty!)) {
          this.emit('negl %eax');
          this.emit('adcl $0, %edx');
          this.emit('negl %edx');
        } else this.emit('negl %eax');
        return;
      case 'logand': case 'logor': {
        const isAnd = node.kind === 'logand';
        const short = this.uniqueLabel(isAnd ? 'false' : 'true');
        const end = this.uniqueLabel('end');
        this.genCondJump(node.lhs!, short, !isAnd);
        this.genCondJump(node.rhs!, short, !isAnd);
        this.emit(`movl $${isAnd ? 1 : 0}, %eax`);
        this.emit(`jmp ${end}`);
        this.label(short);
        this.emit(`movl $${isAnd ? 0 : 1}, %eax`);
        this.label(end);
        return;
      }
      case 'call':
        this.genCall(node);
        return;
      case 'vastart':
        this.genAddr(node.lhs!);
        this.emit(`leal ${this.fn.paramBytes}(%ebp), %ecx`);
        this.emit('movl %ecx, (%eax)');
        return;
      case 'vaarg':
        this.genAddr(node.lhs!);
        this.emit('movl (%eax), %ecx');
        this.emit(`leal ${alignTo(node.ty!.size, 4)}(%ecx), %edx`);
        this.emit('movl %edx, (%eax)');
        this.emit('movl %ecx, %eax');
        this.load(node.ty!);
        return;
      case 'inline':
        this.genInlined(node);
        return;
      case 'vlaalloc':
        // Rounded to 16 so calls stay aligned; freed when the function returns.
        this.genExpr(node.lhs!);
        this.emit('addl $15, %eax');
        this.emit('andl $-16, %eax');
        this.emit('subl %eax, %esp');
        this.emit('movl %esp, %eax');
        this.storeTo(node.obj!.ty, this.scalarOperand({ kind: 'var', tok: node.tok, obj: node.obj, ty: node.obj!.ty })!);
        return;
      case 'asm':
        genInlineAsm(this, node);
        return;
      default:
        break;
    }
    if (is64(node.lhs!.ty!)) this.genBinary64(node);
    else this.genBinary32(node);
  }

  /** Sets ZF from the truth of a scalar (ZF=1 when false). */
  private genTruth(node: Node): void {
    this.genExpr(node);
    if (is64(node.ty!)) this.emit('orl %edx, %eax');
    else this.emit('testl %eax, %eax');
  }

  /** Jumps to target when the condition is `when`; falls through otherwise. */
  genCondJump(node: Node, target: string, when: boolean): void {
    if (this.options.optimize && this.genFusedJump(node, target, when)) return;
    this.genTruth(node);
    this.emit(`${when ? 'jne' : 'je'} ${target}`);
  }

  /** -O1: branch straight on a comparison's flags, through !, && and ||, or on a constant. */
  private genFusedJump(node: Node, target: string, when: boolean): boolean {
    if (node.ty && isInteger(node.ty)) {
      const v = evalConst(node);
      if (v !== undefined) {
        if ((v !== 0n) === when) this.emit(`jmp ${target}`);
        return true;
      }
    }
    switch (node.kind) {
      case 'not':
        this.genCondJump(node.lhs!, target, !when);
        return true;
      case 'logand': case 'logor': {
        // (a && b) jumps when true only if both are; (a || b) when false only if both are.
        const isAnd = node.kind === 'logand';
        if (isAnd !== when) {
          this.genCondJump(node.lhs!, target, when);
          this.genCondJump(node.rhs!, target, when);
        } else {
          const skip = this.uniqueLabel('skip');
          this.genCondJump(node.lhs!, skip, !when);
          this.genCondJump(node.rhs!, target, when);
          this.label(skip);
        }
        return true;
      }
      case 'eq': case 'ne': case 'lt': case 'le': {
        if (is64(node.lhs!.ty!)) return false;
        const unsigned = node.lhs!.ty!.isUnsigned || node.lhs!.ty!.kind === 'ptr';
        const rhs = this.aluOperand(node.rhs!);
        if (rhs) {
          this.genExpr(node.lhs!);
          if (rhs === '$0' && (node.kind === 'eq' || node.kind === 'ne')) this.emit('testl %eax, %eax');
          else this.emit(`cmpl ${rhs}, %eax`);
        } else {
          this.genExpr(node.rhs!);
          this.push();
          this.genExpr(node.lhs!);
          this.pop('%ecx');
          this.emit('cmpl %ecx, %eax');
        }
        this.emit(`${jcc(node.kind, unsigned, when)} ${target}`);
        return true;
      }
      default:
        return false;
    }
  }

  private genAssign(node: Node): void {
    const lhs = node.lhs!;
    if (lhs.kind === 'member' && lhs.member!.isBitfield) {
      this.genAddr(lhs.lhs!);
      this.push();
      this.genExpr(node.rhs!);
      this.storeBitfield(lhs.member!, lhs.ty!);
      return;
    }
    const mem = this.scalarOperand(lhs);
    if (mem) {
      this.genExpr(node.rhs!);
      this.storeTo(lhs.ty!, mem);
      return;
    }
    if (this.options.optimize && node.rhs!.kind === 'num' && isScalarType(lhs.ty!) && lhs.ty!.size <= 4) {
      // Storing a constant needs no value register while the address is computed.
      const v = Number(BigInt.asIntN(32, node.rhs!.val!));
      this.genAddr(lhs);
      const suffix = lhs.ty!.size === 1 ? 'b' : lhs.ty!.size === 2 ? 'w' : 'l';
      const imm = lhs.ty!.size === 1 ? v & 0xff : lhs.ty!.size === 2 ? v & 0xffff : v;
      this.emit(`mov${suffix} $${imm}, (%eax)`);
      this.emit(`movl $${v}, %eax`);
      return;
    }
    this.genAddr(lhs);
    this.push();
    this.genExpr(node.rhs!);
    this.store(lhs.ty!);
  }

  /** A variable holding a scalar, as a memory operand (no register needed to address it). */
  private scalarOperand(node: Node): string | undefined {
    if (node.kind !== 'var') return undefined;
    const v = node.obj!;
    const k = node.ty!.kind;
    if (v.isFunction || k === 'array' || k === 'struct' || k === 'union' || k === 'func' || k === 'void' || k === 'float') return undefined;
    const reg = this.regVars.get(v);
    if (reg) return reg;
    return v.isLocal ? `${v.offset}(%ebp)` : v.asmName;
  }

  /** A right operand usable directly by a 32-bit ALU instruction: an immediate or a 32-bit variable. */
  private aluOperand(node: Node): string | undefined {
    if (node.kind === 'num' && !is64(node.ty!)) return `$${Number(BigInt.asIntN(32, node.val!))}`;
    // A global array decaying to a pointer is a link-time constant address.
    if (node.kind === 'cast' && node.ty!.kind === 'ptr' && node.lhs!.kind === 'var' && !node.lhs!.obj!.isLocal &&
        (node.lhs!.ty!.kind === 'array' || node.lhs!.ty!.kind === 'func')) return `$${node.lhs!.obj!.asmName}`;
    if (node.ty!.size === 4) return this.scalarOperand(node);
    return undefined;
  }

  private loadFrom(ty: Type, mem: string): void {
    // A register variable always holds its value extended to 32 bits.
    if (mem.startsWith('%')) this.emit(`movl ${mem}, %eax`);
    else if (ty.size === 1) this.emit(`${ty.isUnsigned || ty.kind === 'bool' ? 'movzbl' : 'movsbl'} ${mem}, %eax`);
    else if (ty.size === 2) this.emit(`${ty.isUnsigned ? 'movzwl' : 'movswl'} ${mem}, %eax`);
    else if (ty.size === 8) {
      this.emit(`movl ${mem}, %eax`);
      this.emit(`movl ${offsetBy(mem, 4)}, %edx`);
    } else this.emit(`movl ${mem}, %eax`);
  }

  private storeTo(ty: Type, mem: string): void {
    if (mem.startsWith('%')) this.emit(`movl %eax, ${mem}`);
    else if (ty.size === 1) this.emit(`movb %al, ${mem}`);
    else if (ty.size === 2) this.emit(`movw %ax, ${mem}`);
    else if (ty.size === 8) {
      this.emit(`movl %eax, ${mem}`);
      this.emit(`movl %edx, ${offsetBy(mem, 4)}`);
    } else this.emit(`movl %eax, ${mem}`);
  }

  private genBinary32(node: Node): void {
    if (this.options.optimize && this.genBinary32Direct(node)) return;
    this.genExpr(node.rhs!);
    this.push();
    this.genExpr(node.lhs!);
    this.pop('%ecx');
    const unsigned = node.lhs!.ty!.isUnsigned || node.lhs!.ty!.kind === 'ptr';
    switch (node.kind) {
      case 'add': this.emit('addl %ecx, %eax'); return;
      case 'sub': this.emit('subl %ecx, %eax'); return;
      case 'mul': this.emit('imull %ecx, %eax'); return;
      case 'div': case 'mod':
        if (unsigned) {
          this.emit('xorl %edx, %edx');
          this.emit('divl %ecx');
        } else {
          this.emit('cltd');
          this.emit('idivl %ecx');
        }
        if (node.kind === 'mod') this.emit('movl %edx, %eax');
        return;
      case 'and': this.emit('andl %ecx, %eax'); return;
      case 'or': this.emit('orl %ecx, %eax'); return;
      case 'xor': this.emit('xorl %ecx, %eax'); return;
      case 'shl': this.emit('shll %cl, %eax'); return;
      case 'shr': this.emit(`${unsigned ? 'shrl' : 'sarl'} %cl, %eax`); return;
      case 'eq': case 'ne': case 'lt': case 'le': {
        this.emit('cmpl %ecx, %eax');
        this.emit(`${setcc(node.kind, unsigned)} %al`);
        this.emit('movzbl %al, %eax');
        return;
      }
      default:
        throw new Error(`codegen: unexpected node '${node.kind}'`);
    }
  }

  /** -O1: lhs into %eax, then one instruction with rhs as an immediate or memory operand. */
  private genBinary32Direct(node: Node): boolean {
    if (!this.aluOperand(node.rhs!) && COMMUTATIVE.has(node.kind) && this.aluOperand(node.lhs!)) {
      return this.genBinary32Direct({ ...node, lhs: node.rhs, rhs: node.lhs });
    }
    let rhs = this.aluOperand(node.rhs!);
    const lhsOperand = rhs ? undefined : this.aluOperand(node.lhs!);
    if (!rhs && !lhsOperand) return false;
    const unsigned = node.lhs!.ty!.isUnsigned || node.lhs!.ty!.kind === 'ptr';
    const imm = node.rhs!.kind === 'num' ? Number(BigInt.asIntN(32, node.rhs!.val!)) : undefined;
    const log2 = imm !== undefined && imm > 0 && (imm & (imm - 1)) === 0 ? Math.log2(imm) : -1;
    if (lhsOperand) {
      // A simple left operand: evaluate the right one first (as the general path does), no stack.
      this.genExpr(node.rhs!);
      this.emit('movl %eax, %ecx');
      this.emit(`movl ${lhsOperand}, %eax`);
      rhs = '%ecx';
    } else this.genExpr(node.lhs!);
    switch (node.kind) {
      case 'add': this.emit(imm === 1 ? 'incl %eax' : `addl ${rhs}, %eax`); return true;
      case 'sub': this.emit(imm === 1 ? 'decl %eax' : `subl ${rhs}, %eax`); return true;
      case 'and': this.emit(`andl ${rhs}, %eax`); return true;
      case 'or': this.emit(`orl ${rhs}, %eax`); return true;
      case 'xor': this.emit(`xorl ${rhs}, %eax`); return true;
      case 'mul':
        // Strength reduction: multiplying by a power of two is a shift.
        if (log2 >= 0) { if (log2 > 0) this.emit(`shll $${log2}, %eax`); }
        else if (imm !== undefined) this.emit(`imull ${rhs}, %eax, %eax`);
        else this.emit(`imull ${rhs}, %eax`);
        return true;
      case 'shl': case 'shr': {
        const op = node.kind === 'shl' ? 'shll' : unsigned ? 'shrl' : 'sarl';
        if (imm !== undefined) this.emit(`${op} $${imm & 31}, %eax`);
        else {
          this.emit(`movl ${rhs}, %ecx`);
          this.emit(`${op} %cl, %eax`);
        }
        return true;
      }
      case 'div': case 'mod':
        if (unsigned && log2 >= 0) {
          if (node.kind === 'div') { if (log2 > 0) this.emit(`shrl $${log2}, %eax`); }
          else this.emit(`andl $${imm! - 1}, %eax`);
          return true;
        }
        this.emit(`movl ${rhs}, %ecx`);
        if (unsigned) {
          this.emit('xorl %edx, %edx');
          this.emit('divl %ecx');
        } else {
          this.emit('cltd');
          this.emit('idivl %ecx');
        }
        if (node.kind === 'mod') this.emit('movl %edx, %eax');
        return true;
      case 'eq': case 'ne': case 'lt': case 'le':
        this.emit(`cmpl ${rhs}, %eax`);
        this.emit(`${setcc(node.kind, unsigned)} %al`);
        this.emit('movzbl %al, %eax');
        return true;
      default:
        throw new Error(`codegen: unexpected node '${node.kind}'`);
    }
  }

  private genBinary64(node: Node): void {
    const unsigned = node.lhs!.ty!.isUnsigned;
    if (node.kind === 'shl' || node.kind === 'shr') {
      this.genExpr(node.rhs!);
      this.push();
      this.genExpr(node.lhs!);
      this.pop('%ecx');
      const l = this.uniqueLabel('sh');
      if (node.kind === 'shl') {
        this.emit('shldl %cl, %eax, %edx');
        this.emit('shll %cl, %eax');
        this.emit('testb $32, %cl');
        this.emit(`je ${l}`);
        this.emit('movl %eax, %edx');
        this.emit('xorl %eax, %eax');
      } else {
        this.emit('shrdl %cl, %edx, %eax');
        this.emit(`${unsigned ? 'shrl' : 'sarl'} %cl, %edx`);
        this.emit('testb $32, %cl');
        this.emit(`je ${l}`);
        this.emit('movl %edx, %eax');
        this.emit(unsigned ? 'xorl %edx, %edx' : 'sarl $31, %edx');
      }
      this.label(l);
      return;
    }
    this.genExpr(node.rhs!);
    this.push('%edx');
    this.push('%eax');
    this.genExpr(node.lhs!);
    this.pop('%ecx');
    this.pop('%ebx');
    switch (node.kind) {
      case 'add': this.emit('addl %ecx, %eax'); this.emit('adcl %ebx, %edx'); return;
      case 'sub': this.emit('subl %ecx, %eax'); this.emit('sbbl %ebx, %edx'); return;
      case 'and': this.emit('andl %ecx, %eax'); this.emit('andl %ebx, %edx'); return;
      case 'or': this.emit('orl %ecx, %eax'); this.emit('orl %ebx, %edx'); return;
      case 'xor': this.emit('xorl %ecx, %eax'); this.emit('xorl %ebx, %edx'); return;
      case 'mul':
        this.emit('imull %ecx, %edx');
        this.emit('imull %eax, %ebx');
        this.emit('addl %edx, %ebx');
        this.emit('mull %ecx');
        this.emit('addl %ebx, %edx');
        return;
      case 'div': case 'mod': {
        const helper = unsigned ? 'udivmod64' : 'divmod64';
        this.helpers.add(helper);
        this.emit(`call .Llm_${helper}`);
        if (node.kind === 'mod') {
          this.emit('movl %ecx, %eax');
          this.emit('movl %ebx, %edx');
        }
        return;
      }
      case 'eq': case 'ne':
        this.emit('xorl %ecx, %eax');
        this.emit('xorl %ebx, %edx');
        this.emit('orl %edx, %eax');
        this.emit(`${node.kind === 'eq' ? 'sete' : 'setne'} %al`);
        this.emit('movzbl %al, %eax');
        return;
      case 'lt':
        // lhs - rhs sets SF/OF (signed) and CF (unsigned) for lhs < rhs.
        this.emit('cmpl %ecx, %eax');
        this.emit('sbbl %ebx, %edx');
        this.emit(`${unsigned ? 'setb' : 'setl'} %al`);
        this.emit('movzbl %al, %eax');
        return;
      case 'le':
        // lhs <= rhs is !(rhs < lhs).
        this.emit('cmpl %eax, %ecx');
        this.emit('sbbl %edx, %ebx');
        this.emit(`${unsigned ? 'setae' : 'setge'} %al`);
        this.emit('movzbl %al, %eax');
        return;
      default:
        throw new Error(`codegen: unexpected 64-bit node '${node.kind}'`);
    }
  }

  // ---- bit-fields ------------------------------------------------------------

  /** With the containing object's address in %eax, loads the bit-field's value. */
  private loadBitfield(m: Member, ty: Type): void {
    const signed = !m.ty.isUnsigned && m.ty.kind !== 'bool';
    if (m.unitSize === 8) {
      this.emit(`movl ${m.offset + 4}(%eax), %edx`);
      this.emit(`movl ${m.offset}(%eax), %eax`);
      this.extract64(m.bitOffset, m.bitWidth, signed);
      if (!is64(ty)) return;
      return;
    }
    const off = m.offset ? `${m.offset}` : '';
    if (m.unitSize === 1) this.emit(`movzbl ${off}(%eax), %eax`);
    else if (m.unitSize === 2) this.emit(`movzwl ${off}(%eax), %eax`);
    else this.emit(`movl ${off}(%eax), %eax`);
    const left = 32 - m.bitOffset - m.bitWidth;
    if (left) this.emit(`shll $${left}, %eax`);
    if (m.bitWidth < 32) this.emit(`${signed ? 'sarl' : 'shrl'} $${32 - m.bitWidth}, %eax`);
    if (is64(ty)) this.emit(signed ? 'cltd' : 'xorl %edx, %edx');
  }

  /** Shifts the 64-bit unit in %edx:%eax right by `shift` and keeps `width` bits, extended. */
  private extract64(shift: number, width: number, signed: boolean): void {
    const left = 64 - shift - width;
    if (left >= 32) {
      this.emit('movl %eax, %edx');
      this.emit('xorl %eax, %eax');
      if (left > 32) this.emit(`shll $${left - 32}, %edx`);
    } else if (left > 0) {
      this.emit(`shldl $${left}, %eax, %edx`);
      this.emit(`shll $${left}, %eax`);
    }
    const right = 64 - width;
    if (right >= 32) {
      this.emit('movl %edx, %eax');
      this.emit(signed ? 'sarl $31, %edx' : 'xorl %edx, %edx');
      if (right > 32) this.emit(`${signed ? 'sarl' : 'shrl'} $${right - 32}, %eax`);
    } else if (right > 0) {
      this.emit(`shrdl $${right}, %edx, %eax`);
      this.emit(`${signed ? 'sarl' : 'shrl'} $${right}, %edx`);
    }
  }

  /** Stores %eax (or %edx:%eax) into the bit-field of the object whose address is on the stack. */
  private storeBitfield(m: Member, ty: Type): void {
    this.pop('%ecx');
    this.saveScratch();
    this.storeBitfieldBody(m, ty);
    this.restoreScratch();
  }

  /** %esi and %edi are scratch for a few sequences; keep register variables in them intact. */
  private saveScratch(): void {
    for (const r of this.scratchInUse()) this.push(r);
  }

  private restoreScratch(): void {
    for (const r of this.scratchInUse().reverse()) this.pop(r);
  }

  private scratchInUse(): VarRegister[] {
    return [...new Set(this.regVars.values())].sort();
  }

  private storeBitfieldBody(m: Member, ty: Type): void {
    if (m.offset) this.emit(`addl $${m.offset}, %ecx`);
    const signed = !m.ty.isUnsigned && m.ty.kind !== 'bool';
    if (m.unitSize === 8) {
      if (!is64(ty)) this.emit('cltd');
      this.emit('movl %eax, %esi');
      this.emit('movl %edx, %edi');
      const mask = (1n << BigInt(m.bitWidth)) - 1n;
      const shifted = BigInt.asUintN(64, mask << BigInt(m.bitOffset));
      const lo = (x: bigint) => Number(x & 0xffffffffn) | 0;
      const hi = (x: bigint) => Number((x >> 32n) & 0xffffffffn) | 0;
      this.emit(`andl $${lo(mask)}, %eax`);
      this.emit(`andl $${hi(mask)}, %edx`);
      const s = m.bitOffset;
      if (s >= 32) {
        this.emit('movl %eax, %edx');
        this.emit('xorl %eax, %eax');
        if (s > 32) this.emit(`shll $${s - 32}, %edx`);
      } else if (s > 0) {
        this.emit(`shldl $${s}, %eax, %edx`);
        this.emit(`shll $${s}, %eax`);
      }
      this.emit('movl (%ecx), %ebx');
      this.emit(`andl $${lo(~shifted)}, %ebx`);
      this.emit('orl %ebx, %eax');
      this.emit('movl %eax, (%ecx)');
      this.emit('movl 4(%ecx), %ebx');
      this.emit(`andl $${hi(BigInt.asUintN(64, ~shifted))}, %ebx`);
      this.emit('orl %ebx, %edx');
      this.emit('movl %edx, 4(%ecx)');
      this.emit('movl %esi, %eax');
      this.emit('movl %edi, %edx');
      this.extract64(0, m.bitWidth, signed);
      return;
    }
    this.emit('movl %eax, %esi');
    const mask = m.bitWidth >= 32 ? 0xffffffff : (1 << m.bitWidth) - 1;
    const shifted = (mask << m.bitOffset) >>> 0;
    if (m.bitWidth < 32) this.emit(`andl $${mask | 0}, %eax`);
    if (m.bitOffset) this.emit(`shll $${m.bitOffset}, %eax`);
    if (m.unitSize === 1) this.emit('movzbl (%ecx), %edx');
    else if (m.unitSize === 2) this.emit('movzwl (%ecx), %edx');
    else this.emit('movl (%ecx), %edx');
    this.emit(`andl $${~shifted | 0}, %edx`);
    this.emit('orl %edx, %eax');
    if (m.unitSize === 1) this.emit('movb %al, (%ecx)');
    else if (m.unitSize === 2) this.emit('movw %ax, (%ecx)');
    else this.emit('movl %eax, (%ecx)');
    this.emit('movl %esi, %eax');
    if (m.bitWidth < 32) {
      this.emit(`shll $${32 - m.bitWidth}, %eax`);
      this.emit(`${signed ? 'sarl' : 'shrl'} $${32 - m.bitWidth}, %eax`);
    }
    if (is64(ty)) this.emit(signed ? 'cltd' : 'xorl %edx, %edx');
  }

  // ---- calls ------------------------------------------------------------------

  private genCall(node: Node): void {
    const args = node.args!;
    const slots = args.map((a) => alignTo(Math.max(a.ty!.size, 4), 4));
    const total = slots.reduce((x, y) => x + y, 0);
    const hidden = node.retBuf ? 4 : 0;
    const pad = (16 - ((this.depth + total + hidden) % 16)) % 16;
    if (pad) {
      this.emit(`subl $${pad}, %esp`);
      this.depth += pad;
    }
    for (let i = args.length - 1; i >= 0; i--) {
      const a = args[i];
      const ty = a.ty!;
      this.genExpr(a);
      if (ty.kind === 'struct' || ty.kind === 'union') {
        this.emit(`subl $${slots[i]}, %esp`);
        this.depth += slots[i];
        this.emit('movl %esp, %ecx');
        this.copyBytes(ty.size);
      } else if (is64(ty)) {
        this.push('%edx');
        this.push('%eax');
      } else this.push('%eax');
    }
    if (node.retBuf) {
      this.emit(`leal ${node.retBuf.offset}(%ebp), %eax`);
      this.push('%eax');
    }
    const callee = node.lhs!;
    if (callee.kind === 'var' && callee.obj!.isFunction) {
      this.emit(`call ${callee.obj!.asmName}`);
    } else {
      this.genExpr(callee);
      this.emit('call *%eax');
    }
    // A callee returning through a hidden pointer pops it itself (ret $4).
    this.depth -= hidden;
    const cleanup = total + pad;
    if (cleanup) this.emit(`addl $${cleanup}, %esp`);
    this.depth -= cleanup;
    const rt = node.funcTy!.returnTy!;
    if (node.retBuf) this.emit(`leal ${node.retBuf.offset}(%ebp), %eax`);
    else if (rt.kind === 'bool') this.emit('movzbl %al, %eax');
    else if (rt.size === 1 && rt.kind !== 'void') this.emit(`${rt.isUnsigned ? 'movzbl' : 'movsbl'} %al, %eax`);
    else if (rt.size === 2) this.emit(`${rt.isUnsigned ? 'movzwl' : 'movswl'} %ax, %eax`);
  }

  private genInlined(node: Node): void {
    const call = node.inlined!;
    call.params.forEach((p, i) => {
      this.emit(`leal ${p.offset}(%ebp), %eax`);
      this.push();
      this.genExpr(call.args[i]);
      this.store(p.ty);
    });
    const outer = this.inlineReturn;
    this.inlineReturn = (ret) => {
      if (call.result && ret.lhs) this.storeLocal(call.result);
      this.emit(`jmp ${call.exitLabel}`);
    };
    this.genStmt(call.body);
    this.inlineReturn = outer;
    this.label(call.exitLabel);
    if (call.result) {
      this.emit(`leal ${call.result.offset}(%ebp), %eax`);
      this.load(call.result.ty);
    }
  }

  /** Stores %eax (%edx:%eax) into a local scalar. */
  private storeLocal(v: Obj): void {
    const size = v.ty.size;
    if (size === 1) this.emit(`movb %al, ${v.offset}(%ebp)`);
    else if (size === 2) this.emit(`movw %ax, ${v.offset}(%ebp)`);
    else {
      this.emit(`movl %eax, ${v.offset}(%ebp)`);
      if (size === 8) this.emit(`movl %edx, ${v.offset + 4}(%ebp)`);
    }
  }

  // ---- statements ---------------------------------------------------------------

  genStmt(node: Node): void {
    switch (node.kind) {
      case 'nop':
        return;
      case 'block':
        for (const s of node.body!) this.genStmt(s);
        return;
      case 'exprstmt':
        this.genExpr(node.lhs!);
        return;
      case 'asm':
        genInlineAsm(this, node);
        return;
      case 'if': {
        const els = this.uniqueLabel('else');
        const end = this.uniqueLabel('end');
        this.genCondJump(node.cond!, els, false);
        this.genStmt(node.then!);
        if (node.els) this.emit(`jmp ${end}`);
        this.label(els);
        if (node.els) this.genStmt(node.els);
        this.label(end);
        return;
      }
      case 'for': {
        const begin = this.uniqueLabel('loop');
        if (node.init) this.genStmt(node.init);
        this.label(begin);
        if (node.cond) this.genCondJump(node.cond, node.brkLabel!, false);
        this.genStmt(node.then!);
        this.label(node.contLabel!);
        if (node.inc) this.genExpr(node.inc);
        this.emit(`jmp ${begin}`);
        this.label(node.brkLabel!);
        return;
      }
      case 'do': {
        const begin = this.uniqueLabel('loop');
        this.label(begin);
        this.genStmt(node.then!);
        this.label(node.contLabel!);
        this.genCondJump(node.cond!, begin, true);
        this.label(node.brkLabel!);
        return;
      }
      case 'switch':
        this.genSwitch(node);
        return;
      case 'case':
        this.label(node.label!);
        this.genStmt(node.lhs!);
        return;
      case 'goto':
        this.emit(`jmp ${node.label}`);
        return;
      case 'label':
        this.label(node.label!);
        this.genStmt(node.lhs!);
        return;
      case 'return':
        this.genReturn(node);
        return;
      default:
        this.genExpr(node);
    }
  }

  private genReturn(node: Node): void {
    if (node.lhs) {
      this.genExpr(node.lhs);
      const ty = node.lhs.ty!;
      if (this.inlineReturn) {
        this.inlineReturn(node);
        return;
      }
      if ((ty.kind === 'struct' || ty.kind === 'union') && this.hiddenRet) {
        this.emit('movl 8(%ebp), %ecx');
        this.copyBytes(ty.size);
      }
    } else if (this.inlineReturn) {
      this.inlineReturn(node);
      return;
    }
    this.emit(`jmp ${this.returnLabel}`);
  }

  /** Set while generating an inlined body: where its `return` goes. */
  inlineReturn?: (node: Node) => void;

  private genSwitch(node: Node): void {
    this.genExpr(node.cond!);
    const cases = node.cases!;
    const ty = node.cond!.ty!;
    const defaultLabel = node.defaultCase?.label ?? node.brkLabel!;
    if (is64(ty)) {
      for (const c of cases) {
        for (let v = c.caseBegin!; v <= c.caseEnd!; v++) {
          const u = BigInt.asUintN(64, v);
          const skip = this.uniqueLabel('case');
          this.emit(`cmpl $${Number(u & 0xffffffffn) | 0}, %eax`);
          this.emit(`jne ${skip}`);
          this.emit(`cmpl $${Number(u >> 32n) | 0}, %edx`);
          this.emit(`je ${c.label}`);
          this.label(skip);
          if (v - c.caseBegin! > 4096n) break;
        }
      }
      this.emit(`jmp ${defaultLabel}`);
    } else if (!this.jumpTable(cases, defaultLabel)) {
      for (const c of cases) {
        if (c.caseBegin === c.caseEnd) {
          this.emit(`cmpl $${Number(BigInt.asIntN(32, c.caseBegin!))}, %eax`);
          this.emit(`je ${c.label}`);
        } else {
          this.emit(`leal ${-Number(BigInt.asIntN(32, c.caseBegin!))}(%eax), %ecx`);
          this.emit(`cmpl $${Number(BigInt.asIntN(32, c.caseEnd! - c.caseBegin!))}, %ecx`);
          this.emit(`jbe ${c.label}`);
        }
      }
      this.emit(`jmp ${defaultLabel}`);
    }
    this.genStmt(node.then!);
    this.label(node.brkLabel!);
  }

  /** A dense switch becomes an indexed jump through a table in .rodata. */
  private jumpTable(cases: Node[], defaultLabel: string): boolean {
    const dense = caseTable(cases, defaultLabel, (c) => c.label!);
    if (!dense) return false;
    const { min, table: targets } = dense;
    const table = this.uniqueLabel('jt');
    const n = targets.length;
    const lo = Number(BigInt.asIntN(32, min));
    if (lo !== 0) this.emit(`subl $${lo}, %eax`);
    this.emit(`cmpl $${n - 1}, %eax`);
    this.emit(`ja ${defaultLabel}`);
    this.emit(`jmp *${table}(,%eax,4)`);
    this.switchTables.push('\t.p2align 2', `${table}:`, ...targets.map((t) => `\t.long ${t}`));
    return true;
  }
}

const COMMUTATIVE = new Set<string>(['add', 'mul', 'and', 'or', 'xor', 'eq', 'ne']);

const FOLDABLE = new Set<string>([
  'add', 'sub', 'mul', 'div', 'mod', 'shl', 'shr', 'and', 'or', 'xor', 'eq', 'ne', 'lt', 'le',
  'neg', 'bitnot', 'not', 'cast', 'logand', 'logor', 'cond',
]);

function isScalarType(ty: Type): boolean {
  return isInteger(ty) || ty.kind === 'ptr';
}

function jcc(kind: string, unsigned: boolean, when: boolean): string {
  const table: Record<string, [string, string]> = unsigned
    ? { eq: ['je', 'jne'], ne: ['jne', 'je'], lt: ['jb', 'jae'], le: ['jbe', 'ja'] }
    : { eq: ['je', 'jne'], ne: ['jne', 'je'], lt: ['jl', 'jge'], le: ['jle', 'jg'] };
  return table[kind][when ? 0 : 1];
}

/** `-8(%ebp)` + 4 is `-4(%ebp)`; `sym` + 4 is `sym+4`. */
function offsetBy(mem: string, delta: number): string {
  const m = /^(-?\d+)\((.*)\)$/.exec(mem);
  if (m) return `${Number(m[1]) + delta}(${m[2]})`;
  return `${mem}+${delta}`;
}

function setcc(kind: string, unsigned: boolean): string {
  switch (kind) {
    case 'eq': return 'sete';
    case 'ne': return 'setne';
    case 'lt': return unsigned ? 'setb' : 'setl';
    default: return unsigned ? 'setbe' : 'setle';
  }
}

/**
 * Functions to emit: every external definition and `used` one, and the static or
 * inline-only ones reachable from them or from data (a static inline function from a
 * header that nothing calls is not emitted, nor is what only it calls).
 */
export function reachableFunctions(globals: Obj[], fileRefs: Map<string, unknown>): Set<Obj> {
  // Indexed loops: a module's globals include every declaration of its headers.
  const byName = new Map<string, Obj>();
  const byAsm = new Map<string, Obj>();
  for (let k = 0; k < globals.length; k++) {
    const g = globals[k];
    if (g.isFunction && g.body) {
      byName.set(g.name, g);
      byAsm.set(g.asmName, g);
    }
  }
  const seen = new Set<Obj>();
  const work: Obj[] = [];
  const add = (f: Obj | undefined) => {
    if (f && !seen.has(f)) {
      seen.add(f);
      work.push(f);
    }
  };
  for (let k = 0; k < globals.length; k++) {
    const g = globals[k];
    if (g.isFunction && g.body && ((!g.isStatic && !g.inlineOnly) || g.attrs.used)) add(g);
    if (!g.isFunction && g.isDefinition) for (const r of g.relocs ?? []) add(byAsm.get(r.label));
  }
  for (const name of fileRefs.keys()) add(byName.get(name));
  while (work.length) {
    const f = work.pop()!;
    for (const name of f.refs?.keys() ?? []) add(byName.get(name));
  }
  return seen;
}
