// Reads one ELF32 i386 relocatable object into plain records. Every offset, index
// and size is checked against the file before it is used, because objects come from
// disk and caches: a bad one is a diagnostic naming the file, never an exception
// that escapes the linker.

import {
  EHDR_SIZE, ELFCLASS32, ELFDATA2LSB, EM_386, ET_REL, REL_SIZE, SHDR_SIZE, SHN_ABS, SHN_COMMON,
  SHN_UNDEF, SHT_GROUP, SHT_NOBITS, SHT_REL, SHT_RELA, SHT_STRTAB, SHT_SYMTAB, SYM_SIZE,
} from '../elf/constants.js';
import { INLINED_SECTION } from '../../compile/api.js';

const SHN_LORESERVE = 0xff00;
const SHN_XINDEX = 0xffff;
const GRP_COMDAT = 1;
const RELA_SIZE = 12;

export interface Relocation {
  offset: number;
  type: number;
  symbol: number;
  /** Explicit addend of a RELA entry; undefined for REL (the addend is in the section bytes). */
  addend?: number;
}

export interface InputSection {
  object: ObjectFile;
  index: number;
  name: string;
  type: number;
  flags: number;
  align: number;
  size: number;
  /** The section's bytes (empty for NOBITS). */
  data: Uint8Array;
  relocations: Relocation[];
  /** False for members of a COMDAT group already taken from an earlier object. */
  kept: boolean;
  /** Virtual address, assigned by the layout. */
  address: number;
}

export interface InputSymbol {
  name: string;
  value: number;
  size: number;
  bind: number;
  type: number;
  shndx: number;
}

export interface ObjectFile {
  /** The module's source path, used as the file of every diagnostic about it. */
  path: string;
  /** Name of the layer the module belongs to. */
  layer: string;
  /** Indexed by section header index; undefined for sections the linker does not use. */
  sections: (InputSection | undefined)[];
  symbols: InputSymbol[];
  /** (primitive, symbol) pairs from the compiler's record of cross-layer inlining. */
  inlined: Array<[primitive: string, symbol: string]>;
  /** Signatures of the COMDAT groups this object declares, with their member sections. */
  groups: Array<{ signature: string; members: number[] }>;
}

/** Thrown inside the reader only; the caller turns it into a diagnostic for the file. */
export class MalformedObject extends Error {}

function fail(message: string): never {
  throw new MalformedObject(message);
}

interface SectionHeader {
  name: number;
  type: number;
  flags: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  align: number;
  entsize: number;
}

