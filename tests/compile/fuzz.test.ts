// Fuzzing the compiler's front door with random mutations of real C (c-testsuite):
// whatever the input, compileModule and preprocess return diagnostics and never
// throw, and every diagnostic points at a real position (file, line ≥ 1, col ≥ 1).
// Mutations are reproducible: FUZZ_SEED (default below) and FUZZ_COUNT.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import type { Diagnostic } from '../../src/diagnostics.js';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { preprocess } from '../../src/compile/preprocess/index.js';
import type { CompileModule } from './testsuite-support.js';
import { TEST_LIBC_DIR, loadCompiler, readHostFile, sharedDir } from './testsuite-support.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_129);
const COUNT = Number(process.env.FUZZ_COUNT ?? 3000);

/** mulberry32: a tiny deterministic PRNG, so a failure is replayed from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SNIPPETS = [
  '{', '}', '(', ')', '[', ']', ';', ',', '*', '&', '#', '##', '"', "'", '/*', '*/', '//', '\\', '\\\n', '\n',
  'int', 'struct', 'union', 'enum', 'typedef', 'static', 'extern', 'void', 'char', 'long long', 'unsigned',
  'return', 'goto', 'switch', 'case 1:', 'default:', 'break;', 'sizeof', '->', '.', '...', '?', ':', '=', '+=',
  '0x', '1e', "'\\x", '"\\', '0', '-1', '2147483648', '18446744073709551616', 'x', 'main', 'printf',
  '#define', '#if', '#ifdef X', '#else', '#elif', '#endif', '#include', '#include "nope.h"', '#include <', '#undef',
  '#error', '#line 0', '#pragma once', 'defined(', '__VA_ARGS__', '__FILE__', '__LINE__', '_Pragma(',
  '#define F(a, ...) a ## __VA_ARGS__ #a', 'F(', 'asm volatile("" : "=r"(x));', '__attribute__((packed))',
  ':', '\t', ' ', '\u00e9', '\u0000', '\r', '@', '`', '$',
];

