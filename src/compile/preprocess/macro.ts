// Macro definitions and the substitution of one invocation (C99 6.10.3): parameters
// replaced by their fully expanded arguments, except next to `#` (stringized raw) and
// `##` (pasted raw); placemarkers stand for empty arguments around `##`; the result
// carries the invocation's hide set plus the macro's own name.

import type { SourceLocation } from '../../diagnostics.js';
import type { PPToken } from './lexer.js';
import { placedToken, tokenizeOne } from './lexer.js';
import type { HideSet } from './hideset.js';
import { hideSetUnion } from './hideset.js';

export interface Macro {
  name: string;
  /** Parameter names; undefined for an object-like macro. `__VA_ARGS__` (or GNU `name...`) last when variadic. */
  params?: string[];
  variadic: boolean;
  body: PPToken[];
  /** For each body token, the index of the parameter it names, or -1. */
  paramIndex: Int32Array;
  /** Where it was defined (for "redefined" notes). */
  loc: SourceLocation;
  /** Built-in macros compute their expansion (__FILE__, __LINE__, __COUNTER__). */
  builtin?: (use: PPToken) => PPToken;
}

export function isSameDefinition(a: Macro, b: Macro): boolean {
  if (a.variadic !== b.variadic || (a.params === undefined) !== (b.params === undefined)) return false;
  if (a.params && a.params.join(',') !== b.params!.join(',')) return false;
  if (a.body.length !== b.body.length) return false;
  for (let i = 0; i < a.body.length; i++) {
    const x = a.body[i]!;
    const y = b.body[i]!;
    if (x.text !== y.text || (i > 0 && x.spaceBefore !== y.spaceBefore)) return false;
  }
  return true;
}

/** Reports a problem found while substituting, at a token. */
export type Reporter = (message: string, at: PPToken) => void;

/** Arguments of one invocation: raw tokens per parameter and, lazily, their expansions. */
export interface Invocation {
  macro: Macro;
  /** The macro name token where it was used: its location becomes the expansion's. */
  use: PPToken;
  args: PPToken[][];
  hideset: HideSet;
}

const PLACEMARKER: PPToken = { kind: 'punct', text: '', loc: { file: '', line: 0, col: 0 }, spaceBefore: false, lineStart: false };

/**
 * The replacement list of an invocation, before rescanning. `expand` fully
 * macro-expands an argument in isolation (6.10.3.1).
 */
