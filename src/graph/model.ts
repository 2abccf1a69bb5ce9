// The resolved project: what a Layerfile (and the Layerfiles it includes) declares,
// with every path absolute and every primitive's prototype found. Plain data, so it
// can be handed to worker threads and hashed into cache keys; the queries live in
// layerGraph.ts.
import type { SourceLocation } from '../diagnostics.js';

export type ModuleKind = 'c' | 'asm' | 'asm-cpp';

export interface Module {
  /** Absolute path. */
  path: string;
  /** .c → 'c', .S → 'asm-cpp' (preprocessed), .s → 'asm'. */
  kind: ModuleKind;
  /** Where the Layerfile names it. */
  at: SourceLocation;
}

export interface Primitive {
  name: string;
  /** C prototype without the trailing ';', whitespace collapsed; absent if none was found. */
  prototype?: string;
  /** Where the prototype was declared (export.h or the Layerfile). */
  declaredAt?: SourceLocation;
  /** Cross-layer inlining hint (fresh primitives only). */
  inline: boolean;
  /** Where the Layerfile lists it. */
  at: SourceLocation;
}

export interface Layer {
  name: string;
  description?: string;
  /** The Layerfile that declares it. */
  file: string;
  /** Where its name is written. */
  at: SourceLocation;
  /** The declared underlay (for a composition: the parts' common underlay, once checked). */
  underlay?: string;
  underlayAt?: SourceLocation;
  /** Absolute base directory of its paths. */
  dir: string;
  modules: Module[];
  /** Absolute paths. */
  exportHeader?: string;
  importHeader?: string;
  test?: string;
  testAt?: SourceLocation;
  testExpect?: string;
  fresh: Primitive[];
  passthrough: Primitive[];
  /** What import.h declares: it must be a subset of the underlay's interface. */
  imports: Primitive[];
  cflags: string[];
  /** Absolute -I directories: the file's defaults first, then the layer's own. */
  includeDirs: string[];
  /** Horizontal composition: the parts, side by side over one underlay. */
  compose?: string[];
  composeAt?: SourceLocation[];
}

export interface Program {
  name: string;
  description?: string;
  file: string;
  at: SourceLocation;
  dir: string;
  sources: Module[];
  loadAddress: number;
  entry: string;
  cflags: string[];
  includeDirs: string[];
}

export interface BootExpectation {
  /** Regular expression on the serial output. */
  expect: string;
  /** Seconds. */
  timeout: number;
}

export interface Image {
  name: string;
  description?: string;
  file: string;
  at: SourceLocation;
  top: string;
  topAt: SourceLocation;
  entry: string;
  upcalls: string[];
  loadAddress: number;
  /** Guest RAM in bytes. */
  memory: number;
  programs: string[];
  programsAt: SourceLocation[];
  boot?: BootExpectation;
}

/** The image `layermake` builds to test one layer: see docs/layerfile.md, "Test images". */
export interface TestImage extends Image {
  /** The layer under test: the top of the stack. */
  layer: string;
  /** The test module, compiled as a module of a virtual layer directly above `layer`. */
  test: Module;
  /** The image whose settings it takes. */
  basedOn: string;
}

/** One Layerfile read while loading, kept for diagnostics and for `watch`. */
export interface LayerfileSource {
  path: string;
  text: string;
}

export interface Project {
  /** Absolute project root: no path may leave it. */
  root: string;
  /** Absolute path of the root Layerfile. */
  rootFile: string;
  /** Every Layerfile read, root first. */
  files: LayerfileSource[];
  /** Every header read for prototypes (export.h, import.h), for `watch` and cache keys. */
  headers: string[];
  /** Layers in declaration order, an included Layerfile's before those of the file that includes it. */
  layers: Map<string, Layer>;
  programs: Map<string, Program>;
  images: Map<string, Image>;
  defaultImage?: string;
}

export const DEFAULT_KERNEL_LOAD_ADDRESS = 0x100000;
export const DEFAULT_PROGRAM_LOAD_ADDRESS = 0x40000000;
export const DEFAULT_MEMORY = 128 * 1024 * 1024;
export const DEFAULT_BOOT_TIMEOUT = 60;
