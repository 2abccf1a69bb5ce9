// The layer linker: ELF32 relocatable objects of a layer stack in, one ELF32
// executable (a multiboot kernel or a ring-3 program) and its link map out.
//
//   read objects → drop duplicate COMDAT groups → resolve symbols → check the layer
//   calculus → lay out sections → copy bytes → relocate → symbol table and map
//
// Every problem is a Diagnostic; nothing escapes as an exception. The function is
// pure (bytes in, bytes out; inputs are not modified), so it runs in a worker thread.
//
// For the build: an image's request lists its stack bottom-up with each
// composition's parts before it, `upcalls` from the image; a test image adds its
// virtual layer on top; a program is `kind: 'program'` with its sources as one
// layer, and its image becomes a blob of every kernel image that embeds it.

import { error, hasErrors, warning, type Diagnostic } from '../../diagnostics.js';
import type { LinkRequest, LinkResult } from '../api.js';
import { SHF_ALLOC, SHT_PROGBITS, STB_GLOBAL, STB_LOCAL, STB_WEAK, STT_FUNC, STT_NOTYPE, STT_OBJECT } from '../elf/constants.js';
import { checkLayerCalculus } from './layerCalculus.js';
import { linkMap } from './linkMap.js';
import { alignUp, layOut, type Layout, type OutputSection } from './layout.js';
import { findMultibootHeader, multibootSection } from './multiboot.js';
import { MalformedObject, readObject, type InputSection, type ObjectFile } from './objectFile.js';
import { checkRelocationTypes, relocateSection } from './relocate.js';
import { fileError } from './report.js';
import { checkUndefined, definitionAddress, discardDuplicateGroups, resolveSymbols, type Definition, type SymbolTable } from './symbols.js';
import { HEADERS_SIZE, writeImage, type OutputSymbol } from './writeImage.js';

export const DEFAULT_KERNEL_ADDRESS = 0x100000;
export const DEFAULT_PROGRAM_ADDRESS = 0x40000000;
/** A kernel image is a few MiB; a larger file means an absurd alignment or size in some object. */
const MAX_IMAGE_BYTES = 256 * 1024 * 1024;

/** Symbols the linker defines unless a module does. */
const GOT_SYMBOL = '_GLOBAL_OFFSET_TABLE_';
const LINKER_SYMBOLS = ['_start_of_image', 'etext', 'edata', '__bss_start', 'end', '_end'] as const;

export function link(req: LinkRequest): LinkResult {
  try {
    return linkImage(req);
  } catch (e) {
    // A bug of the linker, not of the input: still a diagnostic, never a crash of the build.
    return { diagnostics: [error(`internal linker error while linking ${req.image}: ${e instanceof Error ? e.message : String(e)}`)] };
  }
}

function linkImage(req: LinkRequest): LinkResult {
  const diagnostics: Diagnostic[] = [];
  const kind = req.kind ?? 'kernel';
  const loadAddress = req.loadAddress ?? (kind === 'kernel' ? DEFAULT_KERNEL_ADDRESS : DEFAULT_PROGRAM_ADDRESS);
  if (!Number.isInteger(loadAddress) || loadAddress < 0 || loadAddress > 0xffffffff) {
    return { diagnostics: [fileError(req.image, `load address ${loadAddress} is not a 32-bit address`)] };
  }
  // With a module missing, every check below would report its symbols as missing too.
  const objects = readObjects(req, diagnostics);
  if (hasErrors(diagnostics)) return { diagnostics };

  discardDuplicateGroups(objects);
  const symbols = resolveSymbols(objects, diagnostics);
  const linkerOwned: ObjectFile = { path: '<linker>', layer: '', sections: [], symbols: [], inlined: [], groups: [] };
  const linkerSections = defineBlobs(req, linkerOwned, symbols, diagnostics);
  const marks = defineLinkerSymbols(symbols);
  checkSymbols(req, kind, objects, symbols, diagnostics);
  for (const object of objects) checkRelocationTypes(object, diagnostics);
  const entry = symbols.definitions.get(req.entry);
  if (!entry) diagnostics.push(fileError(req.image, `entry symbol \`${req.entry}\` is not defined; fix: define it, or name the image's real entry symbol`));
  if (hasErrors(diagnostics) || !entry) return { diagnostics };

  if (kind === 'kernel' && !objects.some((o) => o.sections.some((s) => s?.name === '.multiboot'))) {
    linkerSections.unshift(multibootSection(linkerOwned));
  }
  const inputs = [
    ...linkerSections.filter((s) => s.name === '.multiboot'),
    ...objects.flatMap((o) => o.sections.filter((s): s is InputSection => s !== undefined)),
    ...linkerSections.filter((s) => s.name !== '.multiboot'),
    ...symbols.commons,
  ];
  const layout = layOut(inputs, loadAddress, HEADERS_SIZE);
  setLinkerSymbols(marks, layout, loadAddress);
  const tooLarge = checkSize(req.image, layout, loadAddress);
  if (tooLarge) return { diagnostics: [tooLarge] };

  const outputSymbols = collectSymbols(objects, symbols, layout, new Set(marks));
  const image = writeImage(layout, definitionAddress(entry), outputSymbols);
  relocateImage(image, layout, symbols, diagnostics);
  if (kind === 'kernel' && findMultibootHeader(image) < 0) {
    diagnostics.push(fileError(req.image, 'the .multiboot section given by the input does not hold a valid multiboot header within the first 8 KiB of the image; fix: correct its magic, flags and checksum, or remove it and let the linker generate one'));
  }
  if (hasErrors(diagnostics)) return { diagnostics };

  const map = linkMap({
    image: req.image, kind, loadAddress, entry: req.entry, entryAddress: definitionAddress(entry), layout, layers: req.layers,
    objects, linkerSections, commons: symbols.commons, symbols: outputSymbols,
  });
  return { elf: image, map, diagnostics };
}

