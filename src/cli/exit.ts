// Exit statuses and the one place the CLI writes diagnostics.
import { isAbsolute, relative } from 'node:path';
import { formatDiagnostic, type Diagnostic } from '../diagnostics.js';
import { processTerminal, type Terminal } from './terminal.js';

export const EXIT_OK = 0;
/** A build, compile, link or boot failed. */
export const EXIT_FAILURE = 1;
/** The Layerfile or the command line is wrong. */
export const EXIT_CONFIG = 2;
/** layermake itself failed: always a bug. */
export const EXIT_INTERNAL = 70;

/** Writes the diagnostics to stderr; returns what it wrote. */
export function printDiagnostics(diagnostics: readonly Diagnostic[], json = false, terminal: Terminal = processTerminal): string {
  const text = diagnosticsText(diagnostics, json);
  if (text) terminal.stderr.write(text);
  return text;
}

/** The diagnostics as printDiagnostics shows them. */
export function diagnosticsText(diagnostics: readonly Diagnostic[], json = false): string {
  let text = '';
  for (const d of diagnostics) {
    const shown = relativeToCwd(d);
    text += (json ? JSON.stringify({ event: 'diagnostic', ...shown }) : formatDiagnostic(shown)) + '\n';
  }
  return text;
}

/**
 * Stages work with absolute paths (workers and cache keys must not depend on the
 * current directory); people read them relative to where they stand, as gcc shows them.
 */
function relativeToCwd(d: Diagnostic): Diagnostic {
  const file = d.location?.file;
  const notes = d.notes?.map(relativeToCwd);
  if (!file || !isAbsolute(file)) return notes ? { ...d, notes } : d;
  const near = relative(process.cwd(), file);
  const shown = near.startsWith('..') ? file : near;
  return { ...d, location: { ...d.location!, file: shown }, ...(notes ? { notes } : {}) };
}
