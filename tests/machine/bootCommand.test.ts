// `layermake boot` end to end: the CLI bundled from src/, run on test kernels, with
// its exit statuses, console streaming, stdin and failure reports.
import { describe, test, expect, beforeAll } from '@jest/globals';
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildKernel } from './harness.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let cli = '';
let work = '';

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'layermake-boot-cli-'));
  cli = join(work, 'cli.mjs');
  await build({
    entryPoints: [join(root, 'src/cli/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: cli,
    logLevel: 'error',
    define: { LAYERMAKE_VERSION: '"test"' },
    banner: { js: "import { createRequire as layermakeRequire } from 'node:module'; const require = layermakeRequire(import.meta.url);" },
  });
});

function layermake(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [cli, ...args], { input: input ?? '', encoding: 'latin1', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('layermake boot', () => {
  test('streams the console and exits with the exit device status', async () => {
    const elf = await buildKernel('exceptions');
    const { status, stdout, stderr } = layermake(['boot', elf]);
    expect(stderr).toBe('');
    expect(stdout).toContain('#GP beyond GDT vec=0000000d err=00001000');
    expect(stdout.endsWith('exceptions done\n')).toBe(true);
    expect(status).toBe(1);
  });

  test('exits 0 as soon as the expected pattern appears', async () => {
    const elf = await buildKernel('machine/hang');
    const { status, stdout } = layermake(['boot', elf, '--expect', 'spin{1,2}ing', '--timeout', '60']);
    expect(stdout).toBe('spinning\n');
    expect(status).toBe(0);
  });

  test('a timeout fails with the reason, the last console lines and the registers', async () => {
    const elf = await buildKernel('machine/hang');
    const { status, stderr } = layermake(['boot', elf, '--timeout', '0.3']);
    expect(status).toBe(1);
    expect(stderr).toMatch(/layermake boot: timed out after 0.3 s/);
    expect(stderr).toMatch(/last console lines:\n {2}\| spinning\n/);
    expect(stderr).toMatch(/EIP=/);
  });

  test('a triple fault fails with the CPU\'s explanation', async () => {
    const elf = await buildKernel('machine/triple');
    const { status, stderr } = layermake(['boot', elf]);
    expect(status).toBe(1);
    expect(stderr).toMatch(/layermake boot: triple fault: /);
  });

  test('the instruction limit is an emulator limit', async () => {
    const elf = await buildKernel('machine/hang');
    const { status, stderr } = layermake(['boot', elf, '--max-instructions', '100000']);
    expect(status).toBe(1);
    expect(stderr).toMatch(/stopped at the instruction limit \(100000\)\nafter 100000 instructions/);
  });

  test('piped stdin reaches the guest', async () => {
    const elf = await buildKernel('machine/echo');
    const { status, stdout } = layermake(['boot', elf, '--timeout', '60'], 'piped in.');
    expect(stdout).toBe('ready\nPIPED IN\nbye\n');
    expect(status).toBe(1);
  });

  test('an expected pattern that never comes, before the kernel exits, is a failure', async () => {
    const elf = await buildKernel('machine/sleep');
    const { status, stderr } = layermake(['boot', elf, '--expect', 'never']);
    expect(status).toBe(1);
    expect(stderr).toMatch(/the kernel exited with status 1 before the console matched \/never\//);
  });

  test('--trace writes one line per instruction', async () => {
    const elf = await buildKernel('machine/hang');
    const trace = join(work, 'trace.txt');
    layermake(['boot', elf, '--trace', trace, '--max-instructions', '500']);
    const lines = readFileSync(trace, 'utf8').trim().split('\n');
    expect(lines.length).toBe(500);
    expect(lines[0]).toMatch(/^0 EAX=2badb002 /);
    expect(lines[499]).toMatch(/^499 /);
  });

  test('--json reports the run as one event', async () => {
    const elf = await buildKernel('machine/sleep');
    const { status, stdout } = layermake(['--json', 'boot', elf]);
    expect(JSON.parse(stdout)).toMatchObject({ event: 'boot', reason: { kind: 'exit-device', status: 1 }, serial: 'slept 100 ticks\n' });
    expect(status).toBe(1);
  });

  test('a console reader that goes away ends the run quietly', async () => {
    const elf = await buildKernel('arith');
    const script = `"${process.execPath}" "${cli}" boot "${elf}" | head -1; echo "status \${PIPESTATUS[0]}" >&2`;
    const result = spawnSync('bash', ['-c', script], { encoding: 'latin1', timeout: 120_000 });
    expect(result.stdout).toMatch(/^add8 [0-9a-f]{8} /);
    expect(result.stderr).toBe('status 141\n');
  });

  test('usage errors exit 2; a bad image exits 1 and says why; a name is looked up in the Layerfile', () => {
    const junk = join(work, 'junk.bin');
    writeFileSync(junk, 'not a kernel');
    expect(layermake(['boot', junk])).toMatchObject({ status: 1, stderr: expect.stringMatching(/junk.bin: no multiboot header/) });
    expect(layermake(['boot', junk, '--memory', 'lots'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/--memory: 'lots' is not a size/) });
    expect(layermake(['boot', junk, '--memory', '1M'])).toMatchObject({ status: 2 });
    expect(layermake(['boot', junk, '--expect', '('])).toMatchObject({ status: 2, stderr: expect.stringMatching(/--expect: Invalid regular expression/) });
    // Without a file, the target is an image of the Layerfile: here there is none.
    expect(layermake(['-C', work, 'boot'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/no Layerfile in/) });
    expect(layermake(['-C', work, 'boot', '--image', 'mcertikos'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/no Layerfile in/) });
    writeFileSync(join(work, 'Layerfile'), 'version: 1\nlayers:\n  Only: { modules: [] }\n');
    expect(layermake(['-C', work, 'boot', 'mcertikos'])).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/'mcertikos' is neither a file nor an image of the Layerfile/),
    });
    expect(layermake(['-C', work, 'boot', 'a', '--image', 'b'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/not both/) });
  });
});
