// After the first pass: relaxes branches (start short, grow to rel32 where the
// target is out of reach or not in the section, until nothing changes), places
// every fragment, writes the final bytes and turns fixups into constants or
// relocations.

import { R_386_16, R_386_32, R_386_8, R_386_PC16, R_386_PC32, R_386_PC8 } from '../elf/constants.js';
import { type Assembler, displayName } from './assembler.js';
import { StatementError } from './cursor.js';
import { type Value, evaluate, fold, locationSym } from './eval.js';
import type { Expr } from './expr.js';
import { type Frag, type Section, type Sym, type Variable, symAddress } from './model.js';
import { writeNops } from './nops.js';
import type { Statement } from './source.js';

export interface Relocation {
  offset: number;
  type: number;
  /** A symbol (global, weak, undefined or common), a section (its STT_SECTION symbol), or none (absolute). */
  target: Sym | Section | undefined;
}

export interface SectionImage {
  section: Section;
  size: number;
  /** Contents; empty for SHT_NOBITS. */
  bytes: Uint8Array;
  relocations: Relocation[];
}

export function finalValue(asm: Assembler, e: Expr, dot: Sym | undefined): Value {
  // The common case, a plain label, needs no evaluation machinery.
  if (e.k === 'sym') {
    const sym = asm.lookup(e.name);
    if (sym.absolute === undefined && !sym.equ) {
      sym.used = true;
      return { n: 0, terms: [{ sym, c: 1 }] };
    }
  }
  return fold(evaluate(e, { lookup: asm.lookup, dot: () => dot ?? asm.here(), final: true }), true);
}

function variableSize(v: Variable, address: number): number {
  // A negative .org pad is reported when the bytes are written.
  if (v.kind === 'org') return Math.max(0, v.target - address);
  if (v.kind === 'align') {
    const pad = -address & (v.align - 1);
    return pad > v.max ? 0 : pad;
  }
  if (!v.long) return 2;
  if (v.op === 'jmp') return v.code16 ? 3 : 5;
  return v.code16 ? 4 : 6;
}

/** The branch target's address when it can be reached without a relocation. */
function resolvedTarget(asm: Assembler, v: Variable & { kind: 'branch' }, section: Section): number | undefined {
  let value: Value;
  try {
    value = finalValue(asm, v.target, v.dot);
  } catch {
    return undefined;
  }
  if (value.terms.length !== 1 || value.terms[0].c !== 1) return undefined;
  const sym = value.terms[0].sym;
  if (!sym.frag || sym.frag.section !== section || sym.binding === 'weak') return undefined;
  return symAddress(sym) + value.n;
}

function placeFrags(section: Section): number {
  let address = 0;
  for (const frag of section.frags) {
    frag.address = address;
    address += frag.fixedLength();
    if (frag.variable) {
      frag.varSize = variableSize(frag.variable, address);
      address += frag.varSize;
    }
  }
  return address;
}

function relax(asm: Assembler, section: Section): number {
  for (;;) {
    const size = placeFrags(section);
    let changed = false;
    for (const frag of section.frags) {
      const v = frag.variable;
      if (!v || v.kind !== 'branch' || v.long) continue;
      const target = resolvedTarget(asm, v, section);
      const next = frag.address + frag.fixedLength() + 2;
      if (target === undefined || target - next < -128 || target - next > 127) {
        v.long = true;
        changed = true;
      }
    }
    if (!changed) return size;
  }
}

export function layoutSections(asm: Assembler): SectionImage[] {
  const images: SectionImage[] = [];
  for (const section of asm.sections) {
    const size = relax(asm, section);
    const bytes = section.isNobits() ? new Uint8Array(0) : new Uint8Array(size);
    const image: SectionImage = { section, size, bytes, relocations: [] };
    if (!section.isNobits()) {
      for (const frag of section.frags) {
        const fixed = frag.fixedLength();
        bytes.set(section.bytes.data.subarray(frag.start, frag.start + fixed), frag.address);
        if (frag.variable) writeVariable(asm, image, frag, frag.variable, frag.address + fixed);
      }
    }
    images.push(image);
  }
  for (const image of images) {
    for (const fixup of image.section.fixups) {
      const at = fixup.frag.address + fixup.offset;
      const dot = locationSym(fixup.frag, fixup.dotOffset);
      guard(asm, fixup.stmt, () => {
        const value = finalValue(asm, fixup.expr, dot);
        applyField(image, at, fixup.size, fixup.pcrel, fixup.pcAdjust, value, fixup.at);
      });
    }
  }
  return images;
}

/** Runs `fn`, turning a StatementError into a diagnostic at `stmt`. */
export function guard(asm: Assembler, stmt: Statement, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof StatementError)) throw e;
    asm.report(stmt, e);
  }
}