function checkSize(image: string, layout: Layout, loadAddress: number): Diagnostic | undefined {
  const last = layout.segments[layout.segments.length - 1];
  if (last && last.address + last.memorySize > 0x100000000) {
    return fileError(image, `the image does not fit below 4 GiB when loaded at 0x${loadAddress.toString(16)}`);
  }
  let fileEnd = last ? last.fileOffset + last.fileSize : 0;
  for (const debug of layout.debug) fileEnd = alignUp(fileEnd, debug.align) + debug.size;
  if (fileEnd > MAX_IMAGE_BYTES) {
    return fileError(image, `the image would be ${fileEnd} bytes, over the ${MAX_IMAGE_BYTES}-byte limit; check the sections' alignments`);
  }
  return undefined;
}

function relocateImage(image: Uint8Array, layout: Layout, symbols: SymbolTable, diagnostics: Diagnostic[]): void {
  for (const section of [...layout.sections, ...layout.debug]) {
    for (const input of section.inputs) {
      if (input.relocations.length > 0) relocateSection(input, image, section.fileOffset + (input.address - section.address), symbols, diagnostics);
    }
  }
}

function readObjects(req: LinkRequest, diagnostics: Diagnostic[]): ObjectFile[] {
  const objects: ObjectFile[] = [];
  for (const layer of req.layers) {
    for (const module of layer.modules) {
      try {
        objects.push(readObject(module.object, module.source, layer.name));
      } catch (e) {
        if (!(e instanceof MalformedObject)) throw e;
        diagnostics.push(fileError(module.source, `cannot link this module's object: ${e.message}`));
      }
    }
  }
  return objects;
}

function checkSymbols(req: LinkRequest, kind: string, objects: ObjectFile[], symbols: SymbolTable, diagnostics: Diagnostic[]): void {
  // Primitives declared fresh are reported by the layer check; the GOT symbol by the
  // relocation check, which says the real problem (position-independent code).
  const reportedElsewhere = new Set([GOT_SYMBOL, ...(kind === 'kernel' ? req.layers.flatMap((l) => l.fresh) : [])]);
  const layerOf = new Map(req.layers.map((l) => [l.name, l]));
  checkUndefined(objects, symbols, reportedElsewhere, (object, name) => {
    if (kind === 'program') return `define \`${name}\` in one of the program's sources`;
    const underlay = layerOf.get(object.layer)?.underlay;
    return `define \`${name}\` in a module of layer ${object.layer}` + (underlay ? `, or in ${underlay} and add it to ${underlay}'s fresh list` : '');
  }, diagnostics);
  for (const upcall of req.upcalls ?? []) {
    if (!symbols.definitions.has(upcall)) diagnostics.push(warning(`upcall \`${upcall}\` is not defined by any module of image ${req.image}; check its spelling in the image's upcalls list`));
  }
  if (kind === 'kernel') {
    checkLayerCalculus({ image: req.image, layers: req.layers, objects, symbols, upcalls: new Set(req.upcalls ?? []) }, diagnostics);
  }
}