export function substitute(
  inv: Invocation,
  expand: (tokens: PPToken[]) => PPToken[],
  report: Reporter,
): PPToken[] {
  const { macro, use, args } = inv;
  const body = macro.body;
  const paramIndex = macro.paramIndex;
  const expanded: (PPToken[] | undefined)[] = [];
  const out: PPToken[] = [];
  const fromBody = (t: PPToken): PPToken => placedToken(t, use.loc, t.spaceBefore, false, t.hideset);
  // A newline inside the arguments is whitespace like any other.
  const fromArg = (t: PPToken): PPToken => placedToken(t, t.loc, t.spaceBefore || t.lineStart, false, t.hideset);
  const withSpace = (t: PPToken, spaceBefore: boolean): PPToken => placedToken(t, t.loc, spaceBefore, t.lineStart, t.hideset);

  for (let i = 0; i < body.length; i++) {
    const t = body[i]!;
    const p = paramIndex[i]!;
    if (macro.variadic && t.kind === 'ident' && t.text === '__VA_OPT__') {
      // C23 `__VA_OPT__(tokens)`: the tokens when the variable arguments are not empty.
      const close = matchingParen(body, i + 1);
      if (close > 0) {
        if (args[macro.params!.length - 1]!.length > 0) {
          const inner = { ...macro, body: body.slice(i + 2, close), paramIndex: paramIndex.slice(i + 2, close) };
          const replaced = substitute({ ...inv, macro: inner, hideset: undefined }, expand, report);
          if (replaced.length) replaced[0] = { ...replaced[0]!, spaceBefore: t.spaceBefore };
          out.push(...replaced);
        } else out.push(PLACEMARKER);
        i = close;
        continue;
      }
    }
    if (macro.params && t.kind === 'punct' && t.text === '#' && i + 1 < body.length && paramIndex[i + 1]! >= 0) {
      out.push({ ...stringize(args[paramIndex[i + 1]!]!, use), spaceBefore: t.spaceBefore });
      i++;
      continue;
    }
    if (t.kind === 'punct' && t.text === '##' && i > 0 && i + 1 < body.length) {
      i++;
      const next = body[i]!;
      const q = paramIndex[i]!;
      let right: PPToken[];
      if (q >= 0) {
        right = args[q]!.map(fromArg);
        // GNU: `, ## __VA_ARGS__` drops the comma when there are no variable arguments.
        const left = out[out.length - 1];
        if (macro.variadic && q === macro.params!.length - 1 && left && left.kind === 'punct' && left.text === ',') {
          if (right.length === 0) out.pop();
          else out.push(...right);
          continue;
        }
        if (right.length === 0) right = [PLACEMARKER];
      } else if (next.kind === 'punct' && next.text === '#' && macro.params && i + 1 < body.length && paramIndex[i + 1]! >= 0) {
        right = [stringize(args[paramIndex[i + 1]!]!, use)];
        i++;
      } else right = [fromBody(next)];
      const left = out.pop() ?? PLACEMARKER;
      out.push(...paste(left, right[0]!, use, report));
      for (let k = 1; k < right.length; k++) out.push(right[k]!);
      continue;
    }
    if (p >= 0) {
      const nextIsPaste = i + 1 < body.length && body[i + 1]!.kind === 'punct' && body[i + 1]!.text === '##';
      if (nextIsPaste) {
        const raw = args[p]!;
        if (raw.length === 0) out.push(PLACEMARKER);
        else {
          const start = out.length;
          for (const a of raw) out.push(fromArg(a));
          out[start] = withSpace(out[start]!, t.spaceBefore);
        }
        continue;
      }
      let e = expanded[p];
      if (!e) e = expanded[p] = expand(args[p]!);
      const start = out.length;
      for (const a of e) out.push(fromArg(a));
      if (out.length > start) out[start] = withSpace(out[start]!, t.spaceBefore);
      continue;
    }
    out.push(fromBody(t));
  }

  const result: PPToken[] = [];
  for (const t of out) {
    if (t === PLACEMARKER || (t.text === '' && t.kind === 'punct')) continue;
    t.hideset = hideSetUnion(t.hideset, inv.hideset);
    result.push(t);
  }
  if (result.length > 0) {
    const first = result[0]!;
    result[0] = placedToken(first, first.loc, use.spaceBefore, use.lineStart, first.hideset);
  }
  return result;
}

/** Index of the `)` matching the `(` at `open`, or -1. */
function matchingParen(body: PPToken[], open: number): number {
  if (body[open]?.text !== '(') return -1;
  let depth = 0;
  for (let i = open; i < body.length; i++) {
    const text = body[i]!.text;
    if (text === '(') depth++;
    else if (text === ')' && --depth === 0) return i;
  }
  return -1;
}

/** `#x`: the argument's spelling as a string literal, with inner spacing reduced to one space. */
export function stringize(arg: PPToken[], use: PPToken): PPToken {
  let text = '"';
  for (let i = 0; i < arg.length; i++) {
    const t = arg[i]!;
    if (i > 0 && (t.spaceBefore || t.lineStart)) text += ' ';
    text += t.kind === 'string' || t.kind === 'char' ? t.text.replace(/[\\"]/g, (c) => '\\' + c) : t.text;
  }
  text += '"';
  return { kind: 'string', text, loc: use.loc, spaceBefore: false, lineStart: false };
}

function paste(left: PPToken, right: PPToken, use: PPToken, report: Reporter): PPToken[] {
  if (left === PLACEMARKER) return [right];
  if (right === PLACEMARKER) return [left];
  const text = left.text + right.text;
  const token = tokenizeOne(text, use.loc.file);
  if (!token) {
    report(`pasting "${left.text}" and "${right.text}" does not give a valid preprocessing token`, use);
    // Keep both tokens, as gcc does, so the parser sees what was written.
    return [left, { ...right, spaceBefore: false }];
  }
  return [{ ...token, loc: left.loc, spaceBefore: left.spaceBefore, lineStart: false, hideset: hideSetUnion(left.hideset, right.hideset) }];
}
