// The link map (build/<image>.map): where every layer's and module's sections went,
// then every symbol of the image by address, so a crash address can be traced back
// to its layer without binutils.

import type { LinkLayer } from '../api.js';
import { STB_LOCAL } from '../elf/constants.js';
import type { Layout } from './layout.js';
import type { InputSection, ObjectFile } from './objectFile.js';
import type { OutputSymbol } from './writeImage.js';

export interface MapInput {
  image: string;
  kind: string;
  loadAddress: number;
  entry: string;
  entryAddress: number;
  layout: Layout;
  layers: LinkLayer[];
  objects: ObjectFile[];
  /** Sections owned by no module: the generated multiboot header, blobs. */
  linkerSections: InputSection[];
  /** Storage of common symbols; each is named after its symbol. */
  commons: InputSection[];
  symbols: OutputSymbol[];
}

const hex = (value: number) => '0x' + (value >>> 0).toString(16).padStart(8, '0');

export function linkMap(input: MapInput): string {
  const lines: string[] = [];
  lines.push(`Link map of image ${input.image} (${input.kind})`);
  lines.push(`Load address ${hex(input.loadAddress)}, entry ${input.entry} at ${hex(input.entryAddress)}`);
  lines.push('', 'Output sections:', '  address     size        name');
  for (const section of input.layout.sections) lines.push(`  ${hex(section.address)}  ${hex(section.size)}  ${section.name}`);

  const placedSections = new Set(input.layout.sections.flatMap((s) => s.inputs));
  const placed = (section: InputSection) => placedSections.has(section);
  const sectionLine = (section: InputSection, label: string) => `      ${hex(section.address)}  ${hex(section.size)}  ${label}`;
  lines.push('', 'Layers, bottom-up:');
  for (const layer of input.layers) {
    const kind = layer.parts ? ` (horizontal composition of ${layer.parts.join(', ')})` : layer.underlay ? ` over ${layer.underlay}` : ' (bottom)';
    lines.push(`  layer ${layer.name}${kind}`);
    if (layer.fresh.length > 0) lines.push(`    fresh: ${layer.fresh.join(', ')}`);
    if (layer.passThrough.length > 0) lines.push(`    passthrough: ${layer.passThrough.join(', ')}`);
    for (const object of input.objects.filter((o) => o.layer === layer.name)) {
      lines.push(`    ${object.path}`);
      const own = object.sections.filter((s): s is InputSection => s !== undefined && s.size > 0 && placed(s));
      const commons = input.commons.filter((c) => c.object === object);
      for (const section of [...own, ...commons].sort((a, b) => a.address - b.address)) {
        lines.push(sectionLine(section, commons.includes(section) ? `COMMON ${section.name}` : section.name));
      }
    }
  }
  if (input.linkerSections.length > 0) {
    lines.push('', 'Linker-generated:');
    for (const section of input.linkerSections) lines.push(sectionLine(section, `${section.name} (${section.object.path})`));
  }

  lines.push('', 'Symbols by address:');
  const sorted = [...input.symbols].sort((a, b) => (a.value >>> 0) - (b.value >>> 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const symbol of sorted) {
    lines.push(`  ${hex(symbol.value)}  ${symbol.name}  (${symbol.origin}${symbol.bind === STB_LOCAL ? ', local' : ''})`);
  }
  return lines.join('\n') + '\n';
}