export function readObject(bytes: Uint8Array, path: string, layer: string): ObjectFile {
  if (bytes.length < EHDR_SIZE) fail(`not an ELF object: ${bytes.length} bytes is shorter than an ELF header`);
  if (bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) fail('not an ELF object (bad magic)');
  if (bytes[4] !== ELFCLASS32) fail('not a 32-bit ELF object (ELFCLASS32 expected)');
  if (bytes[5] !== ELFDATA2LSB) fail('not a little-endian ELF object');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  if (u16(16) !== ET_REL) fail(`not a relocatable object (e_type ${u16(16)}, ET_REL expected)`);
  if (u16(18) !== EM_386) fail(`not an i386 object (e_machine ${u16(18)}, EM_386 expected)`);

  const shoff = u32(32);
  const shentsize = u16(46);
  let shnum = u16(48);
  let shstrndx = u16(50);
  if (shoff === 0) fail('object has no section header table');
  if (shentsize !== SHDR_SIZE) fail(`bad section header size ${shentsize}`);
  checkRange(bytes, shoff, SHDR_SIZE, 'section header table');
  // Large objects keep the real counts in section header 0.
  if (shnum === 0) shnum = u32(shoff + 20);
  if (shstrndx === SHN_XINDEX) shstrndx = u32(shoff + 24);
  checkRange(bytes, shoff, shnum * SHDR_SIZE, 'section header table');

  const headers: SectionHeader[] = [];
  for (let i = 0; i < shnum; i++) {
    const at = shoff + i * SHDR_SIZE;
    const header: SectionHeader = {
      name: u32(at), type: u32(at + 4), flags: u32(at + 8), offset: u32(at + 16), size: u32(at + 20),
      link: u32(at + 24), info: u32(at + 28), align: u32(at + 32), entsize: u32(at + 36),
    };
    if (header.type !== SHT_NOBITS && header.type !== 0) checkRange(bytes, header.offset, header.size, `section ${i}`);
    headers.push(header);
  }
  if (shstrndx >= shnum || headers[shstrndx]!.type !== SHT_STRTAB) fail('bad section name string table index');
  const sectionNames = stringTable(bytes, headers[shstrndx]!);
  const sectionName = (i: number) => cString(sectionNames, headers[i]!.name, `name of section ${i}`);

  const object: ObjectFile = { path, layer, sections: [], symbols: [], inlined: [], groups: [] };
  const symtabIndex = headers.findIndex((h) => h.type === SHT_SYMTAB);
  if (symtabIndex >= 0) object.symbols = readSymbols(bytes, view, headers, symtabIndex, shnum);

  for (let i = 1; i < shnum; i++) {
    const h = headers[i]!;
    const name = sectionName(i);
    if (h.type === SHT_GROUP) {
      object.groups.push(readGroup(bytes, view, h, i, shnum, object.symbols));
      continue;
    }
    if (name === INLINED_SECTION) {
      object.inlined = parseInlined(contents(bytes, h));
      continue;
    }
    if (h.type === SHT_REL || h.type === SHT_RELA || h.type === SHT_SYMTAB || h.type === SHT_STRTAB) continue;
    const align = h.align === 0 ? 1 : h.align;
    if ((align & (align - 1)) !== 0) fail(`section ${name} has alignment ${align}, not a power of two`);
    object.sections[i] = {
      object, index: i, name, type: h.type, flags: h.flags, align, size: h.size,
      data: h.type === SHT_NOBITS ? new Uint8Array(0) : contents(bytes, h),
      relocations: [], kept: true, address: 0,
    };
  }

  for (let i = 1; i < shnum; i++) {
    const h = headers[i]!;
    if (h.type !== SHT_REL && h.type !== SHT_RELA) continue;
    const target = object.sections[h.info];
    if (h.info >= shnum) fail(`relocation section ${sectionName(i)} applies to section ${h.info}, which does not exist`);
    if (!target) continue; // relocations of a section the linker drops
    if (h.link !== symtabIndex) fail(`relocation section ${sectionName(i)} does not use the symbol table`);
    target.relocations = readRelocations(bytes, view, h, sectionName(i), object.symbols.length);
  }
  for (const group of object.groups) {
    for (const member of group.members) if (!headers[member]) fail(`group ${group.signature} names section ${member}, which does not exist`);
  }
  for (const symbol of object.symbols) {
    if (symbol.shndx !== SHN_UNDEF && symbol.shndx < SHN_LORESERVE && symbol.shndx >= shnum) {
      fail(`symbol ${symbol.name || '(unnamed)'} is in section ${symbol.shndx}, which does not exist`);
    }
  }
  return object;
}

