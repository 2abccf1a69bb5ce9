// The contract between the layer graph and the compiler: what one module may use.
// It is plain data (it crosses into worker threads and into cache keys), and it is
// exactly the module's own layer's primitives plus its immediate underlay's
// primitives (fresh and passed through), nothing from further down.

/** One primitive as seen by a caller. */
export interface PrimitiveSignature {
  name: string;
  /** The layer whose module defines it (for a pass-through primitive, the layer further down). */
  definedBy: string;
  /** The C prototype, e.g. "void set_IDPTE(unsigned int pde_index, unsigned int vadr, unsigned int perm)". */
  prototype?: string;
  /** Where that prototype was declared (export.h or the Layerfile), for "previous declaration" notes. */
  declaredAt?: { file: string; line: number; col: number };
  /** The Layerfile asks for cross-layer inlining of this primitive. */
  inline?: boolean;
}

/** A primitive the module may NOT call, with what it would take to reach it. */
export interface UnreachablePrimitive {
  name: string;
  /** The layer that defines it. */
  definedBy: string;
  /**
   * The layers, bottom to top, that would have to pass it through for this module
   * to call it (empty when it lives above the module: a callback, never allowed).
   */
  mustPassThrough: string[];
  /** True when it lives in a higher layer than the module's own. */
  above: boolean;
}

export interface ModuleInterface {
  /** The module's own layer. */
  layer: string;
  /** Its immediate underlay, or undefined for the bottom layer. */
  underlay?: string;
  /** The primitives its own layer provides (fresh ones; its modules define them). */
  own: PrimitiveSignature[];
  /** Everything its immediate underlay provides, fresh and passed through. */
  underlayPrimitives: PrimitiveSignature[];
  /** Every other primitive of the tower, for layer-discipline error messages. */
  unreachable: UnreachablePrimitive[];
}
