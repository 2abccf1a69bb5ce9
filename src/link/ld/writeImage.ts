// Writes the ELF32 executable: header, one PT_LOAD program header per segment (file
// offsets congruent to addresses modulo the page size, physical = virtual address
// because multiboot loaders load by p_paddr), the segments' bytes, then a symbol
// table and the section headers so that readelf, nm and objdump see names.

import {
  EHDR_SIZE, ELFCLASS32, ELFDATA2LSB, ELFOSABI_SYSV, EM_386, ET_EXEC, EV_CURRENT, PHDR_SIZE, PT_LOAD, SHDR_SIZE, SHN_ABS,
  SHF_EXECINSTR, SHT_NOBITS, SHT_STRTAB, SHT_SYMTAB, STB_LOCAL, SYM_SIZE,
} from '../elf/constants.js';
import { alignUp, PAGE_SIZE, type Layout, type OutputSection } from './layout.js';

export interface OutputSymbol {
  name: string;
  value: number;
  size: number;
  bind: number;
  type: number;
  /** The output section it lies in; undefined for absolute symbols. */
  section?: OutputSection;
  /** Where it comes from, for the link map: "layer: module", or "linker". */
  origin: string;
}

/** Room reserved for the ELF header and up to three program headers before the first segment. */
export const HEADERS_SIZE = EHDR_SIZE + 3 * PHDR_SIZE;

class StringTable {
  private readonly parts: Buffer[] = [Buffer.alloc(1)];
  private size = 1;
  add(text: string): number {
    if (text === '') return 0;
    const offset = this.size;
    const bytes = Buffer.from(text + '\0', 'utf8');
    this.parts.push(bytes);
    this.size += bytes.length;
    return offset;
  }
  bytes(): Uint8Array {
    return Buffer.concat(this.parts);
  }
}

/** Symbols must be ordered locals first (ELF requires it). */
export function writeImage(layout: Layout, entry: number, symbols: OutputSymbol[]): Uint8Array {
  const sections = [...layout.sections, ...layout.debug];
  const sectionNames = new StringTable();
  const names = sections.map((s) => sectionNames.add(s.name));
  const symtabName = sectionNames.add('.symtab');
  const strtabName = sectionNames.add('.strtab');
  const shstrtabName = sectionNames.add('.shstrtab');

  const strings = new StringTable();
  const symtab = new Uint8Array((symbols.length + 1) * SYM_SIZE);
  const symView = new DataView(symtab.buffer);
  let firstGlobal = symbols.length + 1;
  symbols.forEach((symbol, i) => {
    const at = (i + 1) * SYM_SIZE;
    if (symbol.bind !== STB_LOCAL && firstGlobal > i + 1) firstGlobal = i + 1;
    symView.setUint32(at, strings.add(symbol.name), true);
    symView.setUint32(at + 4, symbol.value >>> 0, true);
    symView.setUint32(at + 8, symbol.size >>> 0, true);
    symtab[at + 12] = (symbol.bind << 4) | symbol.type;
    const index = symbol.section ? layout.sections.indexOf(symbol.section) + 1 : SHN_ABS;
    symView.setUint16(at + 14, index, true);
  });
  const strtab = strings.bytes();
  const shstrtab = sectionNames.bytes();

  const lastSegment = layout.segments[layout.segments.length - 1];
  let cursor = lastSegment ? lastSegment.fileOffset + lastSegment.fileSize : HEADERS_SIZE;
  for (const debug of layout.debug) {
    debug.fileOffset = alignUp(cursor, debug.align);
    cursor = debug.fileOffset + debug.size;
  }
  const symtabOffset = alignUp(cursor, 4);
  const strtabOffset = symtabOffset + symtab.length;
  const shstrtabOffset = strtabOffset + strtab.length;
  const shoff = alignUp(shstrtabOffset + shstrtab.length, 4);
  const shnum = sections.length + 4;
  const image = new Uint8Array(shoff + shnum * SHDR_SIZE);
  const view = new DataView(image.buffer);

  writeElfHeader(view, image, entry, layout.segments.length, shoff, shnum);
  layout.segments.forEach((segment, i) => {
    const at = EHDR_SIZE + i * PHDR_SIZE;
    const fields = [PT_LOAD, segment.fileOffset, segment.address, segment.address, segment.fileSize, segment.memorySize, segment.flags, PAGE_SIZE];
    fields.forEach((value, j) => view.setUint32(at + j * 4, value >>> 0, true));
  });
  for (const section of sections) {
    if (section.type === SHT_NOBITS) continue;
    let cursor = section.address;
    for (const input of section.inputs) {
      const at = section.fileOffset + (input.address - section.address);
      if ((section.flags & SHF_EXECINSTR) !== 0) fillWithNops(image, at - (input.address - cursor), input.address - cursor);
      image.set(input.data, at);
      cursor = input.address + input.size;
    }
  }
  image.set(symtab, symtabOffset);
  image.set(strtab, strtabOffset);
  image.set(shstrtab, shstrtabOffset);

  const headers: number[][] = sections.map((s, i) => [names[i]!, s.type, s.flags, s.address, s.fileOffset, s.size, 0, 0, s.align, 0]);
  headers.push([symtabName, SHT_SYMTAB, 0, 0, symtabOffset, symtab.length, sections.length + 2, firstGlobal, 4, SYM_SIZE]);
  headers.push([strtabName, SHT_STRTAB, 0, 0, strtabOffset, strtab.length, 0, 0, 1, 0]);
  headers.push([shstrtabName, SHT_STRTAB, 0, 0, shstrtabOffset, shstrtab.length, 0, 0, 1, 0]);
  headers.forEach((fields, i) => {
    const at = shoff + (i + 1) * SHDR_SIZE;
    fields.forEach((value, j) => view.setUint32(at + j * 4, value >>> 0, true));
  });
  return image;
}

/**
 * Alignment padding between code sections: two-byte NOPs (66 90) and a final one-byte
 * NOP, the filler GNU ld uses on i386, so disassembly stays in step and the bytes match.
 */
function fillWithNops(image: Uint8Array, at: number, count: number): void {
  for (let i = 0; i + 1 < count; i += 2) {
    image[at + i] = 0x66;
    image[at + i + 1] = 0x90;
  }
  if (count % 2 === 1) image[at + count - 1] = 0x90;
}

function writeElfHeader(view: DataView, image: Uint8Array, entry: number, phnum: number, shoff: number, shnum: number): void {
  image.set([0x7f, 0x45, 0x4c, 0x46, ELFCLASS32, ELFDATA2LSB, EV_CURRENT, ELFOSABI_SYSV]);
  view.setUint16(16, ET_EXEC, true);
  view.setUint16(18, EM_386, true);
  view.setUint32(20, EV_CURRENT, true);
  view.setUint32(24, entry >>> 0, true);
  view.setUint32(28, phnum > 0 ? EHDR_SIZE : 0, true);
  view.setUint32(32, shoff, true);
  view.setUint32(36, 0, true);
  view.setUint16(40, EHDR_SIZE, true);
  view.setUint16(42, PHDR_SIZE, true);
  view.setUint16(44, phnum, true);
  view.setUint16(46, SHDR_SIZE, true);
  view.setUint16(48, shnum, true);
  view.setUint16(50, shnum - 1, true);
}
