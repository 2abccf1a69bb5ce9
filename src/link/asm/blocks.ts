// Statement-level text blocks, expanded before statements are assembled:
// `.macro`/`.endm`, `.rept`/`.irp`/`.irpc`/`.endr`, and the `.if` family.
// Expansion substitutes `\param` (and `\@`, the expansion count) into copies of
// the body's statements, which keep their original file and line.

import { StatementError } from './cursor.js';
import type { Statement } from './source.js';

export interface MacroParam {
  name: string;
  default?: string;
  required: boolean;
  vararg: boolean;
}

export interface Macro {
  name: string;
  params: MacroParam[];
  body: Statement[];
}

const HEAD = /^\s*([.A-Za-z_$][\w.$]*)/;

/** The statement's first word (a directive, mnemonic or macro name), lowercased for directives. */
export function headWord(text: string): { word: string; end: number } | undefined {
  const m = HEAD.exec(text);
  if (!m) return undefined;
  const end = m[0].length;
  // A label (`name:`) or an assignment (`name = …`) is not a head word.
  let i = end;
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
  const next = text[i];
  if (next === ':' || (next === '=' && text[i + 1] !== '=')) return undefined;
  return { word: m[1][0] === '.' ? m[1].toLowerCase() : m[1], end };
}

const LEADING_LABELS = /^(\s*(?:[A-Za-z_.$][\w.$]*|\d+)\s*:(?!:))+/;

/** Length of the labels (`a: 1:`) that start a statement, 0 when there are none. */
export function leadingLabels(text: string): number {
  const m = LEADING_LABELS.exec(text);
  return m ? m[0].length : 0;
}

export const BLOCK_OPENERS = new Set(['.rept', '.irp', '.irpc', '.macro']);
export const CONDITIONALS = new Set([
  '.if', '.ifdef', '.ifndef', '.ifnotdef', '.ifeq', '.ifne', '.ifgt', '.ifge', '.iflt', '.ifle', '.ifc', '.ifnc', '.ifb', '.ifnb',
  '.else', '.elseif', '.endif',
]);

/** Index of the `.endr`/`.endm` closing the block opened at `open`, or -1. */
export function findBlockEnd(statements: Statement[], open: number): number {
  let depth = 0;
  for (let i = open; i < statements.length; i++) {
    const text = statements[i].text;
    const head = headWord(text.indexOf(':') > 0 ? text.slice(leadingLabels(text)) : text);
    if (!head) continue;
    if (BLOCK_OPENERS.has(head.word)) depth++;
    else if (head.word === '.endr' || head.word === '.endm') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Splits macro or .irp arguments at top-level commas (or blanks when there are no commas). */
export function splitArguments(text: string): string[] {
  const args: string[] = [];
  let current = '';
  let depth = 0;
  let sawComma = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      current += text.slice(i, j + 1);
      i = j;
      continue;
    }
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      args.push(current.trim());
      current = '';
      sawComma = true;
      continue;
    }
    current += c;
  }
  if (current.trim() !== '' || sawComma) args.push(current.trim());
  if (!sawComma && args.length === 1 && /\s/.test(args[0]) && !args[0].startsWith('"')) return args[0].split(/\s+/);
  return args;
}

export function parseMacroHeader(text: string, at: number): Macro {
  const m = /^\s*([A-Za-z_.$][\w.$]*)\s*,?\s*(.*)$/.exec(text);
  if (!m) throw new StatementError('expected a macro name', at);
  const params: MacroParam[] = [];
  for (const raw of splitArguments(m[2])) {
    if (!raw) continue;
    const p = /^([A-Za-z_][\w]*)(?::(req|vararg))?(?:\s*=\s*(.*))?$/.exec(raw);
    if (!p) throw new StatementError(`bad macro parameter '${raw}'`, at);
    params.push({ name: p[1], required: p[2] === 'req', vararg: p[2] === 'vararg', default: p[3] });
  }
  return { name: m[1], params, body: [] };
}

/** Binds invocation arguments (positional or `name=value`) to the macro's parameters. */
export function bindArguments(macro: Macro, argText: string, at: number): Map<string, string> {
  const values = new Map<string, string>();
  const args = argText.trim() === '' ? [] : splitArguments(argText);
  let position = 0;
  for (let i = 0; i < args.length; i++) {
    const keyword = /^([A-Za-z_]\w*)\s*=(.*)$/.exec(args[i]);
    if (keyword && macro.params.some((p) => p.name === keyword[1])) {
      values.set(keyword[1], keyword[2].trim());
      continue;
    }
    const param = macro.params[position++];
    if (!param) throw new StatementError(`too many arguments to macro '${macro.name}'`, at);
    values.set(param.name, param.vararg ? args.slice(i).join(', ') : args[i]);
    if (param.vararg) break;
  }
  for (const p of macro.params) {
    if (values.has(p.name) && values.get(p.name) !== '') continue;
    if (p.required) throw new StatementError(`missing value for required parameter '${p.name}' of macro '${macro.name}'`, at);
    values.set(p.name, p.default ?? '');
  }
  return values;
}

/** Copies of `body` with `\name` replaced from `values` and `\@` by `counter`. */
export function substitute(body: Statement[], values: Map<string, string>, counter: number): Statement[] {
  return body.map((s) => {
    if (s.text.indexOf('\\') < 0) return s;
    const text = s.text.replace(/\\(\(\)|@|[A-Za-z_]\w*)/g, (whole, name: string) => {
      if (name === '()') return '';
      if (name === '@') return String(counter);
      const v = values.get(name);
      return v === undefined ? whole : v;
    });
    return { ...s, text };
  });
}
