// Section layout. Input sections merge by name class into five output sections, in
// the order they are given (stack order bottom-up, then module order, then blobs and
// commons), each aligned as its object asks. Three loadable segments follow one
// another on page boundaries so each gets its own protection: text (the multiboot
// header first, then code) RX, read-only data R, data and bss RW. DWARF sections
// are kept, unloaded, one output section per name.

import { SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHT_NOBITS, SHT_NOTE, SHT_PROGBITS, PF_R, PF_W, PF_X } from '../elf/constants.js';
import type { InputSection } from './objectFile.js';

export const PAGE_SIZE = 0x1000;

export type SectionClass = 'multiboot' | 'text' | 'rodata' | 'data' | 'bss';

export interface OutputSection {
  name: string;
  type: number;
  flags: number;
  address: number;
  size: number;
  align: number;
  /** Position in the image file (for NOBITS: where it would be). */
  fileOffset: number;
  inputs: InputSection[];
}

export interface Segment {
  flags: number;
  address: number;
  fileOffset: number;
  fileSize: number;
  memorySize: number;
  sections: OutputSection[];
}

export interface Layout {
  /** Non-empty output sections in address order. */
  sections: OutputSection[];
  segments: Segment[];
  /**
   * DWARF sections, not loaded: each input's `address` is its offset in its output
   * section, which is what a debug-to-debug relocation must produce.
   */
  debug: OutputSection[];
  /** Addresses the linker-defined symbols take. */
  marks: { etext: number; edata: number; bssStart: number; end: number };
}

const OUTPUT: Record<SectionClass, { name: string; type: number; flags: number }> = {
  multiboot: { name: '.multiboot', type: SHT_PROGBITS, flags: SHF_ALLOC },
  text: { name: '.text', type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_EXECINSTR },
  rodata: { name: '.rodata', type: SHT_PROGBITS, flags: SHF_ALLOC },
  data: { name: '.data', type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_WRITE },
  bss: { name: '.bss', type: SHT_NOBITS, flags: SHF_ALLOC | SHF_WRITE },
};

const SEGMENTS: Array<{ classes: SectionClass[]; flags: number }> = [
  { classes: ['multiboot', 'text'], flags: PF_R | PF_X },
  { classes: ['rodata'], flags: PF_R },
  { classes: ['data', 'bss'], flags: PF_R | PF_W },
];

/** The output section an input section joins, or undefined if it is not loaded. */
export function classify(section: InputSection): SectionClass | undefined {
  const { name, flags, type } = section;
  if (name === '.multiboot') return 'multiboot';
  if ((flags & SHF_ALLOC) === 0) return undefined;
  if (type === SHT_NOBITS) return 'bss';
  if (name === '.text' || name.startsWith('.text.') || (flags & SHF_EXECINSTR) !== 0) return 'text';
  if (name === '.rodata' || name.startsWith('.rodata.') || type === SHT_NOTE || (flags & SHF_WRITE) === 0) return 'rodata';
  return 'data';
}

export function alignUp(value: number, align: number): number {
  return align <= 1 ? value : Math.ceil(value / align) * align;
}

/** Places `inputs` (already in link order) from `loadAddress`; `headerSize` bytes of ELF headers precede the first segment in the file. */
export function layOut(inputs: InputSection[], loadAddress: number, headerSize: number): Layout {
  const buckets = new Map<SectionClass, InputSection[]>();
  for (const input of inputs) {
    const cls = classify(input);
    if (!cls || !input.kept) continue;
    let bucket = buckets.get(cls);
    if (!bucket) buckets.set(cls, (bucket = []));
    bucket.push(input);
  }

  const layout: Layout = { sections: [], segments: [], debug: layOutDebug(inputs), marks: { etext: 0, edata: 0, bssStart: 0, end: 0 } };
  let address = loadAddress;
  let fileCursor = headerSize;
  for (const plan of SEGMENTS) {
    if (!plan.classes.some((cls) => buckets.has(cls))) {
      setMarks(layout, plan.classes, address);
      continue;
    }
    if (layout.segments.length > 0) address = alignUp(address, PAGE_SIZE);
    const segment: Segment = { flags: plan.flags, address, fileOffset: 0, fileSize: 0, memorySize: 0, sections: [] };
    segment.fileOffset = alignUp(fileCursor, PAGE_SIZE) + (address % PAGE_SIZE);
    let fileEnd = address;
    for (const cls of plan.classes) {
      const members = buckets.get(cls);
      if (members) {
        const output = placeSection(cls, members, address);
        output.fileOffset = segment.fileOffset + (output.address - segment.address);
        address = output.address + output.size;
        if (output.type !== SHT_NOBITS) fileEnd = address;
        segment.sections.push(output);
        layout.sections.push(output);
      }
      setMarks(layout, [cls], address);
    }
    segment.memorySize = address - segment.address;
    segment.fileSize = fileEnd - segment.address;
    fileCursor = segment.fileOffset + segment.fileSize;
    layout.segments.push(segment);
  }
  return layout;
}

/** Debug sections keep their names and are concatenated in link order, so gdb and addr2line see the image's source lines. */
export function isDebugSection(section: InputSection): boolean {
  return (section.flags & SHF_ALLOC) === 0 && section.type === SHT_PROGBITS && section.name.startsWith('.debug_');
}

function layOutDebug(inputs: InputSection[]): OutputSection[] {
  const byName = new Map<string, OutputSection>();
  for (const input of inputs) {
    if (!input.kept || !isDebugSection(input)) continue;
    let output = byName.get(input.name);
    if (!output) byName.set(input.name, (output = { name: input.name, type: SHT_PROGBITS, flags: 0, address: 0, size: 0, align: 1, fileOffset: 0, inputs: [] }));
    input.address = alignUp(output.size, input.align);
    output.size = input.address + input.size;
    output.align = Math.max(output.align, input.align);
    output.inputs.push(input);
  }
  return [...byName.values()];
}

function placeSection(cls: SectionClass, members: InputSection[], start: number): OutputSection {
  const align = members.reduce((max, input) => Math.max(max, input.align), 1);
  const output: OutputSection = { ...OUTPUT[cls], address: alignUp(start, align), size: 0, align, fileOffset: 0, inputs: members };
  let address = output.address;
  for (const input of members) {
    address = alignUp(address, input.align);
    input.address = address;
    address += input.size;
  }
  output.size = address - output.address;
  return output;
}

/** The linker-defined symbols mark where classes end; an empty class marks where it would have been. */
function setMarks(layout: Layout, classes: SectionClass[], address: number): void {
  for (const cls of classes) {
    if (cls === 'text') layout.marks.etext = address;
    if (cls === 'data') layout.marks.edata = layout.marks.bssStart = address;
    if (cls === 'bss') {
      const bss = layout.sections.find((s) => s.type === SHT_NOBITS);
      if (bss) layout.marks.bssStart = bss.address;
      layout.marks.end = address;
    }
  }
}
