// An in-memory project for loader tests: files by absolute path under /p, with
// directories implied by the files in them.
import { dirname } from 'node:path';
import { loadLayerfile, type LayerfileFs, type LoadResult } from '../../src/graph/load.js';
import { formatDiagnostic, type Diagnostic } from '../../src/diagnostics.js';

export const ROOT = '/p';

export function memoryFs(files: Record<string, string>): LayerfileFs {
  const dirs = new Set<string>();
  for (const path of Object.keys(files)) for (let d = dirname(path); d !== dirname(d); d = dirname(d)) dirs.add(d);
  dirs.add('/');
  return {
    readFile: (path) => files[path],
    isFile: (path) => path in files,
    isDirectory: (path) => dirs.has(path),
  };
}

/** Loads /p/Layerfile with `text`, plus other files relative to /p; diagnostics name files relative to /p. */
export function loadText(text: string, others: Record<string, string> = {}): LoadResult {
  const files: Record<string, string> = { [`${ROOT}/Layerfile`]: text };
  for (const [path, content] of Object.entries(others)) files[`${ROOT}/${path}`] = content;
  return loadLayerfile(`${ROOT}/Layerfile`, { fs: memoryFs(files), displayPath: (p) => (p.startsWith(ROOT + '/') ? p.slice(ROOT.length + 1) : p) });
}

/** "Layerfile:3:5: message" for each error (warnings left out), in order. */
export function errors(result: LoadResult): string[] {
  return result.diagnostics.filter((d) => d.severity === 'error').map(short);
}

export function short(d: Diagnostic): string {
  const at = d.location ? `${d.location.file}:${d.location.line}:${d.location.col}: ` : '';
  return `${at}${d.message}`;
}

export function formatted(result: LoadResult): string {
  return result.diagnostics.map(formatDiagnostic).join('\n');
}

/** Source files every test tower refers to. */
export const SOURCES: Record<string, string> = {
  'boot.c': 'void fload(void) {}\n',
  'mem.c': 'void palloc(void) {}\n',
  'top.c': 'void top(void) {}\n',
  'a.c': '', 'b.c': '', 'c.c': '', 'd.c': '',
};

/** A small valid tower: Boot → Mem → Top, one image. */
export const VALID = `version: 1
layers:
  Boot:
    modules: [boot.c]
    provides:
      fresh: [fload, fstore]
  Mem:
    underlay: Boot
    modules: [mem.c]
    provides:
      fresh: [palloc]
      passthrough: [fload]
  Top:
    underlay: Mem
    modules: [top.c]
    provides:
      fresh: [top]
images:
  k:
    top: Top
    entry: start
`;
