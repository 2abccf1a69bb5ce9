// Multiboot v1 loading, as QEMU's -kernel does it: find and check the multiboot
// header, load the ELF32 image's PT_LOAD segments at their physical addresses (or,
// with the a.out kludge, the header's load range), place the modules, and build the
// multiboot information structure that the kernel receives in EBX.
//
// The information mirrors what a kernel finds under QEMU with its SeaBIOS firmware,
// so that one kernel prints the same thing on both: the structure at 0x9500, the
// memory map at 0x9000, and after the kernel's last byte (page-aligned) the module
// list, the module and kernel command lines and the boot loader's name, followed by
// the modules themselves, each page-aligned.
import { error, type Diagnostic } from '../diagnostics.js';
import { EM_386, ET_EXEC, PT_LOAD, MULTIBOOT_HEADER_MAGIC, MULTIBOOT_BOOTLOADER_MAGIC } from '../link/elf/constants.js';

export interface MultibootModule {
  /** The module's bytes. */
  data: Uint8Array;
  /** Its command line (conventionally its path, then arguments). */
  cmdline: string;
}

export interface MultibootRequest {
  /** The image's name as the user gave it: diagnostics name it, and it starts the kernel command line. */
  imageName: string;
  image: Uint8Array;
  /** Arguments after the image name on the kernel command line. */
  cmdline: string;
  modules: MultibootModule[];
  /** Guest RAM, which receives the image. */
  memory: Uint8Array;
}

export interface MultibootEntry {
  eip: number;
  eax: number;
  ebx: number;
  /** Physical ranges the image occupies, for messages. */
  loadStart: number;
  loadEnd: number;
}

const HEADER_SEARCH_BYTES = 8192;
const FLAG_PAGE_ALIGN_MODULES = 1 << 0;
const FLAG_MEMORY_INFO = 1 << 1;
const FLAG_VIDEO_MODE = 1 << 2;
const FLAG_AOUT_KLUDGE = 1 << 16;
/** Requirement bits (0-15) a loader must understand or refuse the image. */
const KNOWN_REQUIREMENTS = FLAG_PAGE_ALIGN_MODULES | FLAG_MEMORY_INFO | FLAG_VIDEO_MODE;

const INFO_MEMORY = 1 << 0;
const INFO_BOOT_DEVICE = 1 << 1;
const INFO_CMDLINE = 1 << 2;
const INFO_MODULES = 1 << 3;
const INFO_MMAP = 1 << 6;
const INFO_LOADER_NAME = 1 << 9;

const MBI_ADDRESS = 0x9500;
const MBI_SIZE = 116;
const MMAP_ADDRESS = 0x9000;
const MMAP_ENTRY_SIZE = 24;
const PAGE = 4096;
export const LOADER_NAME = 'layermake';

const E820_USABLE = 1;
const E820_RESERVED = 2;
/** Conventional memory ends where the extended BIOS data area begins. */
const EBDA_START = 0x9fc00;
const BIOS_START = 0xf0000;
const HIGH_MEMORY = 0x100000;
/** The firmware's tables at the top of RAM (SeaBIOS keeps 128 KiB there under QEMU). */
const FIRMWARE_TOP_RESERVED = 0x20000;
const BIOS_FLASH_START = 0xfffc0000;

/** The memory map a PC's firmware reports: [base, length, type] triples. */
export function pcMemoryMap(memoryBytes: number): [number, number, number][] {
  const highEnd = memoryBytes - FIRMWARE_TOP_RESERVED;
  return [
    [0, EBDA_START, E820_USABLE],
    [EBDA_START, 0xa0000 - EBDA_START, E820_RESERVED],
    [BIOS_START, HIGH_MEMORY - BIOS_START, E820_RESERVED],
    [HIGH_MEMORY, highEnd - HIGH_MEMORY, E820_USABLE],
    [highEnd, FIRMWARE_TOP_RESERVED, E820_RESERVED],
    [BIOS_FLASH_START, 0x100000000 - BIOS_FLASH_START, E820_RESERVED],
  ];
}

class LoadError extends Error {}

export function loadMultiboot(request: MultibootRequest): MultibootEntry | Diagnostic {
  try {
    return load(request);
  } catch (e) {
    if (e instanceof LoadError) return error(`${request.imageName}: ${e.message}`);
    throw e;
  }
}