function writeVariable(asm: Assembler, image: SectionImage, frag: Frag, v: Variable, pos: number): void {
  const out = image.bytes;
  if (v.kind === 'org') {
    if (pos > v.target) asm.report(v.stmt, new StatementError(`.org ${v.target} would move the location counter backwards (it is at ${pos})`, 0, 4));
    out.fill(v.fill & 0xff, pos, pos + frag.varSize);
    return;
  }
  if (v.kind === 'align') {
    const code = (image.section.flags & 4) !== 0;
    if (code && (v.fill === undefined || v.fill === 0x90)) writeNops(out, pos, frag.varSize, v.code16);
    else out.fill((v.fill ?? 0) & 0xff, pos, pos + frag.varSize);
    return;
  }
  if (!v.long) {
    const target = resolvedTarget(asm, v, image.section)!;
    out[pos] = v.op === 'jmp' ? 0xeb : 0x70 + v.cc;
    out[pos + 1] = (target - (pos + 2)) & 0xff;
    return;
  }
  let fieldAt: number;
  if (v.op === 'jmp') {
    out[pos] = 0xe9;
    fieldAt = pos + 1;
  } else {
    out[pos] = 0x0f;
    out[pos + 1] = 0x80 + v.cc;
    fieldAt = pos + 2;
  }
  const size = v.code16 ? 2 : 4;
  guard(asm, v.stmt, () => {
    const value = finalValue(asm, v.target, v.dot);
    const target = resolvedTarget(asm, v, image.section);
    if (target !== undefined) writeLE(out, fieldAt, size, target - (fieldAt + size));
    else applyField(image, fieldAt, size, true, size, value, 0);
  });
}

function writeLE(out: Uint8Array, at: number, size: number, n: number): void {
  for (let i = 0; i < size; i++) out[at + i] = (n >>> (8 * i)) & 0xff;
}

const RELOC_TYPES: Record<number, [number, number]> = { 1: [R_386_8, R_386_PC8], 2: [R_386_16, R_386_PC16], 4: [R_386_32, R_386_PC32] };

function checkRange(n: number, size: number, signed: boolean, at: number, what: string): void {
  const bits = size * 8;
  const lo = -(2 ** (bits - 1));
  const hi = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  if (size < 4 && (n < lo || n > hi)) throw new StatementError(`${what} ${n} does not fit in ${bits} bits`, at);
}

/**
 * Writes a field's final value, or its addend and a relocation. A field in the
 * form `sym - label` with the label in this section is PC-relative to the field.
 */
function applyField(image: SectionImage, at: number, size: 1 | 2 | 4, pcrel: boolean, pcAdjust: number, value: Value, col: number): void {
  const section = image.section;
  const [absType, pcType] = RELOC_TYPES[size];
  const terms = value.terms;
  for (const t of terms) {
    if (t.sym.temporary && !t.sym.frag && t.sym.absolute === undefined && !t.sym.equ) {
      const name = displayName(t.sym);
      throw new StatementError(name === t.sym.name ? `undefined local symbol '${name}'` : `undefined local label '${name}f'`, col);
    }
  }
  if (terms.length === 0) {
    if (pcrel) return relocate(image, at, size, pcType, undefined, value.n - pcAdjust);
    checkRange(value.n, size, false, col, 'value');
    return writeLE(image.bytes, at, size, value.n);
  }
  if (terms.length === 1 && terms[0].c === 1) {
    const sym = terms[0].sym;
    const local = sym.frag !== undefined && sym.binding === 'local';
    if (pcrel) {
      if (local && sym.frag!.section === section) {
        const n = symAddress(sym) + value.n - (at + pcAdjust);
        checkRange(n, size, true, col, 'jump distance');
        return writeLE(image.bytes, at, size, n);
      }
      if (local) return relocate(image, at, size, pcType, sym.frag!.section, symAddress(sym) + value.n - pcAdjust);
      return relocate(image, at, size, pcType, sym, value.n - pcAdjust);
    }
    if (local) return relocate(image, at, size, absType, sym.frag!.section, symAddress(sym) + value.n);
    return relocate(image, at, size, absType, sym, value.n);
  }
  if (!pcrel && terms.length === 2) {
    const plus = terms.find((t) => t.c === 1);
    const minus = terms.find((t) => t.c === -1);
    if (plus && minus && minus.sym.frag?.section === section) {
      const n = value.n + at - symAddress(minus.sym);
      const sym = plus.sym;
      if (sym.frag && sym.binding === 'local') return relocate(image, at, size, pcType, sym.frag.section, symAddress(sym) + n);
      return relocate(image, at, size, pcType, sym, n);
    }
  }
  const names = terms.map((t) => `'${displayName(t.sym)}'`).join(' and ');
  throw new StatementError(`cannot represent the value of ${names} here: not a constant, a symbol plus offset, or a difference within one section`, col);
}

function relocate(image: SectionImage, at: number, size: number, type: number, target: Sym | Section | undefined, addend: number): void {
  writeLE(image.bytes, at, size, addend);
  if (target && 'name' in target && 'used' in target) (target as Sym).used = true;
  image.relocations.push({ offset: at, type, target });
}