function mutate(text: string, rnd: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const at = () => Math.floor(rnd() * (text.length + 1));
  const steps = 1 + Math.floor(rnd() * 4);
  for (let s = 0; s < steps; s++) {
    const i = at();
    switch (Math.floor(rnd() * 7)) {
      case 0: // delete a short range
        text = text.slice(0, i) + text.slice(i + 1 + Math.floor(rnd() * 12));
        break;
      case 1: // insert a snippet
      case 2:
        text = text.slice(0, i) + pick(SNIPPETS) + text.slice(i);
        break;
      case 3: { // duplicate a range elsewhere
        const j = at();
        const piece = text.slice(Math.min(i, j), Math.min(i, j) + Math.floor(rnd() * 40));
        const k = at();
        text = text.slice(0, k) + piece + text.slice(k);
        break;
      }
      case 4: // truncate
        text = text.slice(0, i);
        break;
      case 5: { // replace one character with a random printable one
        const c = String.fromCharCode(32 + Math.floor(rnd() * 95));
        text = text.slice(0, i) + c + text.slice(i + 1);
        break;
      }
      default: { // swap two lines
        const lines = text.split('\n');
        const a = Math.floor(rnd() * lines.length);
        const b = Math.floor(rnd() * lines.length);
        [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        text = lines.join('\n');
      }
    }
  }
  return text;
}

/** Why a diagnostic is not well-formed, or undefined if it is. */
function badDiagnostic(d: Diagnostic): string | undefined {
  if (!d.message) return 'empty message';
  if (d.severity === 'note') return undefined;
  const loc = d.location;
  if (!loc) return `no location: ${d.message}`;
  if (!loc.file || !(loc.line >= 1) || !(loc.col >= 1)) return `bad position ${JSON.stringify(loc)}: ${d.message}`;
  if (d.sourceLine === undefined && !loc.file.startsWith('<')) return `no source line: ${formatDiagnostic(d)}`;
  return undefined;
}

const shared = sharedDir();
const suiteDir = shared && join(shared, 'testdata/c-testsuite/tests/single-exec');

describe(`fuzz: ${COUNT} mutations of c-testsuite programs (seed ${SEED})`, () => {
  if (!suiteDir) {
    test.skip('the shared test data (../shared/testdata/c-testsuite) is not present', () => {});
    return;
  }
  const corpus = readdirSync(suiteDir).filter((f) => /^\d+\.c$/.test(f)).sort()
    .map((f) => ({ file: join(suiteDir, f), text: readFileSync(join(suiteDir, f), 'utf8') }));

  /** The mutated inputs, generated once and shared by both fuzz targets. */
  const inputs = (() => {
    const rnd = random(SEED);
    return Array.from({ length: COUNT }, (_, n) => {
      const original = corpus[Math.floor(rnd() * corpus.length)]!;
      return { n, file: original.file, text: mutate(original.text, rnd) };
    });
  })();

  test('preprocess() never throws and every diagnostic has a position', () => {
    const problems: string[] = [];
    let rejected = 0;
    for (const { n, file, text } of inputs) {
      try {
        const result = preprocess(file, text, { includeDirs: [TEST_LIBC_DIR], defines: {}, readFile: readHostFile });
        for (const d of result.diagnostics) {
          const bad = badDiagnostic(d) ?? (d.message.startsWith('internal') ? `internal error: ${d.message}` : undefined);
          if (bad) problems.push(`mutation ${n} of ${file}: ${bad}`);
        }
        if (result.tokens[result.tokens.length - 1]?.kind !== 'eof') problems.push(`mutation ${n}: token list does not end in eof`);
        if (result.diagnostics.some((d) => d.severity === 'error')) rejected++;
      } catch (e) {
        problems.push(`mutation ${n} of ${file}: exception ${e instanceof Error ? e.stack : String(e)}`);
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
    // The mutations must reach the error paths, or this test proves nothing.
    expect(rejected).toBeGreaterThan(COUNT / 20);
  });

  let compileModule: CompileModule | undefined;
  let loadProblem: string | undefined;
  beforeAll(async () => {
    const loaded = await loadCompiler();
    compileModule = loaded.compileModule;
    loadProblem = loaded.problem;
  });

  test('compileModule() never throws, rejects only with positioned errors', () => {
    if (!compileModule) throw new Error(loadProblem);
    const problems: string[] = [];
    for (const { n, file, text } of inputs) {
      try {
        const result = compileModule({ file, text, includeDirs: [TEST_LIBC_DIR], defines: {}, readFile: readHostFile, optLevel: 1 });
        const positioned = result.diagnostics.filter((d) => d.location);
        for (const d of positioned) {
          const bad = badDiagnostic(d);
          if (bad) problems.push(`mutation ${n} of ${file}: ${bad}`);
        }
        // A run-level summary ("too many errors") may have no position, but never alone.
        if (result.diagnostics.some((d) => !d.location) && !positioned.some((d) => d.severity === 'error')) {
          problems.push(`mutation ${n} of ${file}: only unpositioned diagnostics: ${result.diagnostics.map((d) => d.message).join('; ')}`);
        }
        const hasError = result.diagnostics.some((d) => d.severity === 'error');
        if (result.asm === undefined && !hasError) problems.push(`mutation ${n} of ${file}: no asm and no error`);
        if (result.asm !== undefined && hasError) problems.push(`mutation ${n} of ${file}: asm despite errors`);
        const internal = result.diagnostics.find((d) => /internal/i.test(d.message));
        if (internal) problems.push(`mutation ${n} of ${file}: ${formatDiagnostic(internal)}`);
      } catch (e) {
        problems.push(`mutation ${n} of ${file}: exception ${e instanceof Error ? e.stack : String(e)}`);
      }
      if (problems.length >= 10) break;
    }
    expect(problems).toEqual([]);
  });
});
