// Exit statuses and the one place the CLI writes diagnostics.
import { formatDiagnostic, type Diagnostic } from '../diagnostics.js';

export const EXIT_OK = 0;
/** A build, compile, link or boot failed. */
export const EXIT_FAILURE = 1;
/** The Layerfile or the command line is wrong. */
export const EXIT_CONFIG = 2;
/** layermake itself failed: always a bug. */
export const EXIT_INTERNAL = 70;

export function printDiagnostics(diagnostics: readonly Diagnostic[], json = false): void {
  for (const d of diagnostics) {
    process.stderr.write((json ? JSON.stringify({ event: 'diagnostic', ...d }) : formatDiagnostic(d)) + '\n');
  }
}

/** A command whose stage does not exist yet says so plainly instead of pretending. */
export function notYetAvailable(command: string, stage: string): never {
  process.stderr.write(`layermake ${command}: not available yet: ${stage} is not built yet\n`);
  process.exit(EXIT_FAILURE);
}
