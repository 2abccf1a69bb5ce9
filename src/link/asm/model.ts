// The assembler's in-memory object: sections made of fragments (a fixed run of
// bytes followed by at most one part whose size is decided at layout: a branch
// that may grow from rel8 to rel32, or an alignment pad), symbols that point
// into fragments, and fixups that patch bytes once addresses are known.

import type { Expr } from './expr.js';
import type { Statement } from './source.js';

export class ByteBuffer {
  data = new Uint8Array(256);
  length = 0;

  /** For SHT_NOBITS sections: only the size counts, nothing is stored. */
  constructor(readonly sizeOnly = false) {}

  private grow(extra: number): void {
    let size = this.data.length;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }

  byte(b: number): void {
    if (this.sizeOnly) {
      this.length++;
      return;
    }
    if (this.length === this.data.length) this.grow(1);
    this.data[this.length++] = b;
  }

  word(v: number): void {
    this.byte(v & 0xff);
    this.byte((v >>> 8) & 0xff);
  }

  dword(v: number): void {
    this.word(v & 0xffff);
    this.word((v >>> 16) & 0xffff);
  }

  fill(count: number, value: number): void {
    if (this.sizeOnly) {
      this.length += count;
      return;
    }
    if (this.length + count > this.data.length) this.grow(count);
    this.data.fill(value, this.length, this.length + count);
    this.length += count;
  }

  bytes(src: ArrayLike<number>): void {
    if (this.length + src.length > this.data.length) this.grow(src.length);
    this.data.set(src, this.length);
    this.length += src.length;
  }
}

export type Variable =
  | {
      kind: 'branch';
      /** 'jmp', or 'jcc' with its condition code. */
      op: 'jmp' | 'jcc';
      cc: number;
      target: Expr;
      code16: boolean;
      long: boolean;
      stmt: Statement;
      /** Where `.` stands in the target: the branch itself. */
      dot: Sym;
    }
  | { kind: 'align'; align: number; fill: number | undefined; max: number; code16: boolean }
  /** `.org` after relaxable code: pads up to `target`, known only at layout. */
  | { kind: 'org'; target: number; fill: number; stmt: Statement };

export class Frag {
  /** End of the fixed part in the section's buffer; -1 while the fragment is open. */
  end = -1;
  address = 0;
  variable: Variable | undefined;
  /** The variable part's size at the current layout. */
  varSize = 0;

  constructor(
    readonly section: Section,
    readonly start: number,
  ) {}

  fixedLength(): number {
    return (this.end < 0 ? this.section.bytes.length : this.end) - this.start;
  }
}

export interface Fixup {
  frag: Frag;
  /** Offset of the patched field from the fragment's start. */
  offset: number;
  size: 1 | 2 | 4;
  pcrel: boolean;
  expr: Expr;
  /** For pcrel fields: distance from the field to the end of the instruction. */
  pcAdjust: number;
  stmt: Statement;
  at: number;
  /** Where `.` stands for this field (instruction start, or the data item itself), from the fragment's start. */
  dotOffset: number;
}

export class Section {
  bytes: ByteBuffer;
  frags: Frag[];
  fixups: Fixup[] = [];
  /** sh_addralign: the largest alignment requested inside the section. */
  align = 1;
  elfIndex = 0;
  /** Index of the STT_SECTION symbol, when a relocation needs it. */
  symbolIndex = 0;

  constructor(
    readonly name: string,
    public type: number,
    public flags: number,
    public entsize = 0,
  ) {
    this.bytes = new ByteBuffer(type === 8);
    this.frags = [new Frag(this, 0)];
  }

  current(): Frag {
    return this.frags[this.frags.length - 1];
  }

  /** Closes the current fragment with a variable part and opens the next one. */
  closeFrag(variable: Variable): void {
    const frag = this.current();
    frag.end = this.bytes.length;
    frag.variable = variable;
    this.frags.push(new Frag(this, this.bytes.length));
  }

  isNobits(): boolean {
    return this.type === 8;
  }
}

export type Binding = 'local' | 'global' | 'weak';

export interface Sym {
  name: string;
  /** Where a label is defined; undefined for undefined, absolute and common symbols. */
  frag?: Frag;
  offset: number;
  /** A constant (.set/.equ of a constant, or an absolute label-free value). */
  absolute?: number;
  /** `.set` to an expression that is not constant (an alias of a label, a forward difference). */
  equ?: Expr;
  equDot?: Sym;
  binding: Binding;
  /** Named by .globl/.weak/.local explicitly. */
  bindingExplicit: boolean;
  type: number;
  size?: Expr;
  sizeDot?: Sym;
  hidden: boolean;
  common?: { size: number; align: number };
  /** Where it was defined (for "already defined" messages). */
  definedAt?: Statement;
  /** Referenced by an expression: undefined symbols become undefined globals only then. */
  used: boolean;
  elfIndex: number;
  /** In the symbol table? `.L` locals and numeric labels are not. */
  temporary: boolean;
  /** Being expanded (equate cycles are errors, not infinite loops). */
  expanding?: boolean;
}

export function newSym(name: string, temporary: boolean): Sym {
  return { name, offset: 0, binding: 'local', bindingExplicit: false, type: 0, hidden: false, used: false, elfIndex: 0, temporary };
}

export function isDefined(sym: Sym): boolean {
  return sym.frag !== undefined || sym.absolute !== undefined || sym.equ !== undefined;
}

/** Address of a label within its section at the current layout. */
export function symAddress(sym: Sym): number {
  return sym.frag!.address + sym.offset;
}
