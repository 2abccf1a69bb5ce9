// The assembler's and the linker's library API. Objects are ELF32 relocatable files
// (Uint8Array), so GNU as objects and ours are interchangeable, and the image is an
// ELF32 executable with a multiboot v1 header.

import type { Diagnostic } from '../diagnostics.js';
import type { ReadFile } from '../compile/api.js';

export interface AssembleRequest {
  /** Path shown in diagnostics. */
  file: string;
  text: string;
  /** Run the C preprocessor first (.S files). */
  preprocess: boolean;
  includeDirs: string[];
  defines: Record<string, string | undefined>;
  readFile: ReadFile;
}

export interface AssembleResult {
  /** The ELF32 relocatable object; absent when there were errors. */
  object?: Uint8Array;
  diagnostics: Diagnostic[];
  /** Files read by the preprocessor. */
  includes: string[];
}

/** One module's object within a layer. */
export interface LinkModule {
  /** The module's source path (for messages and the map). */
  source: string;
  object: Uint8Array;
}

export interface LinkLayer {
  name: string;
  /** Immediate underlay; undefined for the bottom layer. */
  underlay?: string;
  modules: LinkModule[];
  /** Primitives it defines itself. */
  fresh: string[];
  /** Primitives it re-exports from its underlay. */
  passThrough: string[];
  /** For a horizontal composition: the names of its side-by-side parts (themselves layers in `layers`). */
  parts?: string[];
}

export interface LinkBlob {
  /** Symbol prefix: the blob is bracketed by `_binary_<name>_start` and `_binary_<name>_end`. */
  name: string;
  bytes: Uint8Array;
}

export interface LinkRequest {
  image: string;
  /** The stack, bottom-up, including the parts of horizontal compositions. */
  layers: LinkLayer[];
  entry: string;
  /** Default 0x100000 for a kernel, 0x40000000 for a program. */
  loadAddress?: number;
  blobs?: LinkBlob[];
  /** Symbols lower layers may reference although a higher layer defines them (the boot code's jump into C). */
  upcalls?: string[];
  /**
   * 'kernel' (default): a multiboot image, checked against the layer calculus.
   * 'program': a ring-3 user program the kernel embeds as a blob: no multiboot
   * header, no layer discipline (its modules form one layer).
   */
  kind?: 'kernel' | 'program';
}

export interface LinkResult {
  /** The ELF32 executable; absent when there were errors. */
  elf?: Uint8Array;
  /** The link map text (build/<image>.map). */
  map?: string;
  diagnostics: Diagnostic[];
}