function load(request: MultibootRequest): MultibootEntry {
  const { image, memory } = request;
  if (memory.length < 2 * HIGH_MEMORY) throw new LoadError('guest memory must be at least 2 MiB');
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const headerOffset = findHeader(view);
  const flags = view.getUint32(headerOffset + 4, true);
  const unknown = flags & 0xffff & ~KNOWN_REQUIREMENTS;
  if (unknown) throw new LoadError(`the multiboot header requires features this loader does not know (flags 0x${unknown.toString(16)})`);

  const loaded = flags & FLAG_AOUT_KLUDGE ? loadAoutKludge(view, headerOffset, memory) : loadElf(view, memory);
  const eip = loaded.entry;
  if (eip >= memory.length) throw new LoadError(`the entry point 0x${hex(eip)} is outside guest memory`);
  const ebx = writeInformation(request, loaded.end);
  return { eip, eax: MULTIBOOT_BOOTLOADER_MAGIC, ebx, loadStart: loaded.start, loadEnd: loaded.end };
}

function findHeader(view: DataView): number {
  const limit = Math.min(view.byteLength - 12, HEADER_SEARCH_BYTES - 12);
  for (let offset = 0; offset <= limit; offset += 4) {
    if (view.getUint32(offset, true) !== MULTIBOOT_HEADER_MAGIC) continue;
    const flags = view.getUint32(offset + 4, true);
    const checksum = view.getUint32(offset + 8, true);
    if (((MULTIBOOT_HEADER_MAGIC + flags + checksum) >>> 0) === 0) return offset;
    throw new LoadError(`the multiboot header at offset 0x${offset.toString(16)} has a bad checksum`);
  }
  throw new LoadError('no multiboot header in the first 8 KiB (is this a multiboot kernel?)');
}

interface Loaded {
  entry: number;
  start: number;
  end: number;
}

function loadElf(view: DataView, memory: Uint8Array): Loaded {
  if (view.byteLength < 52 || view.getUint32(0, true) !== 0x464c457f) throw new LoadError('not an ELF file, and its multiboot header does not give load addresses');
  if (view.getUint8(4) !== 1) throw new LoadError('not a 32-bit ELF file (multiboot v1 loads ELF32 images)');
  if (view.getUint8(5) !== 1) throw new LoadError('not a little-endian ELF file');
  if (view.getUint16(18, true) !== EM_386) throw new LoadError(`ELF machine ${view.getUint16(18, true)} is not i386 (3)`);
  if (view.getUint16(16, true) !== ET_EXEC) throw new LoadError('not an ELF executable (was it linked?)');
  const entry = view.getUint32(24, true);
  const phoff = view.getUint32(28, true);
  const phentsize = view.getUint16(42, true);
  const phnum = view.getUint16(44, true);
  if (phnum === 0 || phentsize < 32 || phoff + phnum * phentsize > view.byteLength) throw new LoadError('the ELF program headers are missing or truncated');

  let start = Infinity;
  let end = 0;
  let physicalEntry = entry;
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * phentsize;
    if (view.getUint32(ph, true) !== PT_LOAD) continue;
    const offset = view.getUint32(ph + 4, true);
    const vaddr = view.getUint32(ph + 8, true);
    const paddr = view.getUint32(ph + 12, true);
    const filesz = view.getUint32(ph + 16, true);
    const memsz = view.getUint32(ph + 20, true);
    if (memsz === 0) continue;
    if (filesz > memsz) throw new LoadError(`segment ${i} has more file bytes than memory bytes`);
    if (offset + filesz > view.byteLength) throw new LoadError(`segment ${i} extends past the end of the file`);
    if (paddr + memsz > memory.length) throw new LoadError(`segment ${i} (0x${hex(paddr)}-0x${hex(paddr + memsz)}) does not fit in ${memory.length >> 20} MiB of guest memory`);
    memory.set(new Uint8Array(view.buffer, view.byteOffset + offset, filesz), paddr);
    memory.fill(0, paddr + filesz, paddr + memsz);
    start = Math.min(start, paddr);
    end = Math.max(end, paddr + memsz);
    // A kernel linked at a virtual address runs first at its physical one.
    if (entry >= vaddr && entry < vaddr + memsz) physicalEntry = entry - vaddr + paddr;
  }
  if (end === 0) throw new LoadError('the ELF file has no loadable segment');
  return { entry: physicalEntry, start, end };
}

