// Every malformed Layerfile gives exactly one error, with the exact message, line
// and column, the offending line and a caret; and the valid base has none.
import { describe, expect, test } from '@jest/globals';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { CASES } from './malformedCases.js';
import { errors, loadText, SOURCES, VALID } from './memoryFs.js';

describe('malformed Layerfiles', () => {
  test('the base of every case is valid', () => {
    const result = loadText(VALID, SOURCES);
    expect(result.diagnostics).toEqual([]);
    expect(result.project).toBeDefined();
  });

  test('there are at least 30 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  test.each(CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const result = loadText(c.text, { ...SOURCES, ...(c.files ?? {}) });
    expect(errors(result)).toEqual([c.error]);
    expect(result.project).toBeUndefined();
    // The formatted form shows the offending line with a caret under the column.
    const d = result.diagnostics.find((x) => x.severity === 'error')!;
    const lines = formatDiagnostic(d).split('\n');
    expect(lines[1]).toMatch(new RegExp(`^ ${d.location!.line} \\| `));
    expect(lines[2].indexOf('^') - lines[2].indexOf('|') - 2).toBe(d.location!.col - 1);
  });

  test('JSON is YAML: a JSON Layerfile loads, and its mistakes are located too', () => {
    const json = JSON.stringify({ layers: { Boot: { modules: ['boot.c'], provides: { fresh: ['fload'] } } }, images: { k: { top: 'Boot', entry: 'start' } } }, null, 2);
    expect(loadText(json, SOURCES).diagnostics).toEqual([]);
    expect(errors(loadText(json.replace('"modules"', '"module"'), SOURCES))).toEqual([
      "Layerfile:4:7: unknown key `module` in layer 'Boot'; did you mean `modules`? (allowed: description, underlay, dir, modules, export, import, test, test-expect, provides, cflags, include, compose)",
    ]);
  });
});
