// Applies an input section's relocations to its bytes in the image. The i386 REL
// format keeps the addend in the bytes being patched; S is the symbol's address, P
// the address of the patched field. A static link has no PLT, so R_386_PLT32 is a
// plain PC-relative call.

import type { Diagnostic } from '../../diagnostics.js';
import { R_386_16, R_386_32, R_386_8, R_386_NONE, R_386_PC16, R_386_PC32, R_386_PC8, SHN_ABS, STB_LOCAL, STT_SECTION } from '../elf/constants.js';
import { classify } from './layout.js';
import type { InputSection, ObjectFile, Relocation } from './objectFile.js';
import { objectError } from './report.js';
import { definitionAddress, type SymbolTable } from './symbols.js';

const R_386_PLT32 = 4;

interface Kind {
  name: string;
  width: 1 | 2 | 4;
  pcRelative: boolean;
}

const KINDS = new Map<number, Kind>([
  [R_386_32, { name: 'R_386_32', width: 4, pcRelative: false }],
  [R_386_PC32, { name: 'R_386_PC32', width: 4, pcRelative: true }],
  [R_386_PLT32, { name: 'R_386_PLT32', width: 4, pcRelative: true }],
  [R_386_16, { name: 'R_386_16', width: 2, pcRelative: false }],
  [R_386_PC16, { name: 'R_386_PC16', width: 2, pcRelative: true }],
  [R_386_8, { name: 'R_386_8', width: 1, pcRelative: false }],
  [R_386_PC8, { name: 'R_386_PC8', width: 1, pcRelative: true }],
]);

/** Rejects relocation kinds that need a GOT, a PLT or TLS, which a static kernel image has not. */
export function checkRelocationTypes(object: ObjectFile, diagnostics: Diagnostic[]): void {
  for (const section of object.sections) {
    if (!section?.kept || !classify(section)) continue;
    for (const relocation of section.relocations) {
      if (relocation.type === R_386_NONE || KINDS.has(relocation.type)) continue;
      diagnostics.push(objectError(object,
        `relocation type ${relocation.type} at ${section.name}+0x${relocation.offset.toString(16)} is not supported by a static link ` +
        `(supported: R_386_32, R_386_PC32, R_386_PLT32, R_386_16, R_386_PC16, R_386_8, R_386_PC8); fix: compile with -fno-pic and without thread-local storage`));
    }
  }
}

/** Patches `section`, whose bytes start at `fileOffset` in `image`. */
export function relocateSection(section: InputSection, image: Uint8Array, fileOffset: number, symbols: SymbolTable, diagnostics: Diagnostic[]): void {
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  for (const relocation of section.relocations) {
    if (relocation.type === R_386_NONE) continue;
    const kind = KINDS.get(relocation.type);
    if (!kind) continue; // reported by checkRelocationTypes before layout
    const where = `${section.name}+0x${relocation.offset.toString(16)}`;
    if (relocation.offset + kind.width > section.size) {
      diagnostics.push(objectError(section.object, `${kind.name} relocation at ${where} lies outside the ${section.size}-byte section`));
      continue;
    }
    const at = fileOffset + relocation.offset;
    const addend = relocation.addend ?? readSigned(view, at, kind.width);
    const place = (section.address + relocation.offset) >>> 0;
    const target = symbolAddress(section, relocation, symbols);
    const value = kind.pcRelative ? target + addend - place : target + addend;
    if (!fits(value, kind)) {
      diagnostics.push(objectError(section.object,
        `${kind.name} relocation at ${where} against \`${symbolName(section, relocation)}\` does not fit in ${kind.width * 8} bits (value ${value}); ` +
        `fix: use a 32-bit reference or move the target closer`));
      continue;
    }
    if (kind.width === 4) view.setUint32(at, value >>> 0, true);
    else if (kind.width === 2) view.setUint16(at, value & 0xffff, true);
    else image[at] = value & 0xff;
  }
}

function readSigned(view: DataView, at: number, width: number): number {
  return width === 4 ? view.getInt32(at, true) : width === 2 ? view.getInt16(at, true) : view.getInt8(at);
}

/** Absolute fields may hold a signed or an unsigned value; PC-relative ones are signed. */
function fits(value: number, kind: Kind): boolean {
  if (kind.width === 4) return true;
  const bits = kind.width * 8;
  const min = -(2 ** (bits - 1));
  const max = kind.pcRelative ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  return value >= min && value <= max;
}

function symbolAddress(section: InputSection, relocation: Relocation, symbols: SymbolTable): number {
  const object = section.object;
  const symbol = object.symbols[relocation.symbol]!;
  if (relocation.symbol === 0) return 0;
  if (symbol.bind === STB_LOCAL || symbol.type === STT_SECTION) {
    if (symbol.shndx === SHN_ABS) return symbol.value;
    const home = object.sections[symbol.shndx];
    if (!home) return symbol.value;
    return (home.address + (symbol.type === STT_SECTION ? 0 : symbol.value)) >>> 0;
  }
  const definition = symbols.definitions.get(symbol.name);
  if (!definition) return 0; // an unresolved weak reference
  return definitionAddress(definition);
}

function symbolName(section: InputSection, relocation: Relocation): string {
  const symbol = section.object.symbols[relocation.symbol]!;
  if (symbol.type === STT_SECTION) return section.object.sections[symbol.shndx]?.name ?? `section ${symbol.shndx}`;
  return symbol.name;
}
