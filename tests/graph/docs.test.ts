// docs/layerfile.md and the schema stay true: the documented example passes the
// schema, and the schema describes every property for editors.
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseYaml } from '../../src/graph/yamlSource.js';
import { validateLayerfile } from '../../src/graph/validate.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('docs/layerfile.md', () => {
  test('its example Layerfile is valid against the schema', () => {
    const doc = readFileSync(join(repo, 'docs', 'layerfile.md'), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(doc)![1];
    const { source, value, diagnostics } = parseYaml('docs/layerfile.md', example);
    expect(diagnostics).toEqual([]);
    expect(validateLayerfile(source, value)).toEqual([]);
  });

  test('the schema describes every property it declares', () => {
    const schema = JSON.parse(readFileSync(join(repo, 'layerfile.schema.json'), 'utf8'));
    expect(schema.$id).toMatch(/layerfile\.schema\.json$/);
    const missing: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      for (const [key, property] of Object.entries((n.properties as Record<string, Record<string, unknown>>) ?? {})) {
        const described = typeof property.description === 'string' || (typeof property.$ref === 'string' && typeof resolve(property.$ref).description === 'string');
        if (!described) missing.push(`${path}.${key}`);
        walk(property, `${path}.${key}`);
      }
      for (const [key, child] of Object.entries(n)) if (key !== 'properties' && typeof child === 'object') walk(child, `${path}/${key}`);
    };
    const resolve = (ref: string) => ref.split('/').slice(1).reduce((o: Record<string, unknown>, k) => o[k] as Record<string, unknown>, schema);
    walk(schema, '#');
    expect(missing).toEqual([]);
  });
});
