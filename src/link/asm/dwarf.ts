// DWARF line information from `.file N "name"` and `.loc`: a version 3
// .debug_line program appended to the section (after any label the compiler put
// there), so debuggers and `objdump -dl` map addresses back to source lines.
// Every row sets its address explicitly: the addresses are only known after
// relaxation, and a relocation per row keeps the program simple and exact.

import { SHT_PROGBITS } from '../elf/constants.js';
import type { Assembler, LineRecord } from './assembler.js';
import { newSym } from './model.js';

const DW_LNS_copy = 1;
const DW_LNS_advance_line = 3;
const DW_LNS_set_file = 4;
const DW_LNE_end_sequence = 1;
const DW_LNE_set_address = 2;
const STANDARD_OPCODE_LENGTHS = [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1];

function uleb(out: number[], v: number): void {
  do {
    let b = v & 0x7f;
    v = Math.floor(v / 128);
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
}

function sleb(out: number[], v: number): void {
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return;
  }
}

function cString(out: number[], s: string): void {
  for (const b of Buffer.from(s, 'utf8')) out.push(b);
  out.push(0);
}

/** Appends the line program for the `.loc` records, if there are any. */
export function emitLineTable(asm: Assembler): void {
  if (asm.lines.length === 0) return;
  const maxFile = Math.max(0, ...asm.debugFiles.keys());
  const header: number[] = [1, 1, -5 & 0xff, 14, 13, ...STANDARD_OPCODE_LENGTHS, 0];
  for (let n = 1; n <= maxFile; n++) {
    cString(header, asm.debugFiles.get(n) ?? asm.sourceFile ?? '<unknown>');
    header.push(0, 0, 0);
  }
  header.push(0);

  // Rows grouped per section, in order; each group is one sequence.
  const bySection = new Map<LineRecord['section'], LineRecord[]>();
  for (const r of asm.lines) {
    const rows = bySection.get(r.section) ?? [];
    rows.push(r);
    bySection.set(r.section, rows);
  }

  const section = asm.getSection('.debug_line', SHT_PROGBITS, 0);
  const saved = asm.section;
  asm.section = section;
  const buf = section.bytes;
  const program: { bytes: number[]; address?: { frag: LineRecord['frag']; offset: number } }[] = [];
  for (const [target, rows] of bySection) {
    let file = 1;
    let line = 1;
    for (const r of rows) {
      program.push({ bytes: [0, 5, DW_LNE_set_address], address: { frag: r.frag, offset: r.offset } });
      const op: number[] = [];
      if (r.file !== file) {
        op.push(DW_LNS_set_file);
        uleb(op, r.file);
        file = r.file;
      }
      if (r.line !== line) {
        op.push(DW_LNS_advance_line);
        sleb(op, r.line - line);
        line = r.line;
      }
      op.push(DW_LNS_copy);
      program.push({ bytes: op });
    }
    const last = target.frags[target.frags.length - 1];
    program.push({ bytes: [0, 5, DW_LNE_set_address], address: { frag: last, offset: last.fixedLength() } });
    program.push({ bytes: [0, 1, DW_LNE_end_sequence] });
  }

  let programLength = 0;
  for (const p of program) programLength += p.bytes.length + (p.address ? 4 : 0);
  const unitLength = 2 + 4 + header.length + programLength;
  buf.dword(unitLength);
  buf.word(3);
  buf.dword(header.length);
  buf.bytes(header);
  let serial = 0;
  for (const p of program) {
    buf.bytes(p.bytes);
    if (!p.address) continue;
    const sym = newSym(`\u0003line${serial++}`, true);
    sym.frag = p.address.frag;
    sym.offset = p.address.offset;
    asm.symbols.set(sym.name, sym);
    asm.addFixup(4, { k: 'sym', name: sym.name, at: 0 }, 0);
    buf.dword(0);
  }
  asm.section = saved;
}
