// The mCertiKOS kernel built by the oracle toolchain (gcc -m32, GNU as/ld)
// from kernels/mcertikos/Layerfile: its layer discipline checked on the
// objects, the kernel booted in QEMU with its transcript asserted, and every
// layer's test image booted on its own.
import { describe, expect, test, beforeAll, afterAll } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { buildKernel, bootTestImage, compileModule, testVerdict, type KernelBuild } from './build-with-gcc.mjs';
import { checkLayers } from './check-layers.mjs';
import { bootInQemu, type QemuBoot } from './qemu.mjs';
import { loadKernelLayerfile, stack, kernelDir } from './layerfile.mjs';
import { expectedTranscript, compareTranscript, transcriptLines } from './transcript.js';

function have(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const oracles = ['gcc', 'ld', 'nm', 'qemu-system-i386'].filter((t) => !have(t));
if (oracles.length > 0) console.warn(`skipping the kernel tests: ${oracles.join(', ')} not installed`);
const suite = oracles.length === 0 ? describe : describe.skip;

const lf = loadKernelLayerfile();
const image = lf.images.get(lf.defaultImage)!;
const testedLayers = stack(lf, image.top).filter((n) => lf.layers.get(n)!.test);

function expectTranscript(lines: string[]): void {
  const expected = expectedTranscript(testedLayers);
  expect(compareTranscript(lines, expected)).toEqual(expected.map(() => 'ok'));
}

/** Asserts that each pattern matches a line, each after the previous one's line. */
function expectInOrder(lines: string[], patterns: RegExp[]): void {
  let from = 0;
  for (const p of patterns) {
    const i = lines.findIndex((l, k) => k >= from && p.test(l));
    expect({ pattern: String(p), found: i >= 0 }).toEqual({ pattern: String(p), found: true });
    from = i + 1;
  }
}

suite('mCertiKOS built with gcc -m32 and booted in QEMU', () => {
  let outDir: string;
  let built: KernelBuild;
  let boot: QemuBoot;
  let lines: string[];

  beforeAll(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcertikos-gcc-'));
    built = await buildKernel({ outDir, tests: 'all' });
    boot = await bootInQemu(built.image, { timeoutMs: 60000 });
    lines = transcriptLines(boot.output);
  }, 600000);

  afterAll(() => {
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
  });

  test('has more than thirty layers, one of them a horizontal composition', () => {
    const layers = [...lf.layers.values()];
    expect(layers.filter((l) => !l.compose).length).toBeGreaterThan(30);
    expect(layers.filter((l) => l.compose).map((l) => l.compose)).toEqual([['MConsole', 'MIntr']]);
    expect(lf.layers.get('MPTIntro')!.inline).toEqual(['set_IDPTE']);
  });

  test('every module uses only its own layer and its immediate underlay', async () => {
    const result = await checkLayers({ built });
    expect(result.errors).toEqual([]);
    expect(result.passthroughs).toBeGreaterThan(300);
  }, 120000);

  test('prints exactly the expected transcript', () => {
    expectTranscript(lines);
  });

  test('boots, passes every layer self-test in order, and exits with status 0', () => {
    expect(boot.timedOut).toBe(false);
    expect(lines.filter((l) => /FAIL/.test(l))).toEqual([]);
    expectInOrder(lines, testedLayers.map((n) => new RegExp(`^${n}: PASS$`)));
    expect(lines[lines.length - 1]).toBe('mCertiKOS: all tests passed');
    expect(boot.exitCode).toBe(0);
  });

  test('user programs print, yield, spawn and talk over IPC from ring 3', () => {
    expectInOrder(lines, [/^hello: hello from user space, pid \d+$/, /^hello: running in ring 3$/,
      /^hello: yield 1$/, /^hello: yield 2$/, /^hello: yield 3$/,
      /^hello: grew the stack by 3 pages \(checksum 6\)$/, /^hello: done$/]);
    expectInOrder(lines, [/^ping: spawned pong$/, ...[1, 2, 3, 4, 5].map((i) => new RegExp(`^pong: got ${i} and ${i * i}$`)),
      /^ping: 5 round trips, every reply correct$/]);
  });

  test('a faulting process is killed and the kernel carries on', () => {
    expectInOrder(lines, [/^faulter: writing to kernel memory$/, /^kernel: killed process \d+: page fault at 0x100000$/,
      /^mCertiKOS: all tests passed$/]);
    expect(lines).not.toContain('faulter: still alive, the kernel did not stop me');
  });

  test('the timer preempts a process that never yields', () => {
    expectInOrder(lines, [/^spinner: spinning without yielding$/,
      /^kernel: the timer preempted the spinning process; killing it$/, /^mCertiKOS: all tests passed$/]);
  });

  test('each layer\'s test image boots on its own and passes', async () => {
    const verdicts: Record<string, string> = {};
    const queue = [...testedLayers];
    const worker = async () => {
      for (let name = queue.shift(); name; name = queue.shift()) {
        const r = await bootTestImage(name, built.testImages.get(name)!, { timeoutMs: 30000 });
        const verdict = testVerdict(name).exec(r.output)?.[1] ?? `no verdict (${r.timedOut ? 'timeout' : 'ended'})`;
        // Images whose layer passes the exit device up must end through it, with status 0.
        verdicts[name] = r.stopped || (verdict === 'PASS' && r.exitCode === 0) ? verdict : `${verdict}, exit ${r.exitCode}`;
      }
    };
    await Promise.all([worker(), worker()]);
    expect(verdicts).toEqual(Object.fromEntries(testedLayers.map((n) => [n, 'PASS'])));
  }, 600000);

  test('a call two layers down or upward is reported with what would fix it', async () => {
    // Plant violations in copies of two modules and check them with the other objects.
    const plantDir = path.join(outDir, 'planted');
    const plant = async (layer: string, file: string, extra: string) => {
      const l = lf.layers.get(layer)!;
      const src = path.join(plantDir, `${layer}.c`);
      fs.mkdirSync(plantDir, { recursive: true });
      fs.writeFileSync(src, fs.readFileSync(path.join(l.dir, file), 'utf8') + extra);
      return compileModule(src, path.join(plantDir, `${layer}.o`), [...l.include, l.dir], l.cflags);
    };
    const malt = await plant('MALT', 'MALT.c', '\nvoid machine_init(unsigned int mbi);\nvoid malt_boot_again(void) { machine_init(0); }\n');
    const malinit = await plant('MALInit', 'MALInit.c', '\nunsigned int container_alloc(unsigned int id);\nunsigned int malinit_up(void) { return container_alloc(0); }\n');
    const objects = new Map(built.objects);
    objects.set('MALT', [malt, ...built.objects.get('MALT')!.slice(1)]);
    objects.set('MALInit', [malinit, ...built.objects.get('MALInit')!.slice(1)]);
    const result = await checkLayers({ built: { ...built, objects } });
    expect(result.errors).toEqual([
      'kernels/mcertikos/mm/MALInit/MALInit.c: layer MALInit uses container_alloc, which MDev does not provide: it lives in MContainer, above MALInit: a call upward is never allowed',
      'kernels/mcertikos/mm/MALT/MALT.c: layer MALT uses machine_init, which MALOp does not provide: it is defined by MBoot; MALOp would have to pass it through',
    ]);
  }, 120000);
});

test('the kernel sources are where the Layerfile says', () => {
  for (const l of lf.layers.values())
    for (const f of [...(l.modules ?? []), l.exportFile, l.importFile, l.test].filter((x): x is string => !!x))
      expect(fs.existsSync(f) ? f : `missing: ${path.relative(kernelDir, f)}`).toBe(f);
});

// The kernel's C must not depend on gcc: TinyCC, an independent compiler,
// builds the same modules and the kernel must behave the same.
const tccSuite = oracles.length === 0 && have('i386-tcc') ? describe : describe.skip;
tccSuite('mCertiKOS compiled by i386-tcc and booted in QEMU', () => {
  test('passes every layer self-test and runs the user programs', async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcertikos-tcc-'));
    try {
      const built = await buildKernel({ outDir, cc: 'i386-tcc' });
      const r = await bootInQemu(built.image, { timeoutMs: 60000 });
      const lines = transcriptLines(r.output);
      expectTranscript(lines);
      expect(r.exitCode).toBe(0);
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  }, 300000);
});
