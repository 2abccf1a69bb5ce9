// Collects the diagnostics of one load. It knows the text of every file read
// (Layerfiles and headers), so any check can point at a line and show it.
import { makeDiagnostic, type Diagnostic, type Severity, type SourceLocation } from '../diagnostics.js';

export interface Note {
  message: string;
  at?: SourceLocation;
}

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  private readonly texts = new Map<string, string>();

  /** Remembers a file's text under the name diagnostics use for it. */
  addText(file: string, text: string): void {
    this.texts.set(file, text);
  }

  error(message: string, at?: SourceLocation, ...notes: Note[]): Diagnostic {
    return this.report('error', message, at, notes);
  }

  warning(message: string, at?: SourceLocation, ...notes: Note[]): Diagnostic {
    return this.report('warning', message, at, notes);
  }

  add(diagnostics: readonly Diagnostic[]): void {
    this.diagnostics.push(...diagnostics);
  }

  get errorCount(): number {
    return this.diagnostics.filter((d) => d.severity === 'error').length;
  }

  private report(severity: Severity, message: string, at: SourceLocation | undefined, notes: Note[]): Diagnostic {
    const d = this.make(severity, message, at);
    if (notes.length > 0) d.notes = notes.map((n) => this.make('note', n.message, n.at));
    this.diagnostics.push(d);
    return d;
  }

  private make(severity: Severity, message: string, at: SourceLocation | undefined): Diagnostic {
    return makeDiagnostic(severity, message, at, at ? this.texts.get(at.file) : undefined);
  }
}
