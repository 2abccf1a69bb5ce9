// layerfile.schema.json sits at the package root (editors fetch it by its $id or
// path); it is found from here whether this code runs from src/ (tests) or from
// the bundle in dist/. Loading a Layerfile does not read it: it uses the validator
// compiled from it ahead of time (layerfileValidator.js).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCHEMA_FILE = 'layerfile.schema.json';

/** The parts of a JSON Schema that validation messages read. */
export interface JsonSchema {
  description?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
  $ref?: string;
  [keyword: string]: unknown;
}

export function schemaPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, SCHEMA_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`${SCHEMA_FILE} not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
