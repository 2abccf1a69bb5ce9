// The multiboot v1 header a boot loader (GRUB, QEMU -kernel) looks for in the first
// 8 KiB of a kernel image. The image is ELF, so the header asks only for
// page-aligned modules and the memory map; the loader takes addresses from the
// program headers.

import { MULTIBOOT_HEADER_MAGIC, SHF_ALLOC, SHT_PROGBITS } from '../elf/constants.js';
import type { InputSection, ObjectFile } from './objectFile.js';

const FLAG_PAGE_ALIGN = 1 << 0;
const FLAG_MEMORY_INFO = 1 << 1;
export const MULTIBOOT_FLAGS = FLAG_PAGE_ALIGN | FLAG_MEMORY_INFO;
/** The header must lie, 4-aligned, within this many bytes of the start of the file. */
export const MULTIBOOT_SEARCH_LIMIT = 8192;

export function multibootSection(owner: ObjectFile): InputSection {
  const data = new Uint8Array(12);
  const view = new DataView(data.buffer);
  view.setUint32(0, MULTIBOOT_HEADER_MAGIC, true);
  view.setUint32(4, MULTIBOOT_FLAGS, true);
  view.setUint32(8, -(MULTIBOOT_HEADER_MAGIC + MULTIBOOT_FLAGS) >>> 0, true);
  return {
    object: owner, index: -1, name: '.multiboot', type: SHT_PROGBITS, flags: SHF_ALLOC, align: 4, size: data.length,
    data, relocations: [], kept: true, address: 0,
  };
}

/** File offset of the first valid header, as a boot loader would find it, or -1. */
export function findMultibootHeader(image: Uint8Array): number {
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const limit = Math.min(MULTIBOOT_SEARCH_LIMIT, image.length) - 12;
  for (let at = 0; at <= limit; at += 4) {
    if (view.getUint32(at, true) !== MULTIBOOT_HEADER_MAGIC) continue;
    const sum = (view.getUint32(at, true) + view.getUint32(at + 4, true) + view.getUint32(at + 8, true)) >>> 0;
    if (sum === 0) return at;
  }
  return -1;
}
