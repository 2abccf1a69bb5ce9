// Writes the ELF32 relocatable object: the sections, one .rel section after each
// section that has relocations, a symbol table (locals first: the file, section
// symbols that relocations use, local labels; then globals), .strtab and .shstrtab.

import * as C from '../elf/constants.js';
import type { Assembler } from './assembler.js';
import { StatementError } from './cursor.js';
import { type SectionImage, finalValue, guard } from './layout.js';
import { type Section, type Sym, symAddress } from './model.js';

class StringTable {
  private bytes: number[] = [0];
  private offsets = new Map<string, number>();

  add(s: string): number {
    if (s === '') return 0;
    let off = this.offsets.get(s);
    if (off === undefined) {
      off = this.bytes.length;
      const encoded = Buffer.from(s, 'utf8');
      for (let i = 0; i < encoded.length; i++) this.bytes.push(encoded[i]);
      this.bytes.push(0);
      this.offsets.set(s, off);
    }
    return off;
  }

  data(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

interface SymbolEntry {
  name: string;
  value: number;
  size: number;
  info: number;
  other: number;
  shndx: number;
}

interface SymbolPlacement {
  shndx: number;
  value: number;
}

function placeSymbol(asm: Assembler, sym: Sym): SymbolPlacement {
  if (sym.frag) return { shndx: sym.frag.section.elfIndex, value: symAddress(sym) };
  if (sym.absolute !== undefined) return { shndx: C.SHN_ABS, value: sym.absolute };
  if (sym.common) return { shndx: C.SHN_COMMON, value: sym.common.align };
  if (sym.equ) {
    const v = finalValue(asm, sym.equ, sym.equDot);
    if (v.terms.length === 0) return { shndx: C.SHN_ABS, value: v.n };
    const t = v.terms[0];
    if (v.terms.length === 1 && t.c === 1 && t.sym.frag) return { shndx: t.sym.frag.section.elfIndex, value: symAddress(t.sym) + v.n };
    throw new StatementError(`the value of '${sym.name}' is not a constant or a label plus offset`, 0);
  }
  return { shndx: C.SHN_UNDEF, value: 0 };
}

function symbolSize(asm: Assembler, sym: Sym): number {
  if (sym.common) return sym.common.size;
  if (!sym.size) return 0;
  const v = finalValue(asm, sym.size, sym.sizeDot);
  if (v.terms.length) throw new StatementError(`.size of '${sym.name}' is not a constant`, 0);
  return v.n;
}

export function writeObject(asm: Assembler, images: SectionImage[]): Uint8Array {
  // Section indices: each section, followed by its .rel section when it has relocations.
  const headers: { name: string; type: number; flags: number; size: number; link: number; info: number; align: number; entsize: number; data?: Uint8Array; nobits?: boolean }[] = [];
  const relIndex = new Map<Section, number>();
  let index = 1;
  for (const image of images) {
    image.section.elfIndex = index++;
    if (image.relocations.length) relIndex.set(image.section, index++);
  }
  const symtabIndex = index;

  // Symbols.
  const strtab = new StringTable();
  const entries: SymbolEntry[] = [{ name: '', value: 0, size: 0, info: 0, other: 0, shndx: 0 }];
  if (asm.sourceFile !== undefined) entries.push({ name: asm.sourceFile, value: 0, size: 0, info: C.STT_FILE, other: 0, shndx: C.SHN_ABS });
  const usedSections = new Set<Section>();
  for (const image of images) for (const r of image.relocations) if (r.target && !('used' in r.target)) usedSections.add(r.target as Section);
  for (const image of images) {
    if (!usedSections.has(image.section)) continue;
    image.section.symbolIndex = entries.length;
    entries.push({ name: '', value: 0, size: 0, info: C.STT_SECTION, other: 0, shndx: image.section.elfIndex });
  }
  const globals: Sym[] = [];
  for (const sym of asm.symbols.values()) {
    if (sym.temporary) continue;
    const defined = sym.frag !== undefined || sym.absolute !== undefined || sym.equ !== undefined || sym.common !== undefined;
    if (!defined && !sym.used && !sym.bindingExplicit) continue;
    if (!defined && sym.binding === 'local') sym.binding = 'global';
    if (sym.binding !== 'local') {
      globals.push(sym);
      continue;
    }
    addSymbol(asm, sym, entries);
  }
  const firstGlobal = entries.length;
  for (const sym of globals) addSymbol(asm, sym, entries);

  const symtab = new Uint8Array(entries.length * C.SYM_SIZE);
  const symView = new DataView(symtab.buffer);
  entries.forEach((e, i) => {
    const o = i * C.SYM_SIZE;
    symView.setUint32(o, strtab.add(e.name), true);
    symView.setUint32(o + 4, e.value >>> 0, true);
    symView.setUint32(o + 8, e.size >>> 0, true);
    symtab[o + 12] = e.info;
    symtab[o + 13] = e.other;
    symView.setUint16(o + 14, e.shndx, true);
  });

  // Section headers, in index order.
  for (const image of images) {
    const s = image.section;
    headers.push({
      name: s.name,
      type: s.type,
      flags: s.flags,
      size: image.size,
      link: 0,
      info: 0,
      align: s.align,
      entsize: s.entsize,
      data: image.bytes,
      nobits: s.isNobits(),
    });
    if (image.relocations.length) {
      const rel = new Uint8Array(image.relocations.length * C.REL_SIZE);
      const view = new DataView(rel.buffer);
      image.relocations.forEach((r, i) => {
        const symIndex = r.target === undefined ? 0 : 'used' in r.target ? (r.target as Sym).elfIndex : (r.target as Section).symbolIndex;
        view.setUint32(i * 8, r.offset, true);
        view.setUint32(i * 8 + 4, (symIndex << 8) | r.type, true);
      });
      headers.push({ name: '.rel' + s.name, type: C.SHT_REL, flags: C.SHF_INFO_LINK, size: rel.length, link: symtabIndex, info: s.elfIndex, align: 4, entsize: C.REL_SIZE, data: rel });
    }
  }
  const strtabData = strtab.data();
  headers.push({ name: '.symtab', type: C.SHT_SYMTAB, flags: 0, size: symtab.length, link: symtabIndex + 1, info: firstGlobal, align: 4, entsize: C.SYM_SIZE, data: symtab });
  headers.push({ name: '.strtab', type: C.SHT_STRTAB, flags: 0, size: strtabData.length, link: 0, info: 0, align: 1, entsize: 0, data: strtabData });
  const shstrtab = new StringTable();
  const nameOffsets = headers.map((h) => shstrtab.add(h.name));
  const shstrName = shstrtab.add('.shstrtab');
  const shstrData = shstrtab.data();
  headers.push({ name: '.shstrtab', type: C.SHT_STRTAB, flags: 0, size: shstrData.length, link: 0, info: 0, align: 1, entsize: 0, data: shstrData });
  nameOffsets.push(shstrName);

  // File layout: header, section contents (each at its alignment), section header table.
  let offset = C.EHDR_SIZE;
  const offsets: number[] = [];
  for (const h of headers) {
    const align = Math.max(1, h.align);
    offset = Math.ceil(offset / align) * align;
    offsets.push(offset);
    if (!h.nobits) offset += h.size;
  }
  const shoff = Math.ceil(offset / 4) * 4;
  const shnum = headers.length + 1;
  const file = new Uint8Array(shoff + shnum * C.SHDR_SIZE);
  const view = new DataView(file.buffer);
  file.set([0x7f, 0x45, 0x4c, 0x46, C.ELFCLASS32, C.ELFDATA2LSB, C.EV_CURRENT, C.ELFOSABI_SYSV]);
  view.setUint16(16, C.ET_REL, true);
  view.setUint16(18, C.EM_386, true);
  view.setUint32(20, C.EV_CURRENT, true);
  view.setUint32(32, shoff, true);
  view.setUint16(40, C.EHDR_SIZE, true);
  view.setUint16(46, C.SHDR_SIZE, true);
  view.setUint16(48, shnum, true);
  view.setUint16(50, shnum - 1, true);
  headers.forEach((h, i) => {
    if (h.data && !h.nobits) file.set(h.data, offsets[i]);
    const o = shoff + (i + 1) * C.SHDR_SIZE;
    view.setUint32(o, nameOffsets[i], true);
    view.setUint32(o + 4, h.type, true);
    view.setUint32(o + 8, h.flags, true);
    view.setUint32(o + 16, offsets[i], true);
    view.setUint32(o + 20, h.size, true);
    view.setUint32(o + 24, h.link, true);
    view.setUint32(o + 28, h.info, true);
    view.setUint32(o + 32, h.align, true);
    view.setUint32(o + 36, h.entsize, true);
  });
  return file;
}

function addSymbol(asm: Assembler, sym: Sym, entries: SymbolEntry[]): void {
  const bind = sym.binding === 'global' ? C.STB_GLOBAL : sym.binding === 'weak' ? C.STB_WEAK : C.STB_LOCAL;
  let place: SymbolPlacement = { shndx: 0, value: 0 };
  let size = 0;
  const stmt = sym.definedAt ?? asm.stmt;
  guard(asm, stmt, () => {
    place = placeSymbol(asm, sym);
    size = symbolSize(asm, sym);
  });
  sym.elfIndex = entries.length;
  entries.push({ name: sym.name, value: place.value, size, info: (bind << 4) | sym.type, other: sym.hidden ? C.STV_HIDDEN : C.STV_DEFAULT, shndx: place.shndx });
}
