// Diagnostics in the house style shared by every stage:
//
//   kernels/mm/MALOp.c:12:9: error: call to 'set_PTE' is not allowed here
//      12 |     set_PTE(a, b, c);
//         |     ^
//
// Stages never print and never throw at the user: they return Diagnostic values
// (plain data, so they cross worker threads), and the CLI formats them.

export type Severity = 'error' | 'warning' | 'note';

/**
 * A position in a source file; line and col are 1-based, col counts characters.
 * Line 0 means the file as a whole (e.g. an object file the linker rejects).
 */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

export interface Diagnostic {
  severity: Severity;
  message: string;
  /** Where it happened; absent for whole-build problems (e.g. "no Layerfile"). */
  location?: SourceLocation;
  /** The text of the offending line, shown under the message with a caret. */
  sourceLine?: string;
  /** Number of characters the caret underlines (default 1). */
  span?: number;
  /** Follow-up notes (e.g. "previous definition is here"), each with its own location. */
  notes?: Diagnostic[];
}

export function makeDiagnostic(
  severity: Severity,
  message: string,
  location?: SourceLocation,
  sourceText?: string,
): Diagnostic {
  const diagnostic: Diagnostic = { severity, message };
  if (location) {
    diagnostic.location = location;
    if (sourceText !== undefined) diagnostic.sourceLine = lineOf(sourceText, location.line);
  }
  return diagnostic;
}

export function error(message: string, location?: SourceLocation, sourceText?: string): Diagnostic {
  return makeDiagnostic('error', message, location, sourceText);
}

export function warning(message: string, location?: SourceLocation, sourceText?: string): Diagnostic {
  return makeDiagnostic('warning', message, location, sourceText);
}

/** The 1-based line `line` of `text`, without its line terminator. */
export function lineOf(text: string, line: number): string | undefined {
  let start = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return undefined;
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
}

/** Converts a character offset in `text` to a 1-based line and column. */
export function positionOf(text: string, offset: number): { line: number; col: number } {
  return positionsIn(text)(offset);
}

/**
 * positionOf for many offsets into one text: the line starts are found once, and
 * each offset is then a binary search (a header with many prototypes was quadratic).
 */
export function positionsIn(text: string): (offset: number) => { line: number; col: number } {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  return (offset) => {
    const at = Math.min(offset, text.length);
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid] <= at) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, col: offset - lineStarts[low] + 1 };
  };
}

export function formatDiagnostic(diagnostic: Diagnostic): string {
  const { location, severity, message, sourceLine } = diagnostic;
  const where = !location ? '' : location.line > 0 ? `${location.file}:${location.line}:${location.col}: ` : `${location.file}: `;
  let out = `${where}${severity}: ${message}`;
  if (location && location.line > 0 && sourceLine !== undefined) {
    const gutter = String(location.line);
    const pad = ' '.repeat(gutter.length);
    const expanded = sourceLine.replace(/\t/g, ' ');
    const caretCol = Math.max(1, Math.min(location.col, expanded.length + 1));
    const underline = '^' + '~'.repeat(Math.max(0, (diagnostic.span ?? 1) - 1));
    out += `\n ${gutter} | ${expanded}\n ${pad} | ${' '.repeat(caretCol - 1)}${underline}`;
  }
  for (const note of diagnostic.notes ?? []) out += '\n' + formatDiagnostic(note);
  return out;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/**
 * Thrown only inside a stage to unwind to its entry point, which catches it and
 * returns the diagnostics. Anything else that escapes a stage is an internal error.
 */
export class DiagnosticError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'DiagnosticError';
  }
}
