// C prototypes of primitives: a light scan of export.h / import.h for function
// declarations, and a normal form to compare two prototypes by. The compiler does
// the real check later; this is enough to catch a pass-through that re-declares a
// primitive differently from the layer that defines it.
import { positionsIn } from '../diagnostics.js';

export interface ScannedPrototype {
  name: string;
  /** The declaration without its ';' or body, whitespace collapsed. */
  prototype: string;
  line: number;
  col: number;
}

/** Function declarations and definitions at file scope, by name, in order. */
export function scanPrototypes(text: string): ScannedPrototype[] {
  const code = blankOutNonCode(text);
  const positionOf = positionsIn(text);
  const found: ScannedPrototype[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '{') {
      if (depth === 0) consider(start, i);
      depth++;
    } else if (c === '}') {
      depth = Math.max(0, depth - 1);
      if (depth === 0) start = i + 1;
    } else if (c === ';' && depth === 0) {
      consider(start, i);
      start = i + 1;
    }
  }
  return found;

  // A declaration is a function prototype when it ends in a parameter list that
  // follows its name, and is not a typedef (a function-pointer type).
  function consider(from: number, to: number): void {
    const decl = code.slice(from, to);
    const match = /([A-Za-z_][A-Za-z0-9_]*)\s*\(([^()]|\([^()]*\))*\)\s*(__attribute__\s*\(\(.*\)\)\s*)?$/s.exec(decl.trimEnd());
    if (!match || /^\s*typedef\b/.test(decl) || /^\s*$/.test(decl.slice(0, match.index))) return;
    if (/\(\s*\*\s*$/.test(decl.slice(0, match.index))) return;
    const offset = from + match.index;
    const { line, col } = positionOf(offset);
    found.push({ name: match[1], prototype: collapse(decl), line, col });
  }
}

/** Comments, string literals and preprocessor lines become spaces: offsets stay valid. */
function blankOutNonCode(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(\\.|[^"\\\n])*"|'(\\.|[^'\\\n])*'|^[ \t]*#(\\\r?\n|[^\n])*/gm, (m) => m.replace(/[^\n]/g, ' '));
}

function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/\s*,\s*/g, ', ').replace(/\(\s+/g, '(').replace(/\s+\)/g, ')').replace(/\s+\(/, '(').trim();
}

/** The function name a prototype declares, if it is one. */
export function prototypeName(prototype: string): string | undefined {
  const match = /([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(blankOutNonCode(prototype));
  return match?.[1];
}

const STORAGE = new Set(['extern', 'static', 'inline', '__inline', '__inline__', '_Noreturn']);
const QUALIFIERS = new Set(['const', 'volatile', 'restrict']);
const TYPE_WORDS = new Set([
  'void', 'char', 'short', 'int', 'long', 'signed', 'unsigned', '_Bool', 'bool', 'const', 'volatile', 'restrict',
  'struct', 'union', 'enum',
]);

/**
 * A canonical form for comparing prototypes: storage classes, attributes and
 * parameter names dropped, integer type spellings unified ("unsigned" and
 * "unsigned int"), so `void f(unsigned a)` equals `extern void f(unsigned int b)`.
 */
export function canonicalPrototype(prototype: string): string {
  let canonical = canonicalCache.get(prototype);
  if (canonical === undefined) {
    canonical = computeCanonical(prototype);
    canonicalCache.set(prototype, canonical);
  }
  return canonical;
}

const canonicalCache = new Map<string, string>();

function computeCanonical(prototype: string): string {
  const code = blankOutNonCode(prototype).replace(/__attribute__\s*\(\(.*?\)\)/g, ' ');
  const open = code.indexOf('(');
  const close = code.lastIndexOf(')');
  if (open < 0 || close < open) return collapse(code);
  const head = canonicalType(code.slice(0, open), true);
  const params = splitTopLevel(code.slice(open + 1, close)).map((p) => canonicalType(p, false));
  const list = params.length === 0 || (params.length === 1 && params[0] === 'void') ? 'void' : params.join(', ');
  return `${head}(${list})`;
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(' || s[i] === '[') depth++;
    else if (s[i] === ')' || s[i] === ']') depth--;
    else if (s[i] === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  if (s.trim() !== '') parts.push(s.slice(start));
  return parts;
}

/**
 * One declaration's type in a canonical spelling. For the head (`keepName`) the
 * function name stays; for a parameter its name is dropped.
 */
function canonicalType(decl: string, keepName: boolean): string {
  const tokens = decl.match(/[A-Za-z_][A-Za-z0-9_]*|\.\.\.|[*\[\]()0-9]+/g) ?? [];
  const words: string[] = [];
  let stars = '';
  let rest = '';
  let name = '';
  let haveBase = false;
  for (const t of tokens) {
    if (STORAGE.has(t)) continue;
    const previous = words[words.length - 1];
    if (/^[*]+$/.test(t)) stars += t;
    else if (/^[\[\]()0-9*]+$/.test(t)) rest += t;
    else if (t === '...') words.push(t);
    else if (TYPE_WORDS.has(t) || !haveBase || previous === 'struct' || previous === 'union' || previous === 'enum') {
      if (stars) words.push(stars), (stars = '');
      words.push(t);
      if (!QUALIFIERS.has(t)) haveBase = true;
    } else name = t;
  }
  if (stars) words.push(stars);
  const type = integerSpelling(words).join(' ').replace(/ \*/g, '*');
  const arrays = rest.replace(/\[[0-9]*\]/g, '[]');
  return keepName ? `${type} ${name}`.trim() : arrays.startsWith('[') ? `${type}*` : type + arrays;
}

/** "unsigned" → "unsigned int", "long int" → "long", "signed" → "int" … */
function integerSpelling(words: string[]): string[] {
  const quals = words.filter((w) => w === 'const' || w === 'volatile' || w === 'restrict');
  const others = words.filter((w) => w !== 'const' && w !== 'volatile' && w !== 'restrict');
  const core = others.filter((w) => !/^\*+$/.test(w));
  const pointers = others.filter((w) => /^\*+$/.test(w));
  const isInteger = core.length > 0 && core.every((w) => ['signed', 'unsigned', 'int', 'long', 'short', 'char'].includes(w));
  if (!isInteger) return [...quals.sort(), ...others];
  const unsigned = core.includes('unsigned');
  const longs = core.filter((w) => w === 'long').length;
  const base = core.includes('char') ? 'char' : core.includes('short') ? 'short' : longs === 2 ? 'long long' : longs === 1 ? 'long' : 'int';
  const sign = unsigned ? 'unsigned ' : core.includes('signed') && base === 'char' ? 'signed ' : '';
  return [...quals.sort(), sign + base, ...pointers];
}