/** Each blob is a read-only section bracketed by _binary_<name>_start/_end, with its length in _binary_<name>_size. */
function defineBlobs(req: LinkRequest, owner: ObjectFile, symbols: SymbolTable, diagnostics: Diagnostic[]): InputSection[] {
  const sections: InputSection[] = [];
  for (const blob of req.blobs ?? []) {
    const base = `_binary_${blob.name.replace(/[^A-Za-z0-9_]/g, '_')}`;
    const section: InputSection = {
      object: { ...owner, path: `blob ${blob.name}` }, index: -1, name: `.rodata.blob.${blob.name}`, type: SHT_PROGBITS, flags: SHF_ALLOC,
      align: 16, size: blob.bytes.length, data: blob.bytes, relocations: [], kept: true, address: 0,
    };
    sections.push(section);
    const define = (name: string, definition: Omit<Definition, 'name' | 'weak' | 'type'>) => {
      if (symbols.definitions.has(name)) {
        diagnostics.push(fileError(req.image, `blob symbol \`${name}\` is also defined by ${symbols.definitions.get(name)!.object?.path ?? 'another blob'}; fix: rename the blob or the symbol`));
        return;
      }
      symbols.definitions.set(name, { name, weak: false, type: STT_OBJECT, ...definition });
    };
    define(`${base}_start`, { section, value: 0, size: 0 });
    define(`${base}_end`, { section, value: blob.bytes.length, size: 0 });
    define(`${base}_size`, { value: blob.bytes.length, size: 0 });
  }
  return sections;
}

/** Linker symbols a module did not define itself, to be given addresses after layout. */
function defineLinkerSymbols(symbols: SymbolTable): Definition[] {
  const marks: Definition[] = [];
  for (const name of LINKER_SYMBOLS) {
    const existing = symbols.definitions.get(name);
    if (existing && !existing.weak) continue;
    const definition: Definition = { name, value: 0, size: 0, type: STT_NOTYPE, weak: false };
    symbols.definitions.set(name, definition);
    marks.push(definition);
  }
  return marks;
}

function setLinkerSymbols(marks: Definition[], layout: Layout, loadAddress: number): void {
  const values: Record<(typeof LINKER_SYMBOLS)[number], number> = {
    _start_of_image: loadAddress,
    etext: layout.marks.etext,
    edata: layout.marks.edata,
    __bss_start: layout.marks.bssStart,
    end: layout.marks.end,
    _end: layout.marks.end,
  };
  for (const mark of marks) mark.value = values[mark.name as keyof typeof values];
}

/** Named local symbols of every module (for objdump), then the globals; locals first as ELF requires. */
function collectSymbols(objects: ObjectFile[], symbols: SymbolTable, layout: Layout, marks: Set<Definition>): OutputSymbol[] {
  const outputOf = new Map<InputSection, OutputSection>();
  for (const section of layout.sections) for (const input of section.inputs) outputOf.set(input, section);
  const locals: OutputSymbol[] = [];
  for (const object of objects) {
    for (const symbol of object.symbols) {
      if (symbol.bind !== STB_LOCAL || symbol.name === '' || symbol.name.startsWith('.L')) continue;
      if (symbol.type !== STT_NOTYPE && symbol.type !== STT_OBJECT && symbol.type !== STT_FUNC) continue;
      const home = object.sections[symbol.shndx];
      const output = home && outputOf.get(home);
      if (!home || !output) continue;
      locals.push({ name: symbol.name, value: home.address + symbol.value, size: symbol.size, bind: STB_LOCAL, type: symbol.type, section: output, origin: originOf(object) });
    }
  }
  const globals: OutputSymbol[] = [];
  for (const definition of symbols.definitions.values()) {
    const value = definitionAddress(definition);
    const section = definition.section ? outputOf.get(definition.section) : marks.has(definition) ? containing(layout, value) : undefined;
    const origin = definition.object ? originOf(definition.object) : 'linker';
    globals.push({ name: definition.name, value, size: definition.size, bind: definition.weak ? STB_WEAK : STB_GLOBAL, type: definition.type, section, origin });
  }
  return [...locals, ...globals];
}

function originOf(object: ObjectFile): string {
  return object.layer ? `${object.layer}: ${object.path}` : 'linker';
}

/** The output section a linker mark points into or just past, so nm shows it as text/data, not absolute. */
function containing(layout: Layout, address: number): OutputSection | undefined {
  let found: OutputSection | undefined;
  for (const section of layout.sections) if (address >= section.address && address <= section.address + section.size) found = section;
  return found;
}