function loadAoutKludge(view: DataView, headerOffset: number, memory: Uint8Array): Loaded {
  if (view.byteLength < headerOffset + 32) throw new LoadError('the multiboot header is truncated (the a.out kludge needs its address fields)');
  const headerAddr = view.getUint32(headerOffset + 12, true);
  const loadAddr = view.getUint32(headerOffset + 16, true);
  const loadEndAddr = view.getUint32(headerOffset + 20, true);
  const bssEndAddr = view.getUint32(headerOffset + 24, true);
  const entry = view.getUint32(headerOffset + 28, true);
  const fileStart = headerOffset - (headerAddr - loadAddr);
  if (loadAddr > headerAddr || fileStart < 0) throw new LoadError('the multiboot header address lies before its load address');
  const fileBytes = loadEndAddr ? loadEndAddr - loadAddr : view.byteLength - fileStart;
  if (fileBytes < 0 || fileStart + fileBytes > view.byteLength) throw new LoadError('the multiboot load range extends past the end of the file');
  const end = Math.max(bssEndAddr, loadAddr + fileBytes);
  if (end > memory.length) throw new LoadError(`the image (0x${hex(loadAddr)}-0x${hex(end)}) does not fit in guest memory`);
  memory.set(new Uint8Array(view.buffer, view.byteOffset + fileStart, fileBytes), loadAddr);
  memory.fill(0, loadAddr + fileBytes, end);
  return { entry, start: loadAddr, end };
}

/** Writes the information structure, its strings and the modules; returns its address. */
function writeInformation(request: MultibootRequest, kernelEnd: number): number {
  const { memory, modules } = request;
  const out = new DataView(memory.buffer, memory.byteOffset, memory.byteLength);
  const strings: string[] = [...modules.map((m) => m.cmdline), `${request.imageName} ${request.cmdline}`, LOADER_NAME];
  const bufferStart = alignUp(kernelEnd, PAGE);
  let cursor = bufferStart + modules.length * 16;
  const stringAddresses = strings.map((text) => {
    const bytes = new TextEncoder().encode(text);
    checkFits(memory, cursor, bytes.length + 1, 'the multiboot command lines');
    memory.set(bytes, cursor);
    memory[cursor + bytes.length] = 0;
    const address = cursor;
    cursor += bytes.length + 1;
    return address;
  });
  cursor = alignUp(cursor, PAGE);
  modules.forEach((module, i) => {
    checkFits(memory, cursor, module.data.length, `module ${i + 1} (${module.cmdline})`);
    memory.set(module.data, cursor);
    const entry = bufferStart + i * 16;
    out.setUint32(entry, cursor, true);
    out.setUint32(entry + 4, cursor + module.data.length, true);
    out.setUint32(entry + 8, stringAddresses[i]!, true);
    out.setUint32(entry + 12, 0, true);
    cursor = alignUp(cursor + module.data.length, PAGE);
  });

  const map = pcMemoryMap(memory.length);
  map.forEach(([base, length, type], i) => {
    const entry = MMAP_ADDRESS + i * MMAP_ENTRY_SIZE;
    out.setUint32(entry, MMAP_ENTRY_SIZE - 4, true);
    out.setUint32(entry + 4, base >>> 0, true);
    out.setUint32(entry + 8, Math.floor(base / 0x100000000), true);
    out.setUint32(entry + 12, length >>> 0, true);
    out.setUint32(entry + 16, Math.floor(length / 0x100000000), true);
    out.setUint32(entry + 20, type, true);
  });

  memory.fill(0, MBI_ADDRESS, MBI_ADDRESS + MBI_SIZE);
  const field = (offset: number, value: number) => out.setUint32(MBI_ADDRESS + offset, value >>> 0, true);
  field(0, INFO_MEMORY | INFO_BOOT_DEVICE | INFO_CMDLINE | INFO_MODULES | INFO_MMAP | INFO_LOADER_NAME);
  field(4, EBDA_START / 1024);
  field(8, map[3]![1] / 1024);
  field(12, 0x8000ffff); // first BIOS disk, no partition: what QEMU reports
  field(16, stringAddresses[modules.length]!);
  field(20, modules.length);
  field(24, bufferStart);
  field(44, map.length * MMAP_ENTRY_SIZE);
  field(48, MMAP_ADDRESS);
  field(64, stringAddresses[modules.length + 1]!);
  return MBI_ADDRESS;
}

function checkFits(memory: Uint8Array, address: number, length: number, what: string): void {
  if (address + length > memory.length) throw new LoadError(`${what} do not fit in guest memory after the kernel`);
}

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

function hex(value: number): string {
  return (value >>> 0).toString(16);
}
