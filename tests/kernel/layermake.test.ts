// The mCertiKOS kernel as the project's main job: built by layermake alone (its
// compiler, assembler and linker; no gcc, no binutils), booted in layermake's own
// emulator, and checked against QEMU booting the very same image.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { boot } from '../../src/machine/index.js';
import type { BootResult } from '../../src/machine/api.js';
import { bootInQemu } from './qemu.mjs';
import { kernelDir, repoRoot } from './layerfile.mjs';
import { compareTranscript, expectedTranscript, testedLayers, transcriptLines } from './transcript.js';

const cli = join(repoRoot, 'bin', 'layermake.js');
const haveQemu = spawnSync('sh', ['-c', 'command -v qemu-system-i386'], { stdio: 'ignore' }).status === 0;

let work: string;
let project: string;
let kernelBoot: BootResult;

function layermake(dir: string, ...args: string[]) {
  return spawnSync(process.execPath, [cli, '-C', dir, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LAYERMAKE_CACHE_DIR: join(work, 'cache') },
  });
}

/** A copy of the kernel to build in, so the tests never write into the repository. */
function copyKernel(name: string): string {
  const dir = join(work, name);
  cpSync(kernelDir, dir, { recursive: true, filter: (src) => !/\/(build|\.layermake)$/.test(src) });
  return dir;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'mcertikos-layermake-'));
  project = copyKernel('kernel');
  const built = layermake(project, 'build');
  expect(built.stderr).toBe('');
  expect(built.status).toBe(0);
  kernelBoot = await boot(readFileSync(join(project, 'build', 'mcertikos.elf')), { timeoutMs: 300_000 });
}, 900_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('mCertiKOS built by layermake', () => {
  test('nothing in the build runs gcc or binutils', () => {
    // A PATH on which no gcc, as or ld can be found: the same image comes out.
    const bare = copyKernel('bare');
    const result = spawnSync(process.execPath, [cli, '-C', bare, 'build', 'mcertikos'], {
      encoding: 'utf8',
      env: { PATH: '/nonexistent', LAYERMAKE_CACHE_DIR: join(work, 'bare-cache'), LAYERMAKE_SERVER: 'off' },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readFileSync(join(bare, 'build', 'mcertikos.elf'))).toEqual(readFileSync(join(project, 'build', 'mcertikos.elf')));
  }, 600_000);

  test("boots in layermake's emulator with the whole transcript, ending through the exit device", () => {
    const lines = transcriptLines(kernelBoot.serial);
    const expected = expectedTranscript(testedLayers());
    expect(compareTranscript(lines, expected)).toEqual(expected.map(() => 'ok'));
    expect(kernelBoot.reason).toEqual({ kind: 'exit-device', status: 1 }); // wrote 0: (0 << 1) | 1, as QEMU's isa-debug-exit
  });

  (haveQemu ? test : test.skip)('QEMU booting the same image prints byte-for-byte the same console', async () => {
    const qemu = await bootInQemu(join(project, 'build', 'mcertikos.elf'), { timeoutMs: 120_000 });
    expect(qemu.timedOut).toBe(false);
    expect(qemu.output.replace(/\r/g, '')).toBe(kernelBoot.serial.replace(/\r/g, ''));
  }, 180_000);

  test("each layer's test image, built by layermake, passes in the emulator", async () => {
    const layers = testedLayers();
    const verdicts: Record<string, string> = {};
    const queue = [...layers];
    const bootOne = (layer: string) =>
      new Promise<string>((done) => {
        const child = spawn(
          process.execPath,
          [cli, 'boot', join(project, 'build', `test-${layer}.elf`), '--expect', `${layer}: (PASS|FAIL)`, '--timeout', '120'],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        child.on('exit', (code) => done(new RegExp(`${layer}: PASS`).test(out) && code === 0 ? 'PASS' : `exit ${code}: ${out.slice(-300)}`));
      });
    const worker = async () => {
      for (let layer = queue.shift(); layer; layer = queue.shift()) verdicts[layer] = await bootOne(layer);
    };
    await Promise.all([worker(), worker()]);
    expect(verdicts).toEqual(Object.fromEntries(layers.map((l) => [l, 'PASS'])));
  }, 900_000);

  test('a module calling a primitive two layers down is rejected with where it lives and what would fix it', () => {
    const planted = copyKernel('planted');
    const file = join(planted, 'mm', 'MALT', 'MALT.c');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text + '\nvoid machine_init(unsigned int mbi);\nvoid malt_boot_again(void) { machine_init(0); }\n');
    const line = text.split('\n').length + 2;
    const result = layermake(planted, 'build', 'mcertikos');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `mm/MALT/MALT.c:${line}:30: error: call to 'machine_init' is not allowed here: 'machine_init' is a primitive of layer 'MBoot', not of layer 'MALT' or its underlay 'MALOp'; to call it, 'MALOp' would have to pass it through`,
    );
  }, 300_000);
});

// Keeps the linker's own objects honest too: readelf accepts the image.
test('GNU readelf reads the layermake image without complaint', () => {
  const out = execFileSync('readelf', ['-h', '-l', '-S', join(project, 'build', 'mcertikos.elf')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  expect(out).toMatch(/Entry point address:\s+0x1/);
  expect(out).toMatch(/LOAD/);
});
