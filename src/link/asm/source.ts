// Splits assembly text into statements, each with the position it came from.
// Comments (`#` to end of line, C `/* */`) are blanked to spaces so columns stay
// true, `;` separates statements, and GNU line markers (`# 12 "file.S"`, written
// by the preprocessor) move the reported position back to the original file.

export interface Statement {
  /** The statement text, comments blanked, not trimmed (columns index into lineText). */
  text: string;
  /** Column (1-based) of text[0] within the line. */
  col: number;
  file: string;
  line: number;
  /** The whole physical line, for the caret under a diagnostic. */
  lineText: string;
}

const LINE_MARKER = /^\s*#\s*(?:line\s+)?(\d+)(?:\s+"((?:[^"\\]|\\.)*)")?/;

export function splitStatements(file: string, text: string): Statement[] {
  const statements: Statement[] = [];
  let currentFile = file;
  let nextLine = 1;
  let inBlockComment = false;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let raw = text.slice(start, end);
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    const line = nextLine++;
    start = end + 1;
    if (!inBlockComment && firstNonBlank(raw) === 35 /* # */) {
      const marker = LINE_MARKER.exec(raw);
      if (marker) {
        nextLine = Number(marker[1]);
        if (marker[2] !== undefined) currentFile = marker[2].replace(/\\(.)/g, '$1');
        continue;
      }
    }
    const clean = blankComments(raw, inBlockComment);
    inBlockComment = clean.inBlockComment;
    if (clean.text.indexOf(';') < 0) {
      if (firstNonBlank(clean.text) >= 0) statements.push({ text: clean.text, col: 1, file: currentFile, line, lineText: raw });
      continue;
    }
    for (const piece of splitOnSemicolons(clean.text)) {
      if (piece.text.trim() === '') continue;
      statements.push({ text: piece.text, col: piece.col, file: currentFile, line, lineText: raw });
    }
    if (end === text.length) break;
  }
  return statements;
}

/** The first character that is not a space or tab, or -1 for a blank line. */
function firstNonBlank(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return c;
  }
  return -1;
}

const NEEDS_SCAN = /["'#/]/;

function blankComments(raw: string, inBlock: boolean): { text: string; inBlockComment: boolean } {
  if (!inBlock && !NEEDS_SCAN.test(raw)) return { text: raw, inBlockComment: false };
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const c = raw[i];
    if (inBlock) {
      if (c === '*' && raw[i + 1] === '/') {
        inBlock = false;
        out += '  ';
        i += 2;
      } else {
        out += ' ';
        i++;
      }
      continue;
    }
    if (c === '"') {
      const close = endOfString(raw, i);
      out += raw.slice(i, close);
      i = close;
    } else if (c === "'") {
      // A character constant: 'c or '\n, optionally closed by a quote.
      const len = raw[i + 1] === '\\' ? 3 : 2;
      out += raw.slice(i, i + len);
      i += len;
    } else if (c === '#') {
      out += ' '.repeat(raw.length - i);
      i = raw.length;
    } else if (c === '/' && raw[i + 1] === '*') {
      inBlock = true;
      out += '  ';
      i += 2;
    } else {
      out += c;
      i++;
    }
  }
  return { text: out, inBlockComment: inBlock };
}

/** Index just past the closing quote of the string starting at `open` (or end of line). */
export function endOfString(s: string, open: number): number {
  let i = open + 1;
  while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
  return Math.min(i + 1, s.length);
}

function splitOnSemicolons(text: string): { text: string; col: number }[] {
  if (text.indexOf(';') < 0) return [{ text, col: 1 }];
  const pieces: { text: string; col: number }[] = [];
  let from = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') i = endOfString(text, i);
    else if (c === "'") i += text[i + 1] === '\\' ? 3 : 2;
    else if (c === ';') {
      pieces.push({ text: ' '.repeat(from) + text.slice(from, i), col: 1 });
      from = ++i;
    } else i++;
  }
  pieces.push({ text: ' '.repeat(from) + text.slice(from), col: 1 });
  return pieces;
}
