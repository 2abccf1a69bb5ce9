// Linker diagnostics. Objects have no source lines, so a diagnostic about a module
// names its source path as the file with line 0 ("the whole file").

import { error, type Diagnostic } from '../../diagnostics.js';
import type { ObjectFile } from './objectFile.js';

export function fileError(file: string, message: string): Diagnostic {
  return error(message, { file, line: 0, col: 0 });
}

export function objectError(object: ObjectFile, message: string): Diagnostic {
  return fileError(object.path, message);
}

export function note(file: string | undefined, message: string): Diagnostic {
  const d: Diagnostic = { severity: 'note', message };
  if (file !== undefined) d.location = { file, line: 0, col: 0 };
  return d;
}
