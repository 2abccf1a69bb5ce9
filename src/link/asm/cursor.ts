// A read position inside one statement, and the error a statement throws to
// unwind to the driver, which turns it into a diagnostic and goes on with the
// next statement (so one run reports several errors).

import type { Diagnostic } from '../../diagnostics.js';

export class StatementError extends Error {
  /** Follow-up notes (e.g. where a symbol was first defined). */
  notes: Diagnostic[] = [];

  constructor(
    message: string,
    /** 0-based index into the statement text. */
    readonly at: number,
    readonly span = 1,
  ) {
    super(message);
  }
}

export function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 46;
}

export function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === 36;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export class Cursor {
  constructor(
    readonly s: string,
    public i = 0,
    readonly end = s.length,
  ) {}

  skipSpace(): void {
    while (this.i < this.end) {
      const c = this.s.charCodeAt(this.i);
      if (c !== 32 && c !== 9 && c !== 12 && c !== 11) break;
      this.i++;
    }
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.i >= this.end;
  }

  peek(): string {
    this.skipSpace();
    return this.i < this.end ? this.s[this.i] : '';
  }

  eat(ch: string): boolean {
    if (this.peek() === ch) {
      this.i++;
      return true;
    }
    return false;
  }

  expect(ch: string, what = `'${ch}'`): void {
    if (!this.eat(ch)) this.fail(`expected ${what}`);
  }

  /** An identifier at the cursor, or '' if there is none. */
  ident(): string {
    this.skipSpace();
    const from = this.i;
    if (from >= this.end || !isIdentStart(this.s.charCodeAt(from))) return '';
    let i = from + 1;
    while (i < this.end && isIdentPart(this.s.charCodeAt(i))) i++;
    this.i = i;
    return this.s.slice(from, i);
  }

  rest(): string {
    return this.s.slice(this.i, this.end).trim();
  }

  fail(message: string, at = this.i, span = 1): never {
    throw new StatementError(message, at, span);
  }

  expectEnd(): void {
    if (!this.atEnd()) this.fail(`junk '${this.rest()}' at end of statement`, this.i, this.rest().length);
  }
}
