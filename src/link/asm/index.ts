// The assembler's entry point: AT&T i386 assembly text in, an ELF32 relocatable
// object out (or diagnostics). `.S` files go through layermake's preprocessor
// first; its line markers send diagnostics back to the original lines.

import { hasErrors } from '../../diagnostics.js';
import { preprocessToText } from '../../compile/preprocess/index.js';
import type { AssembleRequest, AssembleResult } from '../api.js';
import { Assembler } from './assembler.js';
import { allocateLocalCommons } from './directives.js';
import { writeObject } from './elf.js';
import { layoutSections } from './layout.js';
import { splitStatements } from './source.js';

export type { AssembleRequest, AssembleResult };

export function assemble(req: AssembleRequest): AssembleResult {
  let text = req.text;
  let includes: string[] = [];
  if (req.preprocess) {
    const pre = preprocessToText(req.file, text, { includeDirs: req.includeDirs, defines: req.defines, readFile: req.readFile, assembler: true });
    includes = pre.includes;
    if (hasErrors(pre.diagnostics)) return { diagnostics: pre.diagnostics, includes };
    text = pre.text;
  }
  const asm = new Assembler();
  asm.run(splitStatements(req.file, text));
  asm.checkOpenConditionals();
  allocateLocalCommons(asm);
  const images = layoutSections(asm);
  const object = writeObject(asm, images);
  const diagnostics = asm.diagnostics;
  if (hasErrors(diagnostics)) return { diagnostics, includes };
  return { object, diagnostics, includes };
}
