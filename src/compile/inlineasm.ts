// GNU extended inline assembly at -O0: operands are evaluated onto the stack,
// loaded into the registers their constraints ask for, the template is expanded
// (%0, %[name], %b0/%w0/%k0/%h0/%c0, %%, %=), and outputs are stored back.

import type { Diagnostic } from '../diagnostics.js';
import type { AsmOperand, Node } from './ast.js';
import { evalAddressConst } from './consteval.js';
import { is64, type Type } from './type.js';

export interface AsmHost {
  emit(line: string): void;
  push(reg?: string): void;
  pop(reg: string): void;
  adjustDepth(bytes: number): void;
  genExpr(node: Node): void;
  genAddr(node: Node): void;
  directOperand(node: Node): string | undefined;
  uniqueLabel(kind: string): string;
  /** A number unique within the module, for `%=`. */
  nextUnique(): number;
  readonly options: { report: (d: Diagnostic) => void; diag: (message: string, node: Node) => Diagnostic };
}

type Reg = 'eax' | 'ebx' | 'ecx' | 'edx' | 'esi' | 'edi';
const ALL_REGS: Reg[] = ['eax', 'ecx', 'edx', 'ebx', 'esi', 'edi'];
const BYTE_REGS: Reg[] = ['eax', 'ecx', 'edx', 'ebx'];
const FIXED: Record<string, Reg> = { a: 'eax', b: 'ebx', c: 'ecx', d: 'edx', S: 'esi', D: 'edi', A: 'eax' };

interface Plan {
  op: AsmOperand;
  ty: Type;
  isOutput: boolean;
  isReadWrite: boolean;
  kind: 'reg' | 'mem' | 'imm';
  reg?: Reg;
  /** Second register of a 64-bit "A" operand. */
  regHi?: Reg;
  mem?: string;
  imm?: string;
  /** Stack slots (push order) holding the operand's address / value (lo, hi). */
  addrSlot?: number;
  valueSlot?: number;
  valueHiSlot?: number;
  /** Memory operand whose address is loaded into a register. */
  needsAddrReg?: boolean;
  matches?: number;
  constraint: string;
}

