// Symbol resolution: one definition per global name across all objects of the image.
// A strong definition beats weak and common ones, commons merge to the largest size
// and alignment, and two strong definitions are an error naming both modules.

import type { Diagnostic } from '../../diagnostics.js';
import { SHN_ABS, SHN_COMMON, SHN_UNDEF, SHT_NOBITS, STB_LOCAL, STB_WEAK, STT_FILE, STT_SECTION } from '../elf/constants.js';
import type { InputSection, InputSymbol, ObjectFile } from './objectFile.js';
import { note, objectError } from './report.js';

export interface Definition {
  name: string;
  /** The module that defines it; undefined for symbols the linker itself provides. */
  object?: ObjectFile;
  /** Section-relative definitions; undefined for absolute values. */
  section?: InputSection;
  /** Offset in `section`, or the absolute value. */
  value: number;
  size: number;
  type: number;
  weak: boolean;
  common?: { align: number };
}

export interface Reference {
  name: string;
  weak: boolean;
  /** The object had its own copy in a COMDAT group another object's copy replaced: not a use of another layer. */
  ownCopy?: boolean;
}

export interface SymbolTable {
  definitions: Map<string, Definition>;
  /** Storage for common symbols, allocated at the end of .bss. */
  commons: InputSection[];
  /** Global names each object uses without defining them. */
  references: Map<ObjectFile, Reference[]>;
}

export function definitionAddress(definition: Definition): number {
  return definition.section ? (definition.section.address + definition.value) >>> 0 : definition.value >>> 0;
}

/** Keeps the first COMDAT group of each signature, as the ELF gABI asks. */
export function discardDuplicateGroups(objects: ObjectFile[]): void {
  const seen = new Set<string>();
  for (const object of objects) {
    for (const group of object.groups) {
      if (group.signature === '') continue;
      if (!seen.has(group.signature)) {
        seen.add(group.signature);
        continue;
      }
      for (const member of group.members) {
        const section = object.sections[member];
        if (section) section.kept = false;
      }
    }
  }
}

export function resolveSymbols(objects: ObjectFile[], diagnostics: Diagnostic[]): SymbolTable {
  const table: SymbolTable = { definitions: new Map(), commons: [], references: new Map() };
  for (const object of objects) {
    const references = referencesOf(table, object);
    for (let i = 1; i < object.symbols.length; i++) {
      const symbol = object.symbols[i]!;
      if (symbol.bind === STB_LOCAL || symbol.type === STT_SECTION || symbol.type === STT_FILE) continue;
      const section = object.sections[symbol.shndx];
      const definedHere = symbol.shndx === SHN_ABS || symbol.shndx === SHN_COMMON || (section !== undefined && section.kept);
      if (symbol.shndx === SHN_UNDEF) {
        references.push({ name: symbol.name, weak: symbol.bind === STB_WEAK });
        continue;
      }
      if (!definedHere) {
        references.push({ name: symbol.name, weak: symbol.bind === STB_WEAK, ownCopy: true });
        continue;
      }
      define(table, object, symbol, section, diagnostics);
    }
  }
  allocateCommons(table);
  return table;
}

function define(table: SymbolTable, object: ObjectFile, symbol: InputSymbol, section: InputSection | undefined, diagnostics: Diagnostic[]): void {
  const incoming: Definition = {
    name: symbol.name, object, value: symbol.value, size: symbol.size, type: symbol.type, weak: symbol.bind === STB_WEAK,
  };
  if (symbol.shndx === SHN_COMMON) incoming.common = { align: Math.max(1, symbol.value) };
  else if (symbol.shndx !== SHN_ABS) incoming.section = section;

  const existing = table.definitions.get(symbol.name);
  if (!existing) {
    table.definitions.set(symbol.name, incoming);
    return;
  }
  if (existing.common && incoming.common) {
    existing.size = Math.max(existing.size, incoming.size);
    existing.common.align = Math.max(existing.common.align, incoming.common.align);
    return;
  }
  const existingStrong = !existing.weak && !existing.common;
  const incomingStrong = !incoming.weak && !incoming.common;
  if (existingStrong && incomingStrong) {
    diagnostics.push(duplicateDefinition(symbol.name, existing.object!, object));
    return;
  }
  // A strong definition replaces a weak or common one; a common replaces a weak one.
  // The loser's own code now reaches the winner, so for the layer check it uses it.
  const replaced = incomingStrong || (incoming.common && existing.weak);
  const loser = replaced ? existing : incoming;
  if (loser.object && (loser.weak || loser.common)) referencesOf(table, loser.object).push({ name: symbol.name, weak: false });
  if (replaced) table.definitions.set(symbol.name, incoming);
}

function referencesOf(table: SymbolTable, object: ObjectFile): Reference[] {
  let references = table.references.get(object);
  if (!references) table.references.set(object, (references = []));
  return references;
}

function duplicateDefinition(name: string, first: ObjectFile, second: ObjectFile): Diagnostic {
  const hint = first.layer === second.layer
    ? `rename one of them or make one \`static\``
    : `keep one definition: a layer's symbols must not clash with those of another layer`;
  const d = objectError(second, `\`${name}\` is defined twice: in ${first.path} (layer ${first.layer}) and in ${second.path} (layer ${second.layer}); ${hint}`);
  d.notes = [note(first.path, `first definition of \`${name}\` is here`)];
  return d;
}

function allocateCommons(table: SymbolTable): void {
  for (const definition of table.definitions.values()) {
    if (!definition.common || !definition.object) continue;
    const section: InputSection = {
      object: definition.object, index: -1, name: definition.name, type: SHT_NOBITS, flags: 3, align: definition.common.align,
      size: definition.size, data: new Uint8Array(0), relocations: [], kept: true, address: 0,
    };
    table.commons.push(section);
    definition.section = section;
    definition.value = 0;
  }
}

/**
 * Non-weak references nothing defines. Names in `reportedElsewhere` (primitives a
 * layer declares fresh) are left to the layer check, which says more.
 */
export function checkUndefined(objects: ObjectFile[], table: SymbolTable, reportedElsewhere: Set<string>, fix: (object: ObjectFile, name: string) => string, diagnostics: Diagnostic[]): void {
  for (const object of objects) {
    const seen = new Set<string>();
    for (const reference of table.references.get(object) ?? []) {
      if (reference.weak || seen.has(reference.name) || table.definitions.has(reference.name)) continue;
      seen.add(reference.name);
      if (reportedElsewhere.has(reference.name)) continue;
      diagnostics.push(objectError(object, `undefined reference to \`${reference.name}\`: no module of the image defines it; fix: ${fix(object, reference.name)}`));
    }
  }
}
