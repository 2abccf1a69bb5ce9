// The one small interface through which jobs reach a compiler and an assembler.
// A layer names its toolchain (default "layermake"); another toolchain (say, a
// gcc-based one for one layer, as CertiKOS did) plugs in by registering here.

import type { CompileRequest, CompileResult } from '../compile/api.js';
import type { AssembleRequest, AssembleResult } from '../link/api.js';

export interface Toolchain {
  /** The name a Layerfile uses to pick it. */
  readonly name: string;
  /** Goes into every cache key: a new compiler version never reuses old outputs. */
  readonly version: string;
  compile(request: CompileRequest): CompileResult;
  assemble(request: AssembleRequest): AssembleResult;
}
