// compileModule: one C module to AsmX. Pure and worker-safe; never throws (an
// escaped exception becomes an "internal compiler error" diagnostic, which is a bug).

import { error, hasErrors, type Diagnostic } from '../diagnostics.js';
import type { CompileRequest, CompileResult } from './api.js';
import { preprocess } from './preprocess/index.js';
import { Parser, ParseError } from './parse.js';
import { CodeGen } from './codegen.js';
import { checkLayerDiscipline } from './layers.js';
import { exportInlineBodies, InlineImporter } from './inline.js';

export type { CompileRequest, CompileResult } from './api.js';

export function compileModule(req: CompileRequest): CompileResult {
  const result: CompileResult = { diagnostics: [], includes: [req.file], inlineExports: [] };
  try {
    compileInto(req, result);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    if (process.env.LAYERMAKE_DEBUG) console.error(e);
    result.diagnostics.push(error(`internal compiler error: ${detail} (this is a bug in layermake)`, { file: req.file, line: 1, col: 1 }));
    delete result.asm;
  }
  return result;
}

function compileInto(req: CompileRequest, result: CompileResult): void {
  const pp = preprocess(req.file, req.text, req);
  result.includes = pp.includes;
  result.diagnostics.push(...pp.diagnostics);
  if (hasErrors(pp.diagnostics)) return;
  const importer = req.inlineBodies?.length ? new InlineImporter(req.inlineBodies) : undefined;
  const parser = new Parser(pp.tokens, pp.sources, '', importer);
  let parsed;
  try {
    parsed = parser.parseTranslationUnit();
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    result.diagnostics.push(...parser.diagnostics);
    return;
  }
  result.diagnostics.push(...parsed.diagnostics);
  if (req.iface) result.diagnostics.push(...checkLayerDiscipline(parser, parsed, req.iface, pp.sources));
  if (hasErrors(result.diagnostics)) return;
  if (req.iface) {
    const exported = exportInlineBodies(parsed.globals, req.iface, pp.sources);
    result.inlineExports = exported.bodies;
    result.diagnostics.push(...exported.diagnostics);
  }
  const codegenDiagnostics: Diagnostic[] = [];
  const gen = new CodeGen({
    optimize: req.optLevel === 1,
    report: (d) => codegenDiagnostics.push(d),
    diag: (message, node) => error(message, node.tok.loc, pp.sources[node.tok.loc.file]),
  });
  const asm = gen.generate(parsed.globals, parsed.topAsm, importer?.inlinedSection() ?? [], parsed.fileRefs);
  result.diagnostics.push(...codegenDiagnostics);
  if (hasErrors(codegenDiagnostics)) return;
  result.asm = asm;
}
