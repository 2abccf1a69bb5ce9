// Layer discipline at compile time: a module may call only its own functions, its
// layer's primitives and its immediate underlay's; and its declarations of those
// primitives must agree with the prototypes the layer graph knows.

import { error, type Diagnostic } from '../diagnostics.js';
import type { ModuleInterface, PrimitiveSignature } from '../graph/moduleInterface.js';
import type { Token } from './token.js';
import type { Parser, ParseResult } from './parse.js';
import { tokenize } from './preprocess/index.js';
import { isCompatible, typeName } from './type.js';
import { reachableFunctions } from './codegen.js';

export function checkLayerDiscipline(
  parser: Parser, parsed: ParseResult, iface: ModuleInterface, sources: Record<string, string>,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const defined = new Set(parsed.globals.filter((g) => g.isFunction && g.isDefinition).map((g) => g.name));
  const allowed = new Map<string, PrimitiveSignature>();
  for (const p of [...iface.underlayPrimitives, ...iface.own]) allowed.set(p.name, p);
  const unreachable = new Map(iface.unreachable.map((u) => [u.name, u]));

  const reported = new Set<string>();
  const checkRefs = (refs: Map<string, Token>) => {
    for (const [name, tok] of refs) {
      const obj = parser.lookupGlobal(name);
      if (!obj?.isFunction || defined.has(name) || allowed.has(name) || name.startsWith('__builtin_')) continue;
      // A name that is no primitive anywhere may be a private function of another
      // module of this layer: the linker, which sees the whole layer, decides.
      const elsewhere = unreachable.get(name);
      if (!elsewhere || reported.has(name)) continue;
      reported.add(name);
      const what = parser.addressTaken.has(tok) ? `use of '${name}'` : `call to '${name}'`;
      const d = error(`${what} is not allowed here: ${whyUnreachable(name, iface, elsewhere)}`, tok.loc, sources[tok.loc.file]);
      d.span = tok.text.length;
      diagnostics.push(d);
    }
  };
  checkRefs(parsed.fileRefs);
  // Only code that is emitted counts: an unused static inline helper from a header does not.
  for (const g of reachableFunctions(parsed.globals, parsed.fileRefs)) if (g.refs) checkRefs(g.refs);

  // Declarations of interface primitives must agree with the interface's prototypes.
  const globals = parsed.globals;
  for (let k = 0; k < globals.length; k++) {
    const g = globals[k];
    if (!g.isFunction) continue;
    const sig = allowed.get(g.name);
    if (!sig?.prototype || !g.tok) continue;
    const proto = parser.parseDeclaration(prototypeTokens(sig.declaredAt?.file ?? '<interface>', sig.prototype));
    if (!proto || proto.name !== g.name) continue;
    if (isCompatible(g.ty, proto.ty)) continue;
    const d = error(
      `declaration of '${g.name}' as '${typeName(g.ty, g.name)}' disagrees with layer '${sig.definedBy}', which declares it '${sig.prototype}'`,
      g.tok.loc, sources[g.tok.loc.file],
    );
    d.notes = [noteAt(`'${g.name}' is declared by layer '${sig.definedBy}' here`, sig, sources)];
    diagnostics.push(d);
  }
  return diagnostics;
}

/**
 * The tokens of a prototype, kept for the process: every module over a layer checks
 * the same prototypes, and the parser only reads tokens. Bounded, for a long-lived server.
 */
const prototypeTokenCache = new Map<string, Token[]>();
const PROTOTYPE_CACHE_LIMIT = 8192;

function prototypeTokens(file: string, prototype: string): Token[] {
  const key = `${file}\n${prototype}`;
  let tokens = prototypeTokenCache.get(key);
  if (!tokens) {
    if (prototypeTokenCache.size >= PROTOTYPE_CACHE_LIMIT) prototypeTokenCache.clear();
    tokens = tokenize(file, prototype);
    prototypeTokenCache.set(key, tokens);
  }
  return tokens;
}

function whyUnreachable(name: string, iface: ModuleInterface, u: ModuleInterface['unreachable'][number]): string {
  const here = `layer '${iface.layer}'`;
  if (u.above) {
    return `'${name}' is a primitive of layer '${u.definedBy}', above ${here}: a call into a higher layer (a callback) is never allowed`;
  }
  const through = u.mustPassThrough.length
    ? `; to call it, ${u.mustPassThrough.map((l) => `'${l}'`).join(', ')} would have to pass it through`
    : '';
  return `'${name}' is a primitive of layer '${u.definedBy}', not of ${here}${iface.underlay ? ` or its underlay '${iface.underlay}'` : ''}${through}`;
}

function noteAt(message: string, sig: PrimitiveSignature, sources: Record<string, string>): Diagnostic {
  const at = sig.declaredAt;
  if (!at) return { severity: 'note', message: `${message} (no location recorded)` };
  const note = error(message, at, sources[at.file]);
  note.severity = 'note';
  return note;
}

