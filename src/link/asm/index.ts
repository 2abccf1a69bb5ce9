// The assembler's entry point: AT&T i386 assembly text in, an ELF32 relocatable
// object out (or diagnostics). `.S` files go through layermake's preprocessor first.

import { hasErrors, error as errorDiagnostic } from '../../diagnostics.js';
import type { AssembleRequest, AssembleResult } from '../api.js';
import { Assembler } from './assembler.js';
import { allocateLocalCommons } from './directives.js';
import { writeObject } from './elf.js';
import { layoutSections } from './layout.js';
import { splitStatements } from './source.js';

export type { AssembleRequest, AssembleResult };

export function assemble(req: AssembleRequest): AssembleResult {
  const includes: string[] = [];
  const text = req.text;
  if (req.preprocess) {
    return {
      diagnostics: [errorDiagnostic(`${req.file}: the preprocessor for .S files is not available in this build`)],
      includes,
    };
  }
  const asm = new Assembler();
  asm.run(splitStatements(req.file, text));
  allocateLocalCommons(asm);
  const images = layoutSections(asm);
  const object = writeObject(asm, images);
  const diagnostics = asm.diagnostics;
  if (hasErrors(diagnostics)) return { diagnostics, includes };
  return { object, diagnostics, includes };
}
