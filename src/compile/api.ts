// The compiler's library API: one C module in, AsmX (GNU as AT&T syntax, i386) out.
// compileModule is pure and worker-safe: it reads files only through `readFile`,
// so the scheduler knows every input (for cache keys) and tests need no disk.

import type { Diagnostic } from '../diagnostics.js';
import type { ModuleInterface } from '../graph/moduleInterface.js';

/** Returns a file's text, or undefined if it does not exist. Paths are as resolved by the preprocessor. */
export type ReadFile = (path: string) => string | undefined;

export interface PreprocessOptions {
  /** -I directories, searched in order after the including file's own directory for "…". */
  includeDirs: string[];
  /** -D NAME[=VALUE]; a value of undefined means "1". */
  defines: Record<string, string | undefined>;
  /** -U NAME. */
  undefines?: string[];
  readFile: ReadFile;
}

export interface InlineBody {
  /** The primitive's name. */
  name: string;
  /** Serialized definition the compiler can inline into a caller (format private to src/compile). */
  body: string;
  /** Global symbols the body refers to; a caller that inlines it references them too. */
  references: string[];
}

export interface CompileRequest extends PreprocessOptions {
  /** Path of the module, as shown in diagnostics. */
  file: string;
  /** Its text. */
  text: string;
  optLevel: 0 | 1;
  /** When present, the layer discipline is enforced against it. */
  iface?: ModuleInterface;
  /** Bodies of inlinable primitives of the immediate underlay, from the compile of their defining modules. */
  inlineBodies?: InlineBody[];
}

export interface CompileResult {
  /** The AsmX text; absent when there were errors. */
  asm?: string;
  diagnostics: Diagnostic[];
  /** Every file the preprocessor read (headers), in first-read order, for cache keys and watch. */
  includes: string[];
  /** Bodies of this module's inlinable primitives (those with iface.own[i].inline). */
  inlineExports: InlineBody[];
}

/**
 * Cross-layer inlining leaves a trace in the AsmX so the linker can tell a reference
 * that came from an inlined primitive (allowed) from one the module made itself:
 *
 *   .section .layermake.inlined,"",@progbits
 *   .ascii "set_IDPTE IDPTbl\n"
 *
 * One line per (primitive, referenced symbol). The section is not allocated.
 */
export const INLINED_SECTION = '.layermake.inlined';
