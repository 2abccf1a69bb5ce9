// layerfile.schema.json, compiled once. The schema file sits at the package root
// (editors fetch it by its $id or path); it is found from here whether this code
// runs from src/ (tests) or from the bundle in dist/.
import { Ajv, type ValidateFunction } from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCHEMA_FILE = 'layerfile.schema.json';

let compiled: { validate: ValidateFunction; schema: JsonSchema } | undefined;

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

export function layerfileSchema(): { validate: ValidateFunction; schema: JsonSchema } {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(schemaPath(), 'utf8')) as JsonSchema;
    // allErrors: report every problem of the file at once; verbose: errors carry
    // their schema, so an unknown key can list the keys that are allowed.
    const ajv = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true, strict: true });
    compiled = { validate: ajv.compile(schema), schema };
  }
  return compiled;
}
