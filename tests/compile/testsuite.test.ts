// c-testsuite end to end: every program without floating point is compiled by
// layermake to AsmX, assembled and linked by `gcc -m32` against the host C library,
// run, and must exit 0 printing exactly its .expected (stdout and stderr together).
// Programs that use float or double are left out (layermake has no floating point
// yet) and counted; anything else left out must be in EXCEPTIONS with its reason.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { CompileModule } from './testsuite-support.js';
import {
  TEST_LIBC_DIR, compileC, hasTool, linkWithGcc, loadCompiler, mapLimited, runI386, sharedDir, yieldToEventLoop,
} from './testsuite-support.js';

/** Tests not run, by file name, with the reason. Keep this short and honest. */
const EXCEPTIONS: Record<string, string> = {};

const PARALLELISM = 2;
const RUN_TIMEOUT_MS = 10_000;

const shared = sharedDir();
const suiteDir = shared && join(shared, 'testdata/c-testsuite/tests/single-exec');

/** Whether a program uses floating point (a rough lexical check over code and comments). */
function usesFloatingPoint(source: string): boolean {
  return /\b(float|double)\b/.test(source);
}

interface Outcome {
  ok: boolean;
  detail: string;
}

describe('c-testsuite compiled by layermake, linked and run with gcc -m32', () => {
  if (!suiteDir) {
    test.skip('the shared test data (../shared/testdata/c-testsuite) is not present', () => {});
    return;
  }
  if (!hasTool('gcc')) {
    test.skip('gcc (gcc-multilib) is not installed: the oracle is unavailable', () => {});
    return;
  }
  const files = readdirSync(suiteDir).filter((f) => /^\d+\.c$/.test(f)).sort();
  const floating = files.filter((f) => usesFloatingPoint(readFileSync(join(suiteDir, f), 'utf8')));
  const selected = files.filter((f) => !floating.includes(f) && !(f in EXCEPTIONS));
  const outcomes = new Map<string, Outcome>();
  const workDir = mkdtempSync(join(tmpdir(), 'lm-ctestsuite-'));
  let compileModule: CompileModule | undefined;
  let loadProblem: string | undefined;

  beforeAll(async () => {
    const loaded = await loadCompiler();
    compileModule = loaded.compileModule;
    loadProblem = loaded.problem;
    if (!compileModule) return;
    await mapLimited(selected, PARALLELISM, async (file) => {
      outcomes.set(file, await runOne(compileModule!, suiteDir, file, workDir));
    });
    const passed = [...outcomes.values()].filter((o) => o.ok).length;
    // eslint-disable-next-line no-console
    console.log(
      `c-testsuite: ${passed}/${selected.length} passed; ${floating.length} use floating point and are not run ` +
        `(${floating.join(', ')}); ${Object.keys(EXCEPTIONS).length} exceptions`,
    );
  }, 30 * 60_000);

  afterAll(() => { if (!process.env.KEEP) rmSync(workDir, { recursive: true, force: true }); });

  test('every exception names an existing test and a reason', () => {
    for (const [name, reason] of Object.entries(EXCEPTIONS)) {
      expect(files).toContain(name);
      expect(reason.length).toBeGreaterThan(10);
    }
  });

  for (const file of selected) {
    test(file, () => {
      if (!compileModule) throw new Error(loadProblem);
      const outcome = outcomes.get(file)!;
      if (!outcome.ok) throw new Error(outcome.detail);
    });
  }
});

async function runOne(compileModule: CompileModule, dir: string, file: string, workDir: string): Promise<Outcome> {
  await yieldToEventLoop();
  const path = join(dir, file);
  const compiled = compileC(compileModule, path, readFileSync(path, 'utf8'), [TEST_LIBC_DIR]);
  if (!compiled.asm) return { ok: false, detail: compiled.failure! };
  const name = file.replace(/\.c$/, '');
  const linked = await linkWithGcc(compiled.asm, workDir, name);
  if (!linked.exe) return { ok: false, detail: linked.failure! };
  const run = await runI386(linked.exe, join(workDir, `${name}.out`), RUN_TIMEOUT_MS);
  const expected = readFileSync(`${path}.expected`, 'latin1');
  if (run.timedOut) return { ok: false, detail: `timed out after ${RUN_TIMEOUT_MS} ms` };
  if (run.status !== 0) return { ok: false, detail: `exit status ${run.status} (expected 0); output:\n${run.output.slice(0, 2000)}` };
  if (run.output !== expected) {
    return { ok: false, detail: `output differs from ${file}.expected:\n--- expected\n${expected.slice(0, 1500)}\n--- got\n${run.output.slice(0, 1500)}` };
  }
  return { ok: true, detail: '' };
}