function readSymbols(bytes: Uint8Array, view: DataView, headers: SectionHeader[], index: number, shnum: number): InputSymbol[] {
  const symtab = headers[index]!;
  if (symtab.entsize !== SYM_SIZE) fail(`bad symbol entry size ${symtab.entsize}`);
  if (symtab.size % SYM_SIZE !== 0) fail('symbol table size is not a multiple of the entry size');
  if (symtab.link >= shnum || headers[symtab.link]!.type !== SHT_STRTAB) fail('symbol table has no string table');
  const strings = stringTable(bytes, headers[symtab.link]!);
  const symbols: InputSymbol[] = [];
  for (let at = symtab.offset; at < symtab.offset + symtab.size; at += SYM_SIZE) {
    const info = bytes[at + 12]!;
    let shndx = view.getUint16(at + 14, true);
    if (shndx === SHN_XINDEX) fail('extended section indexes (SHT_SYMTAB_SHNDX) are not supported');
    if (shndx >= SHN_LORESERVE && shndx !== SHN_ABS && shndx !== SHN_COMMON) shndx = SHN_ABS;
    symbols.push({
      name: cString(strings, view.getUint32(at, true), 'symbol name'),
      value: view.getUint32(at + 4, true),
      size: view.getUint32(at + 8, true),
      bind: info >> 4,
      type: info & 0xf,
      shndx,
    });
  }
  return symbols;
}

function readRelocations(bytes: Uint8Array, view: DataView, h: SectionHeader, name: string, symbolCount: number): Relocation[] {
  const rela = h.type === SHT_RELA;
  const entry = rela ? RELA_SIZE : REL_SIZE;
  if (h.size % entry !== 0) fail(`relocation section ${name} size is not a multiple of ${entry}`);
  const relocations: Relocation[] = [];
  for (let at = h.offset; at < h.offset + h.size; at += entry) {
    const info = view.getUint32(at + 4, true);
    const relocation: Relocation = { offset: view.getUint32(at, true), type: info & 0xff, symbol: info >>> 8 };
    if (relocation.symbol >= symbolCount) fail(`relocation in ${name} names symbol ${relocation.symbol}, which does not exist`);
    if (rela) relocation.addend = view.getInt32(at + 8, true);
    relocations.push(relocation);
  }
  return relocations;
}

function readGroup(bytes: Uint8Array, view: DataView, h: SectionHeader, index: number, shnum: number, symbols: InputSymbol[]) {
  if (h.size < 4 || h.size % 4 !== 0) fail(`group section ${index} has a bad size`);
  const signatureSymbol = symbols[h.info];
  if (!signatureSymbol) fail(`group section ${index} has no signature symbol`);
  const flags = view.getUint32(h.offset, true);
  const members: number[] = [];
  for (let at = h.offset + 4; at < h.offset + h.size; at += 4) {
    const member = view.getUint32(at, true);
    if (member === 0 || member >= shnum) fail(`group ${signatureSymbol.name} names section ${member}, which does not exist`);
    members.push(member);
  }
  // Only COMDAT groups are deduplicated; a plain group keeps its members.
  return { signature: (flags & GRP_COMDAT) !== 0 ? signatureSymbol.name : '', members };
}

/** Lines "primitive symbol" written by the compiler when it inlined a primitive. */
function parseInlined(data: Uint8Array): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const line of new TextDecoder().decode(data).split('\n')) {
    const words = line.replace(/\0/g, '').trim().split(/\s+/);
    if (words.length === 2) pairs.push([words[0]!, words[1]!]);
  }
  return pairs;
}

function checkRange(bytes: Uint8Array, offset: number, size: number, what: string): void {
  if (offset + size > bytes.length) fail(`${what} lies outside the file (offset ${offset} + size ${size} > ${bytes.length} bytes): the object is truncated`);
}

function contents(bytes: Uint8Array, h: SectionHeader): Uint8Array {
  return bytes.subarray(h.offset, h.offset + h.size);
}

/** A string table as a Buffer, so names are found and decoded natively, not byte by byte. */
function stringTable(bytes: Uint8Array, h: SectionHeader): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset + h.offset, h.size);
}

function cString(table: Buffer, offset: number, what: string): string {
  if (offset >= table.length) {
    if (offset === 0) return '';
    fail(`${what} is outside its string table`);
  }
  const end = table.indexOf(0, offset);
  if (end < 0) fail(`${what} is not NUL-terminated`);
  return table.toString('utf8', offset, end);
}