export function genInlineAsm(host: AsmHost, node: Node): void {
  const stmt = node.asm!;
  const fail = (message: string, at: Node = node): void => host.options.report(host.options.diag(message, at));
  if (stmt.outputs.length === 0 && stmt.inputs.length === 0) {
    emitTemplate(host, stmt.template, [], false);
    return;
  }
  const clobbered = new Set<Reg>();
  for (const c of stmt.clobbers) {
    const r = registerOf(c.replace(/^%/, ''));
    if (r) clobbered.add(r);
  }
  const plans: Plan[] = [];
  const all = [...stmt.outputs.map((o) => ({ o, out: true })), ...stmt.inputs.map((o) => ({ o, out: false }))];
  for (const { o, out } of all) {
    const raw = o.constraint;
    const c = raw.replace(/[=+&%*!?#]/g, '');
    const plan: Plan = {
      op: o, ty: o.expr.ty!, isOutput: out, isReadWrite: raw.includes('+'), kind: 'reg', constraint: c,
    };
    if (!out && /^\d+$/.test(c)) {
      plan.matches = Number(c);
      if (plan.matches >= stmt.outputs.length) {
        fail(`matching constraint '${c}' refers to no output operand`, o.expr);
        return;
      }
      plans.push(plan);
      continue;
    }
    if (!out && /[inNIJKMOeEZsFGH]/.test(c)) {
      const k = evalAddressConst(o.expr);
      if (k && fitsImmediate(c, k.label, k.addend)) {
        plan.kind = 'imm';
        plan.imm = k.label !== undefined ? `${k.label}${k.addend ? (k.addend > 0n ? '+' : '') + k.addend : ''}` : String(BigInt.asIntN(32, k.addend));
        plans.push(plan);
        continue;
      }
    }
    const fixed = [...c].find((ch) => FIXED[ch] !== undefined);
    if (fixed) {
      plan.reg = FIXED[fixed];
      if (fixed === 'A' && is64(plan.ty)) plan.regHi = 'edx';
    } else if (/[rqQRg]/.test(c) && !(c.includes('m') && !/[rq]/.test(c) && out)) {
      plan.kind = 'reg';
    } else if (/[moVg]/.test(c)) {
      plan.kind = 'mem';
    } else if (/[inNIJKM]/.test(c)) {
      fail(`impossible constraint '${raw}': the operand is not a constant that fits`, o.expr);
      return;
    } else {
      fail(`unsupported asm constraint '${raw}'`, o.expr);
      return;
    }
    if (plan.kind === 'reg' && is64(plan.ty) && !plan.regHi) {
      fail(`a 64-bit asm operand needs the "A" constraint (edx:eax)`, o.expr);
      return;
    }
    if (plan.kind === 'reg' && (plan.ty.kind === 'struct' || plan.ty.kind === 'union' || plan.ty.kind === 'array')) {
      fail(`asm operand of type ${plan.ty.kind} cannot be in a register`, o.expr);
      return;
    }
    plans.push(plan);
  }

  // Evaluate operands onto the stack.
  let slots = 0;
  const pushSlot = (reg = '%eax'): number => {
    host.push(reg);
    return slots++;
  };
  for (const p of plans) {
    const e = p.op.expr;
    if (p.kind === 'imm') continue;
    if (p.isOutput) {
      const direct = p.kind === 'mem' ? host.directOperand(e) : undefined;
      if (direct) { p.mem = direct; continue; }
      host.genAddr(e);
      p.addrSlot = pushSlot();
      if (p.kind === 'mem') p.needsAddrReg = true;
      continue;
    }
    if (p.kind === 'mem') {
      const direct = host.directOperand(e);
      if (direct) { p.mem = direct; continue; }
      if (isLvalue(e)) {
        host.genAddr(e);
        p.addrSlot = pushSlot();
        p.needsAddrReg = true;
        continue;
      }
      host.genExpr(e);
      if (is64(p.ty)) { p.valueHiSlot = pushSlot('%edx'); }
      p.valueSlot = pushSlot();
      continue;
    }
    host.genExpr(e);
    if (p.regHi) p.valueHiSlot = pushSlot('%edx');
    p.valueSlot = pushSlot();
  }

  // Allocate registers: fixed ones first, then matched, then free choice.
  // An output and an input may share a register (inputs are consumed before outputs
  // are written); two outputs or two inputs may not.
  const used = new Set<Reg>();
  const usedBy = { out: new Set<Reg>(), in: new Set<Reg>() };
  for (const p of plans) {
    if (p.kind !== 'reg' || p.matches !== undefined || !p.reg) continue;
    const side = p.isOutput ? usedBy.out : usedBy.in;
    for (const r of [p.reg, p.regHi]) {
      if (!r) continue;
      if (side.has(r) || (p.isOutput && p.op.constraint.includes('&') && usedBy.in.has(r))) {
        fail(`asm operands need register %${r} twice`, p.op.expr);
        host.emit(`addl $${slots * 4}, %esp`);
        host.adjustDepth(-slots * 4);
        return;
      }
      side.add(r);
      used.add(r);
    }
  }
  const take = (pool: Reg[]): Reg | undefined => {
    const r = pool.find((x) => !used.has(x) && !clobbered.has(x));
    if (r) used.add(r);
    return r;
  };
  for (const p of plans) {
    if (p.matches !== undefined) {
      const target = plans[p.matches];
      p.kind = target.kind;
      continue;
    }
    if (p.kind === 'reg' && !p.reg) {
      p.reg = take(p.ty.size === 1 || /q/.test(p.constraint) ? BYTE_REGS : ALL_REGS);
      if (!p.reg) {
        fail("'asm' operand has impossible constraints: out of registers", p.op.expr);
        host.emit(`addl $${slots * 4}, %esp`);
        host.adjustDepth(-slots * 4);
        return;
      }
    }
  }
  for (const p of plans) {
    if (p.kind !== 'mem' || p.mem) continue;
    if (p.needsAddrReg) {
      const r = take(ALL_REGS);
      if (!r) {
        fail("'asm' operand has impossible constraints: out of registers", p.op.expr);
        host.emit(`addl $${slots * 4}, %esp`);
        host.adjustDepth(-slots * 4);
        return;
      }
      p.reg = r;
      p.mem = `(%${r})`;
    } else {
      p.mem = `${(slots - 1 - p.valueSlot!) * 4}(%esp)`;
    }
  }
  for (const p of plans) {
    if (p.matches === undefined) continue;
    const t = plans[p.matches];
    p.reg = t.reg;
    p.regHi = t.regHi;
    p.mem = t.mem;
  }

  // Load the registers from their stack slots.
  const slotAt = (slot: number): string => `${(slots - 1 - slot) * 4}(%esp)`;
  for (const p of plans) {
    if (p.kind === 'mem' && p.needsAddrReg) host.emit(`movl ${slotAt(p.addrSlot!)}, %${p.reg}`);
  }
  for (const p of plans) {
    if (p.kind !== 'reg') continue;
    if (p.isOutput) {
      if (!p.isReadWrite) continue;
      if (p.addrSlot === undefined) continue;
      host.emit(`movl ${slotAt(p.addrSlot)}, %${p.reg}`);
      if (p.regHi) host.emit(`movl 4(%${p.reg}), %${p.regHi}`);
      host.emit(loadInto(p.ty, `(%${p.reg})`, p.reg!));
      continue;
    }
    if (p.valueSlot !== undefined) {
      host.emit(`movl ${slotAt(p.valueSlot)}, %${p.reg}`);
      if (p.regHi) host.emit(`movl ${slotAt(p.valueHiSlot!)}, %${p.regHi}`);
    }
  }

  emitTemplate(host, stmt.template, plans, true, fail);

  // Store register outputs back through their saved addresses.
  const regOutputs = plans.filter((p) => p.isOutput && p.kind === 'reg');
  for (const p of regOutputs) {
    if (p.regHi) { host.push(`%${p.regHi}`); slots++; }
    host.push(`%${p.reg}`);
    slots++;
  }
  for (let j = regOutputs.length - 1; j >= 0; j--) {
    const p = regOutputs[j];
    host.pop('%eax');
    slots--;
    if (p.regHi) { host.pop('%edx'); slots--; }
    host.emit(`movl ${slotAt(p.addrSlot!)}, %ecx`);
    host.emit(storeFrom(p.ty));
    if (p.regHi) host.emit('movl %edx, 4(%ecx)');
  }
  if (slots) {
    host.emit(`addl $${slots * 4}, %esp`);
    host.adjustDepth(-slots * 4);
  }
}

function isLvalue(e: Node): boolean {
  return e.kind === 'var' || e.kind === 'deref' || (e.kind === 'member' && !e.member!.isBitfield);
}

function fitsImmediate(c: string, label: string | undefined, v: bigint): boolean {
  if (label !== undefined) return /[isg]/.test(c);
  if (/[inEFgs]/.test(c)) return true;
  if (c.includes('N') && v >= 0n && v <= 255n) return true;
  if (c.includes('I') && v >= 0n && v <= 31n) return true;
  if (c.includes('J') && v >= 0n && v <= 63n) return true;
  if (c.includes('K') && v >= -128n && v <= 127n) return true;
  if (c.includes('M') && v >= 0n && v <= 3n) return true;
  if (c.includes('e') && v >= -0x80000000n && v <= 0x7fffffffn) return true;
  if (c.includes('Z') && v >= 0n && v <= 0xffffffffn) return true;
  return false;
}

function registerOf(name: string): Reg | undefined {
  switch (name) {
    case 'eax': case 'ax': case 'al': case 'ah': return 'eax';
    case 'ebx': case 'bx': case 'bl': case 'bh': return 'ebx';
    case 'ecx': case 'cx': case 'cl': case 'ch': return 'ecx';
    case 'edx': case 'dx': case 'dl': case 'dh': return 'edx';
    case 'esi': case 'si': return 'esi';
    case 'edi': case 'di': return 'edi';
    default: return undefined;
  }
}

function loadInto(ty: Type, src: string, reg: Reg): string {
  if (ty.size === 1) return `${ty.isUnsigned || ty.kind === 'bool' ? 'movzbl' : 'movsbl'} ${src}, %${reg}`;
  if (ty.size === 2) return `${ty.isUnsigned ? 'movzwl' : 'movswl'} ${src}, %${reg}`;
  return `movl ${src}, %${reg}`;
}

function storeFrom(ty: Type): string {
  if (ty.size === 1) return 'movb %al, (%ecx)';
  if (ty.size === 2) return 'movw %ax, (%ecx)';
  return 'movl %eax, (%ecx)';
}

function regName(reg: Reg, size: 1 | 2 | 4, high: boolean): string | undefined {
  const base = reg.slice(1); // ax, bx, cx, dx, si, di
  if (size === 4) return `%${reg}`;
  if (size === 2) return `%${base}`;
  if (base === 'si' || base === 'di') return undefined;
  return `%${base[0]}${high ? 'h' : 'l'}`;
}

function emitTemplate(
  host: AsmHost, template: string, plans: Plan[], extended: boolean,
  fail: (message: string) => void = () => undefined,
): void {
  let text = template;
  if (extended) {
    const unique = host.nextUnique();
    let out = '';
    for (let i = 0; i < template.length; i++) {
      const ch = template[i];
      if (ch !== '%') { out += ch; continue; }
      let j = i + 1;
      const next = template[j];
      if (next === '%') { out += '%'; i = j; continue; }
      if (next === '=') { out += String(unique); i = j; continue; }
      let modifier = '';
      if (next !== undefined && /[a-zA-Z]/.test(next) && (/[0-9[]/.test(template[j + 1] ?? ''))) {
        modifier = next;
        j++;
      }
      let index: number | undefined;
      if (template[j] === '[') {
        const close = template.indexOf(']', j);
        const name = template.slice(j + 1, close);
        index = plans.findIndex((p) => p.op.name === name);
        if (index < 0) { fail(`undefined named operand '${name}'`); return; }
        j = close;
      } else {
        let digits = '';
        while (/[0-9]/.test(template[j] ?? '')) digits += template[j++];
        j--;
        if (digits === '') { out += '%'; continue; }
        index = Number(digits);
      }
      const p = plans[index];
      if (!p) { fail(`operand number ${index} out of range`); return; }
      const formatted = formatOperand(p, modifier);
      if (formatted === undefined) { fail(`invalid operand modifier '%${modifier}' for operand ${index}`); return; }
      out += formatted;
      i = j;
    }
    text = out;
  }
  for (const line of text.split('\n')) host.emit(line.replace(/^\s+/, ''));
}

function formatOperand(p: Plan, modifier: string): string | undefined {
  if (p.kind === 'imm') return modifier === 'c' || modifier === 'P' ? p.imm : `$${p.imm}`;
  if (p.kind === 'mem') return p.mem;
  const reg = p.reg!;
  switch (modifier) {
    case 'b': return regName(reg, 1, false);
    case 'h': return regName(reg, 1, true);
    case 'w': return regName(reg, 2, false);
    case 'k': return regName(reg, 4, false);
    case '': {
      const size = p.ty.size === 1 ? 1 : p.ty.size === 2 ? 2 : 4;
      return regName(reg, size, false);
    }
    default: return regName(reg, 4, false);
  }
}
