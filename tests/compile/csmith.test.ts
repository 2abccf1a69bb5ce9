// Csmith differential testing: random C programs without floating point (structs,
// unions, pointers, arrays, long long, bit-fields and volatiles on) are compiled by
// layermake and by `gcc -m32 -O1`, both linked by gcc -m32, run, and must print the
// same checksum. A mismatch, a crash or a rejected program fails with its seed.
//
// Seeds are CSMITH_SEED (default below) + 0 … CSMITH_COUNT-1, so a CI run is
// reproducible and a failure is replayed with `csmith --seed N` plus CSMITH_OPTIONS.
// A program that gcc cannot build, or whose gcc-built binary does not finish in time,
// is no test: its slot takes a substitute (seed + 1,000,000, + 2,000,000, …), so that
// CSMITH_COUNT programs are really compared.
//
// csmith.h always defines float and double safe-math helpers, which programs made with
// --no-float never call; layermake has no floating point yet, so it compiles against
// a copy of the Csmith headers whose safe_math.h stops before those helpers.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { CompileModule } from './testsuite-support.js';
import {
  TEST_LIBC_DIR, compileC, hasTool, linkWithGcc, loadCompiler, mapLimited, runCommand, runI386, yieldToEventLoop,
} from './testsuite-support.js';

const CSMITH_INCLUDE = '/usr/include/csmith';
const BASE_SEED = Number(process.env.CSMITH_SEED ?? 1_129_2026);
const COUNT = Number(process.env.CSMITH_COUNT ?? 200);
const PARALLELISM = 2;
/** Small, quick programs: few functions, shallow blocks, modest expressions. */
const CSMITH_OPTIONS = [
  '--no-float', '--no-packed-struct', '--max-funcs', '4', '--max-block-depth', '3', '--max-block-size', '4',
  '--max-expr-complexity', '6', '--max-array-dim', '2', '--max-array-len-per-dim', '6', '--max-struct-fields', '6',
];
const REFERENCE_TIMEOUT_MS = 10_000;
const OURS_TIMEOUT_MS = 20_000;

type Verdict = { kind: 'pass' } | { kind: 'skip'; reason: string } | { kind: 'fail'; detail: string };
/** A slot's verdict and the seed that decided it (the slot's own, or a substitute's). */
type SlotVerdict = Verdict & { seed: number };
const SUBSTITUTES = 3;

const available = hasTool('csmith', ['--version']) && hasTool('gcc') && existsSync(join(CSMITH_INCLUDE, 'csmith.h'));

describe(`Csmith: ${COUNT} programs from seed ${BASE_SEED}, layermake vs gcc -m32 -O1`, () => {
  if (!available) {
    test.skip('csmith, libcsmith-dev or gcc-multilib is not installed: the oracle is unavailable', () => {});
    return;
  }
  const seeds = Array.from({ length: COUNT }, (_, i) => BASE_SEED + i);
  const verdicts = new Map<number, SlotVerdict>();
  const workDir = mkdtempSync(join(tmpdir(), 'lm-csmith-'));
  const headersDir = join(workDir, 'csmith-include');
  let compileModule: CompileModule | undefined;
  let loadProblem: string | undefined;

  beforeAll(async () => {
    writeFloatFreeCsmithHeaders(headersDir);
    const loaded = await loadCompiler();
    compileModule = loaded.compileModule;
    loadProblem = loaded.problem;
    if (!compileModule) return;
    await mapLimited(seeds, PARALLELISM, async (seed) => {
      verdicts.set(seed, await checkSlot(compileModule!, seed, workDir, headersDir));
    });
    const count = (kind: Verdict['kind']) => [...verdicts.values()].filter((v) => v.kind === kind).length;
    const failed = [...verdicts.values()].filter((v) => v.kind === 'fail').map((v) => v.seed);
    const substituted = seeds.filter((s) => verdicts.get(s)!.seed !== s).length;
    // eslint-disable-next-line no-console
    console.log(
      `csmith: ${count('pass')} identical, ${count('fail')} failed, ${count('skip')} without a usable program, ` +
        `of ${COUNT} compared from seed ${BASE_SEED} (${substituted} by a substitute seed, gcc's binary of the first being too slow)` +
        (failed.length ? `; failing seeds: ${failed.join(' ')}` : ''),
    );
  }, 60 * 60_000);

  afterAll(() => {
    if (!process.env.KEEP) rmSync(workDir, { recursive: true, force: true });
  });

  test('every slot found a usable program (gcc builds it and its binary finishes in time)', () => {
    if (!compileModule) throw new Error(loadProblem);
    const unusable = seeds.filter((s) => verdicts.get(s)!.kind === 'skip');
    expect(unusable).toEqual([]);
  });

  for (const seed of seeds) {
    test(`seed ${seed}`, () => {
      if (!compileModule) throw new Error(loadProblem);
      const verdict = verdicts.get(seed)!;
      if (verdict.kind === 'fail') throw new Error(`csmith seed ${verdict.seed} (${CSMITH_OPTIONS.join(' ')}): ${verdict.detail}`);
    });
  }
});

