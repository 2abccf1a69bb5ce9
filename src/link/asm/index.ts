// The assembler's entry point: AT&T i386 assembly text in, an ELF32 relocatable
// object out (or diagnostics). `.S` files go through layermake's preprocessor
// first; its line markers send diagnostics back to the original lines.

import { type Diagnostic, hasErrors, lineOf } from '../../diagnostics.js';
import { preprocessToText } from '../../compile/preprocess/index.js';
import type { AssembleRequest, AssembleResult } from '../api.js';
import { Assembler } from './assembler.js';
import { allocateLocalCommons } from './directives.js';
import { emitLineTable } from './dwarf.js';
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
  emitLineTable(asm);
  const images = layoutSections(asm);
  const object = writeObject(asm, images);
  const diagnostics = asm.diagnostics;
  if (req.preprocess) showOriginalLines(diagnostics, req);
  if (hasErrors(diagnostics)) return { diagnostics, includes };
  return { object, diagnostics, includes };
}

/**
 * Diagnostics on preprocessed text carry the original file and line (from the
 * line markers) but the preprocessed line's text. Where the original line reads
 * the same apart from indentation, show it and move the caret to match.
 */
function showOriginalLines(diagnostics: Diagnostic[], req: AssembleRequest): void {
  const files = new Map<string, string | undefined>();
  for (const d of diagnostics) {
    if (!d.location || d.sourceLine === undefined) continue;
    const file = d.location.file;
    if (!files.has(file)) files.set(file, file === req.file ? req.text : req.readFile(file));
    const original = files.get(file);
    const line = original === undefined ? undefined : lineOf(original, d.location.line);
    if (line === undefined || line.trim() !== d.sourceLine.trim()) continue;
    const indent = (s: string) => s.length - s.trimStart().length;
    d.location = { ...d.location, col: d.location.col + indent(line) - indent(d.sourceLine) };
    d.sourceLine = line;
  }
}
