// Random mutations of the demo tower's Layerfiles: whatever the text, loading it
// returns diagnostics (well formed, located inside the file) or a project whose
// queries all answer; it never throws. The seed of a failing mutation is printed.
import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatDiagnostic, type Diagnostic } from '../../src/diagnostics.js';
import { loadLayerfile } from '../../src/graph/load.js';
import { renderGraph } from '../../src/graph/render.js';
import { memoryFs } from './memoryFs.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const towerDir = join(repo, 'examples', 'tower');
const ITERATIONS = Number(process.env.LAYERMAKE_FUZZ_ITERATIONS ?? 2000);

function readTree(dir: string, into: Record<string, string>): Record<string, string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) readTree(path, into);
    else into['/p/' + relative(towerDir, path)] = readFileSync(path, 'utf8');
  }
  return into;
}

const tree = readTree(towerDir, {});
const baseFs = memoryFs(tree);
// Mostly the Layerfiles; sometimes a header, to shake the prototype scanner.
const TARGETS = ['/p/Layerfile', '/p/Layerfile', '/p/mm/Layerfile', '/p/mm/Layerfile', '/p/console/export.h', '/p/console/import.h', '/p/mm/MemInit/export.h'];

/** xorshift32: small, seedable, the same on every machine. */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

const TOKENS = [':', ': ', '-', '- ', ' ', '\n', '\t', '[', ']', '{', '}', '"', "'", '&a ', '*a', '!!str ', '!!int ', '#', ',', '? ', '|', '>', '0x', '../', '../../', 'null', '~', '1e999', '-1', '0', '""', '[]', '{}', '---\n', '...\n', '\\', '%', '@', '`', '\u00e9', '\u0000', 'compose: [Boot, Boot]', 'underlay: Kernel', 'passthrough: [outb]', 'include: [Layerfile]', 'include: [mm/Layerfile]', 'prototype: "int x("', 'inline: true'];

function mutate(text: string, next: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const at = Math.floor(next() * (text.length + 1));
  const lines = text.split('\n');
  const line = Math.floor(next() * lines.length);
  const words = text.match(/[A-Za-z_][A-Za-z0-9_.\-/]*/g) ?? ['x'];
  switch (Math.floor(next() * 9)) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 6));
    case 1:
      return text.slice(0, at) + pick(TOKENS) + text.slice(at);
    case 2:
      lines.splice(line, 0, lines[line]);
      return lines.join('\n');
    case 3:
      lines.splice(line, 1);
      return lines.join('\n');
    case 4: {
      const other = Math.floor(next() * lines.length);
      [lines[line], lines[other]] = [lines[other], lines[line]];
      return lines.join('\n');
    }
    case 5:
      lines[line] = next() < 0.5 ? '  ' + lines[line] : lines[line].replace(/^ {1,2}/, '');
      return lines.join('\n');
    case 6: {
      const word = pick(words);
      return text.replace(word, pick(words));
    }
    case 7: {
      const word = pick(words);
      return text.replace(word, word.slice(0, Math.max(1, word.length - 1)) + pick(['x', '_', '1', 'e', '']));
    }
    default:
      return text.slice(0, at) + pick(words) + text.slice(at);
  }
}

/** Plain checks (not expect(): this runs a hundred thousand times); throws what is wrong. */
function checkDiagnostic(d: Diagnostic, files: Record<string, string>): void {
  const wrong = (why: string) => {
    throw new Error(`malformed diagnostic (${why}): ${JSON.stringify(d)}`);
  };
  if (!['error', 'warning', 'note'].includes(d.severity)) wrong('severity');
  if (typeof d.message !== 'string' || d.message.length === 0) wrong('no message');
  if (/\[object Object\]|\bundefined\b|\bNaN\b|^\s*at /.test(d.message)) wrong('message leaks internals');
  if (d.location) {
    const text = files['/p/' + d.location.file];
    if (text === undefined) wrong('unknown file');
    if (!(d.location.line >= 1 && d.location.col >= 1)) wrong('position below 1');
    if (d.location.line > text.split('\n').length) wrong('line past the end of the file');
  }
  formatDiagnostic(d);
  for (const note of d.notes ?? []) checkDiagnostic(note, files);
}

describe('Layerfile fuzzing', () => {
  test(`${ITERATIONS} random mutations never escape as exceptions`, () => {
    const cpuBefore = process.cpuUsage();
    let loaded = 0;
    let rejected = 0;
    for (let i = 1; i <= ITERATIONS; i++) {
      const next = random(i * 2654435761);
      const files = { ...tree };
      const target = TARGETS[Math.floor(next() * TARGETS.length)];
      let text = files[target];
      const count = 1 + Math.floor(next() * 3);
      for (let m = 0; m < count; m++) text = mutate(text, next);
      files[target] = text;
      try {
        const fs = { ...baseFs, readFile: (path: string) => (path === target ? text : baseFs.readFile(path)) };
        const result = loadLayerfile('/p/Layerfile', { fs, displayPath: (p) => p.slice(3) });
        for (const d of result.diagnostics) checkDiagnostic(d, files);
        if (result.graph) {
          loaded++;
          const g = result.graph;
          for (const layer of g.layersBottomUp()) {
            g.moduleInterface(layer);
            g.affectedBy(layer);
          }
          for (const image of g.project.images.keys()) g.imageStack(image);
          for (const t of g.testImages()) g.testModuleInterface(t.layer);
          renderGraph(g, (['text', 'dot', 'mermaid', 'json'] as const)[i % 4]);
        } else {
          rejected++;
          expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
        }
      } catch (e) {
        throw new Error(`mutation seed ${i} (of ${target}) failed: ${(e as Error).stack}\n--- text ---\n${text}`);
      }
    }
    // The mutations must exercise both outcomes, or the test proves little.
    expect(loaded).toBeGreaterThan(ITERATIONS / 20);
    expect(rejected).toBeGreaterThan(ITERATIONS / 5);
    const cpu = process.cpuUsage(cpuBefore);
    console.log(`fuzz: ${ITERATIONS} mutations, ${loaded} still valid, ${rejected} rejected with diagnostics; ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s of CPU`);
  });
});