/** The slot's program, or its substitutes' while gcc cannot make a usable reference of it. */
async function checkSlot(compileModule: CompileModule, slot: number, workDir: string, headersDir: string): Promise<SlotVerdict> {
  let verdict: SlotVerdict = { kind: 'skip', reason: 'not tried', seed: slot };
  for (let attempt = 0; attempt <= SUBSTITUTES && verdict.kind === 'skip'; attempt++) {
    const seed = slot + attempt * 1_000_000;
    verdict = { ...(await checkSeed(compileModule, seed, workDir, headersDir)), seed };
  }
  return verdict;
}

async function checkSeed(compileModule: CompileModule, seed: number, workDir: string, headersDir: string): Promise<Verdict> {
  const name = `s${seed}`;
  const source = join(workDir, `${name}.c`);
  const generated = spawnSync('csmith', ['--seed', String(seed), ...CSMITH_OPTIONS, '-o', source], {
    stdio: 'ignore',
    cwd: workDir, // csmith writes platform.info into its working directory
  });
  if (generated.status !== 0) return { kind: 'fail', detail: 'csmith failed to generate the program' };

  const refExe = join(workDir, `${name}-gcc`);
  const built = await runCommand('gcc', ['-m32', '-O1', '-w', '-I', CSMITH_INCLUDE, '-o', refExe, source], join(workDir, `${name}-gcc.txt`), 120_000);
  if (built.status !== 0) return { kind: 'skip', reason: `gcc could not build it: ${built.output.slice(0, 300)}` };
  const reference = await runI386(refExe, join(workDir, `${name}-gcc.out`), REFERENCE_TIMEOUT_MS);
  if (reference.timedOut) return { kind: 'skip', reason: 'the gcc-built program did not finish in time' };

  await yieldToEventLoop();
  const compiled = compileC(compileModule, source, readFileSync(source, 'utf8'), [headersDir, TEST_LIBC_DIR]);
  if (!compiled.asm) return { kind: 'fail', detail: compiled.failure! };
  const linked = await linkWithGcc(compiled.asm, workDir, name);
  if (!linked.exe) return { kind: 'fail', detail: linked.failure! };
  const ours = await runI386(linked.exe, join(workDir, `${name}.out`), OURS_TIMEOUT_MS);
  if (ours.timedOut) return { kind: 'fail', detail: `layermake's binary did not finish in ${OURS_TIMEOUT_MS} ms (gcc's did)` };
  if (ours.status !== reference.status || ours.output !== reference.output) {
    return {
      kind: 'fail',
      detail: `different behaviour:\n--- gcc -O1 (status ${reference.status})\n${reference.output.slice(-600)}\n` +
        `--- layermake (status ${ours.status})\n${ours.output.slice(-600)}`,
    };
  }
  rmSync(linked.exe, { force: true });
  rmSync(refExe, { force: true });
  return { kind: 'pass' };
}

/** A copy of the Csmith runtime headers without the floating-point safe-math helpers. */
function writeFloatFreeCsmithHeaders(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const entry of readdirSync(CSMITH_INCLUDE, { withFileTypes: true })) {
    if (entry.isFile()) copyFileSync(join(CSMITH_INCLUDE, entry.name), join(dir, entry.name));
  }
  const safeMath = readFileSync(join(CSMITH_INCLUDE, 'safe_math.h'), 'utf8');
  const floatStart = safeMath.search(/#ifdef __STDC__\s+STATIC float/);
  if (floatStart < 0) throw new Error(`${CSMITH_INCLUDE}/safe_math.h has an unexpected layout: cannot find its float helpers`);
  // What is cut is the rest of the header; its include guard's #endif is put back.
  writeFileSync(join(dir, 'safe_math.h'), safeMath.slice(0, floatStart) + '\n#endif /* SAFE_MATH_H, float helpers removed */\n');
}
