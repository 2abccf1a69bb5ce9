// Shared by the compiler core's tests: compile C with layermake, build it and gcc's
// reference with `gcc -m32`, and run 32-bit programs (natively when the kernel can,
// else under qemu-i386 user emulation).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileModule } from '../../../src/compile/index.js';
import type { CompileRequest, CompileResult } from '../../../src/compile/api.js';
import { formatDiagnostic } from '../../../src/diagnostics.js';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(HERE, '../../..');
export const TEST_LIBC = join(REPO, 'tests/compile/libc');

function works(cmd: string, args: string[]): boolean {
  try {
    return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
  } catch {
    return false;
  }
}

export const hasGcc32 = works('gcc', ['-m32', '--version']);

/** How to run an i386 Linux program here: directly, or through qemu-i386. */
export const runner: string[] | undefined = (() => {
  if (!hasGcc32) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'lm-probe-'));
  writeFileSync(join(dir, 'p.c'), 'int main(void){return 7;}\n');
  if (spawnSync('gcc', ['-m32', '-o', join(dir, 'p'), join(dir, 'p.c')]).status !== 0) return undefined;
  if (spawnSync(join(dir, 'p')).status === 7) return [];
  if (spawnSync('qemu-i386', [join(dir, 'p')]).status === 7) return ['qemu-i386'];
  return undefined;
})();

export const skipReason = !hasGcc32 ? 'gcc -m32 (gcc-multilib) is not installed'
  : !runner ? 'cannot run i386 programs here (no IA-32 support in the kernel and no qemu-i386)' : undefined;

export function readHost(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function compile(file: string, text: string, extra: Partial<CompileRequest> = {}): CompileResult {
  return compileModule({ file, text, includeDirs: [TEST_LIBC], defines: {}, readFile: readHost, optLevel: 0, ...extra });
}

export function errorsOf(result: CompileResult): string {
  return result.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n');
}

export interface RunResult {
  status: number | null;
  output: string;
}

export function run(exe: string): RunResult {
  const r = spawnSync(runner![0] ?? exe, runner!.length ? [exe] : [], { encoding: 'latin1', timeout: 30_000 });
  return { status: r.status, output: (r.stdout ?? '') + (r.stderr ?? '') };
}

/** Links AsmX with gcc -m32; returns the executable path or throws with gcc's message. */
export function linkAsm(asm: string, dir: string, name: string): string {
  const s = join(dir, `${name}.s`);
  const exe = join(dir, name);
  writeFileSync(s, asm);
  const r = spawnSync('gcc', ['-m32', '-no-pie', '-o', exe, s], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gcc -m32 rejected layermake's output:\n${r.stderr}`);
  return exe;
}

/** gcc's own build of the same C file, the oracle. */
export function gccBuild(cFile: string, dir: string, name: string, flags: string[] = ['-O0']): string {
  const exe = join(dir, name);
  const r = spawnSync('gcc', ['-m32', '-w', '-no-pie', ...flags, '-I', TEST_LIBC, '-o', exe, cFile], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gcc -m32 failed on ${cFile}:\n${r.stderr}`);
  return exe;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'lm-cc-'));
}
