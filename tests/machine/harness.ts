// Builds the test kernels (GNU as and gcc -m32, linked by GNU ld) and runs them in
// QEMU, the oracle, and in layermake's emulator. Built kernels are cached in the
// system's temporary directory under a hash of their sources and the commands.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { boot } from '../../src/machine/index.js';
import type { BootOptions, BootResult } from '../../src/machine/api.js';

const run = promisify(execFile);
export const KERNELS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'kernels');
const LIB_DIR = join(KERNELS_DIR, 'lib');
const CFLAGS = ['-m32', '-ffreestanding', '-nostdlib', '-fno-pic', '-fno-stack-protector', '-fno-asynchronous-unwind-tables', '-O1', '-Wall', '-I', LIB_DIR];
const LIB_SOURCES = ['boot.S', 'lib.c', 'x86.c', 'catch.c', 'vectors.S', 'ring3.S'].map((f) => join(LIB_DIR, f));

export const QEMU_ARGS = ['-serial', 'stdio', '-display', 'none', '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04', '-no-reboot', '-m', '128'];

/** The kernels of the suite: every tests/machine/kernels/<name>.c. */
export function kernelNames(): string[] {
  return readdirSync(KERNELS_DIR)
    .filter((f) => f.endsWith('.c'))
    .map((f) => f.slice(0, -2))
    .sort();
}

/**
 * Builds kernel `name` (its .c and optional .S, plus lib/) and returns the ELF's path.
 * `name` may name a subfolder's kernel, e.g. "machine/hang".
 */
export async function buildKernel(name: string): Promise<string> {
  const sources = [...LIB_SOURCES, join(KERNELS_DIR, `${name}.c`)];
  const asm = join(KERNELS_DIR, `${name}.S`);
  if (existsSync(asm)) sources.push(asm);
  const hash = createHash('sha256');
  hash.update(JSON.stringify(CFLAGS));
  for (const file of [...sources, join(LIB_DIR, 'lib.h'), join(LIB_DIR, 'x86.h'), join(LIB_DIR, 'catch.h'), join(LIB_DIR, 'ops.h'), join(LIB_DIR, 'link.ld')]) {
    hash.update(file).update(readFileSync(file));
  }
  const base = name.replace(/\//g, '-');
  const dir = join(tmpdir(), 'layermake-test-kernels', `${base}-${hash.digest('hex').slice(0, 16)}`);
  const elf = join(dir, `${base}.elf`);
  if (existsSync(elf)) return elf;
  mkdirSync(dir, { recursive: true });
  // Test files run in parallel processes: each builds in its own place, and the
  // finished image is renamed into the cache atomically.
  const scratch = mkdtempSync(join(dir, 'build-'));
  const objects = await Promise.all(
    sources.map(async (source, i) => {
      const object = join(scratch, `${i}.o`);
      await run('gcc', [...CFLAGS, '-c', source, '-o', object]);
      return object;
    }),
  );
  const partial = join(scratch, 'kernel.elf');
  await run('ld', ['-m', 'elf_i386', '-z', 'noexecstack', '--no-warn-rwx-segments', '-T', join(LIB_DIR, 'link.ld'), '-o', partial, ...objects]);
  renameSync(partial, elf);
  rmSync(scratch, { recursive: true, force: true });
  return elf;
}

export interface Outcome {
  serial: Buffer;
  /** The exit status (from the exit device), or undefined if it ended another way. */
  status: number | undefined;
  /** How it ended otherwise. */
  how: string;
}

/**
 * Runs `elf` under qemu-system-i386 with the suite's standard options. The console
 * goes to a file, not a pipe: QEMU's UART drops a byte when its output would block.
 */
export function runQemu(elf: string, timeoutMs = 30_000, extra: string[] = []): Promise<Outcome> {
  const outDir = mkdtempSync(join(tmpdir(), 'layermake-qemu-'));
  const outPath = join(outDir, 'serial');
  const out = openSync(outPath, 'w');
  return new Promise((resolve) => {
    const child = spawn('qemu-system-i386', ['-kernel', elf, ...QEMU_ARGS, ...extra], { stdio: ['ignore', out, 'ignore'] });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      closeSync(out);
      const serial = readFileSync(outPath);
      rmSync(outDir, { recursive: true, force: true });
      resolve({ serial, status: timedOut ? undefined : (code ?? undefined), how: timedOut ? 'timeout' : `exit ${code}` });
    });
  });
}

/** Runs `elf` in layermake's emulator with the same machine as QEMU_ARGS describes. */
export async function runLayermake(elf: string, options: BootOptions = {}): Promise<Outcome & { result: BootResult }> {
  const result = await boot(readFileSync(elf), { memoryBytes: 128 << 20, timeoutMs: 60_000, imageName: elf, ...options });
  const serial = Buffer.from(result.serial, 'latin1');
  const status = result.reason.kind === 'exit-device' ? result.reason.status : undefined;
  return { serial, status, how: describeStop(result), result };
}

function describeStop(result: BootResult): string {
  const reason = result.reason;
  switch (reason.kind) {
    case 'exit-device':
      return `exit ${reason.status}`;
    case 'triple-fault':
    case 'shutdown':
    case 'emulator-limit':
      return `${reason.kind}: ${reason.message}`;
    default:
      return reason.kind;
  }
}
