// A Layerfile's YAML with its node positions, so that every later check (schema,
// graph, prototypes) can point at the exact line and column it is about.
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document, type Node } from 'yaml';
import { error, warning, type Diagnostic, type SourceLocation } from '../diagnostics.js';

export interface YamlSource {
  /** Path as shown in diagnostics. */
  file: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

/** A JSON-pointer-like path into the document: object keys and array indexes. */
export type NodePath = readonly (string | number)[];

export function parseYaml(file: string, text: string): { source: YamlSource; value?: unknown; diagnostics: Diagnostic[] } {
  const lines = new LineCounter();
  // Duplicate keys are found by duplicateKeys() below, which can name both places.
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
  const source: YamlSource = { file, text, doc, lines };
  const diagnostics: Diagnostic[] = [];
  for (const e of doc.errors) diagnostics.push(syntaxError(source, e.code, e.message, e.pos[0]));
  for (const w of doc.warnings) diagnostics.push(warning(yamlMessage(w.message), at(source, w.pos[0]), text));
  if (doc.errors.length > 0) return { source, diagnostics };
  diagnostics.push(...keyAndAliasProblems(source));
  if (diagnostics.some((d) => d.severity === 'error')) return { source, diagnostics };
  try {
    return { source, value: doc.toJS({ maxAliasCount: 1000 }), diagnostics };
  } catch (e) {
    // toJS refuses alias bombs and similar; say so at the top of the file.
    diagnostics.push(error(`cannot read this YAML: ${e instanceof Error ? e.message : String(e)}`, at(source, 0), text));
    return { source, diagnostics };
  }
}

/** yaml's own messages sometimes end in a position and a code excerpt: ours come separately. */
function yamlMessage(message: string): string {
  const plain = message.replace(/ at line \d+, column \d+[\s\S]*$/, '').replace(/\.$/, '');
  return plain.charAt(0).toLowerCase() + plain.slice(1);
}

/**
 * yaml notices an unclosed bracket or quote where the text stops making sense,
 * often lines later; the useful place to point at is the opening one.
 */
function syntaxError(source: YamlSource, code: string, message: string, offset: number): Diagnostic {
  const { text } = source;
  if (/^Flow (sequence|map)/.test(message)) {
    const open = unclosedBracket(text, offset);
    if (open !== undefined) {
      const close = text[open] === '[' ? ']' : '}';
      return error(`this \`${text[open]}\` is never closed: expected \`${close}\` before the next key`, at(source, open), text);
    }
  }
  if (code === 'MISSING_CHAR' && /quote/.test(message)) {
    const quote = message.includes("'") ? "'" : '"';
    const open = text.lastIndexOf(quote, offset - 1);
    if (open >= 0) return error(`this ${quote === '"' ? 'double' : 'single'} quote is never closed`, at(source, open), text);
  }
  return error(yamlMessage(message), at(source, offset), text);
}

/** The last '[' or '{' before `end` left open, skipping quoted text and comments. */
function unclosedBracket(text: string, end: number): number | undefined {
  const open: number[] = [];
  let quote = '';
  for (let i = 0; i < end && i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i < end && text[i] !== '\n') i++;
    } else if (c === '[' || c === '{') {
      open.push(i);
    } else if (c === ']' || c === '}') {
      open.pop();
    }
  }
  return open.pop();
}

export function at(source: YamlSource, offset: number): SourceLocation {
  const { line, col } = source.lines.linePos(Math.max(0, Math.min(offset, source.text.length)));
  return { file: source.file, line, col };
}

/** The location of a node (its first character), or of the document start. */
export function nodeLocation(source: YamlSource, node: Node | null | undefined): SourceLocation {
  return at(source, node?.range?.[0] ?? 0);
}

/** Duplicate keys (naming both places) and aliases to anchors that do not exist, in one walk. */
function keyAndAliasProblems(source: YamlSource): Diagnostic[] {
  const found: Diagnostic[] = [];
  visit(source.doc, {
    Map(_, map) {
      const seen = new Map<string, Node>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const name = String(pair.key.value);
        const first = seen.get(name);
        if (first) {
          const d = error(`duplicate key \`${name}\``, nodeLocation(source, pair.key), source.text);
          d.notes = [makeNote('first defined here', nodeLocation(source, first), source.text)];
          found.push(d);
        } else {
          seen.set(name, pair.key);
        }
      }
    },
    Alias(_, alias) {
      if (alias.resolve(source.doc) === undefined) {
        found.push(error(`unknown anchor \`${alias.source}\` (an anchor must be defined with &${alias.source} before it is used)`, nodeLocation(source, alias), source.text));
      }
    },
  });
  return found;
}

export function makeNote(message: string, location: SourceLocation, text: string): Diagnostic {
  const d = error(message, location, text);
  d.severity = 'note';
  return d;
}

/** Follows aliases, so positions point at the anchored node when a value is reused. */
function deref(source: YamlSource, node: unknown): unknown {
  return isAlias(node) ? node.resolve(source.doc) : node;
}

/**
 * The node at `path`, and the key node that names it when it is a map value.
 * Walks as far as the path exists: a path into a missing key stops at its parent.
 */
export function nodeAt(source: YamlSource, path: NodePath): { node?: Node; key?: Node; depth: number } {
  let node = deref(source, source.doc.contents) as Node | undefined;
  let key: Node | undefined;
  let depth = 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = findLast(node.items, (p) => isPair(p) && String(isScalar(p.key) ? p.key.value : p.key) === String(segment));
      if (!pair) break;
      key = pair.key as Node;
      node = (deref(source, pair.value) as Node | undefined) ?? undefined;
      if (!node) {
        depth++;
        break;
      }
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      key = undefined;
      node = deref(source, node.items[segment]) as Node | undefined;
    } else {
      break;
    }
    depth++;
  }
  return { node, key, depth };
}

/** Where a value at `path` is written: the value itself, else (empty value) its key. */
export function valueLocation(source: YamlSource, path: NodePath): SourceLocation {
  const { node, key, depth } = nodeAt(source, path);
  if (depth === path.length && node?.range) return nodeLocation(source, node);
  return nodeLocation(source, key ?? node);
}

/** Where the key naming the value at `path` is written (for unknown and duplicate names). */
export function keyLocation(source: YamlSource, path: NodePath): SourceLocation {
  const { node, key } = nodeAt(source, path);
  return nodeLocation(source, key ?? node);
}

/** The last match: with duplicate keys, the value that toJS() kept. */
function findLast<T>(items: readonly T[], match: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (match(items[i])) return items[i];
  return undefined;
}
