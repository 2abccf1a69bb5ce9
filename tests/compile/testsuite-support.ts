// What the compiler's end-to-end tests share: locating the shared test data, loading
// the compiler, compiling a C file to AsmX, assembling it with layermake and linking it with
// `gcc -m32` against the host C library, and running it with a timeout, a few at a time.

import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompileRequest, CompileResult } from '../../src/compile/api.js';
import type { Diagnostic } from '../../src/diagnostics.js';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { assemble } from '../../src/link/asm/index.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Plain C99 declarations of the host C library, for programs layermake compiles (see its README). */
export const TEST_LIBC_DIR = join(REPO_ROOT, 'tests/compile/libc');

/** The shared data folder: $LAYERMAKE_SHARED, else `<repo>/../shared`, else /work/shared. */
export function sharedDir(): string | undefined {
  const candidates = [process.env.LAYERMAKE_SHARED, join(REPO_ROOT, '../shared'), '/work/shared'];
  return candidates.find((dir): dir is string => !!dir && existsSync(dir));
}

export function hasTool(command: string, args: string[] = ['--version']): boolean {
  try {
    // In the temporary folder: csmith writes platform.info wherever it runs, even for --version.
    return spawnSync(command, args, { stdio: 'ignore', cwd: tmpdir() }).status === 0;
  } catch {
    return false;
  }
}

export type CompileModule = (req: CompileRequest) => CompileResult;

// The path is a variable so that this file typechecks before src/compile/index.ts exists:
// until then every end-to-end test fails with this message instead of being skipped.
const COMPILER_ENTRY = '../../src/compile/index.js';

export async function loadCompiler(): Promise<{ compileModule?: CompileModule; problem?: string }> {
  try {
    const module = (await import(COMPILER_ENTRY)) as { compileModule?: CompileModule };
    if (typeof module.compileModule !== 'function') return { problem: 'src/compile/index.ts does not export compileModule' };
    return { compileModule: module.compileModule };
  } catch (e) {
    return { problem: `cannot load the compiler (src/compile/index.ts): ${e instanceof Error ? e.message : String(e)}` };
  }
}

export function readHostFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export interface CompileOutcome {
  asm?: string;
  /** Why there is no asm: formatted diagnostics, or the exception that escaped. */
  failure?: string;
  diagnostics: Diagnostic[];
}

/** Compiles one C file with layermake; an exception is a failure like any other, reported as such. */
export function compileC(
  compileModule: CompileModule,
  file: string,
  text: string,
  includeDirs: string[],
  optLevel: 0 | 1 = 1,
  defines: Record<string, string | undefined> = {},
): CompileOutcome {
  try {
    const result = compileModule({ file, text, includeDirs, defines, readFile: readHostFile, optLevel });
    if (result.asm !== undefined && !result.diagnostics.some((d) => d.severity === 'error')) {
      return { asm: result.asm, diagnostics: result.diagnostics };
    }
    const shown = result.diagnostics.filter((d) => d.severity === 'error').slice(0, 5).map(formatDiagnostic).join('\n');
    return { failure: `layermake rejected it:\n${shown || '(no asm and no error diagnostic)'}`, diagnostics: result.diagnostics };
  } catch (e) {
    const detail = e instanceof Error ? e.stack ?? e.message : String(e);
    return { failure: `internal compiler error (exception escaped compileModule):\n${detail}`, diagnostics: [] };
  }
}

export interface ProcessResult {
  status: number | null;
  /** stdout and stderr interleaved, as a terminal would show them. */
  output: string;
  timedOut: boolean;
}

/** Runs a command with stdout and stderr into one file, killing it after `timeoutMs`. */
export function runCommand(command: string, args: string[], outputFile: string, timeoutMs: number): Promise<ProcessResult> {
  return new Promise((resolvePromise) => {
    const fd = openSync(outputFile, 'w');
    // In the output's folder: some test programs write files into their working directory.
    const child = spawn(command, args, { stdio: ['ignore', fd, fd], cwd: dirname(outputFile) });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const finish = (status: number | null) => {
      clearTimeout(timer);
      closeSync(fd);
      resolvePromise({ status, output: readFileSync(outputFile, 'latin1'), timedOut });
    };
    child.on('error', () => finish(null));
    child.on('close', (code) => finish(code));
  });
}

/** Assembles and links AsmX with `gcc -m32` (GNU as, host C library) into `exe`. */
/**
 * Assembles layermake's AsmX with layermake's own assembler (not GNU as: both
 * halves of the toolchain are under test) and links the object with gcc -m32
 * against the host C library.
 */
export async function linkWithGcc(asm: string, workDir: string, name: string): Promise<{ exe?: string; failure?: string }> {
  const asmFile = join(workDir, `${name}.s`);
  const objectFile = join(workDir, `${name}.o`);
  const exe = join(workDir, name);
  writeFileSync(asmFile, asm);
  const assembled = assemble({ file: asmFile, text: asm, preprocess: false, includeDirs: [], defines: {}, readFile: () => undefined });
  if (!assembled.object) return { failure: `layermake could not assemble its compiler's output:\n${assembled.diagnostics.map(formatDiagnostic).join('\n').slice(0, 2000)}` };
  writeFileSync(objectFile, assembled.object);
  const result = await runCommand('gcc', ['-m32', '-o', exe, objectFile], join(workDir, `${name}.link.txt`), 60_000);
  if (result.status !== 0) return { failure: `gcc -m32 could not link layermake's object:\n${result.output.slice(0, 2000)}` };
  return { exe };
}

let cachedRunner: string[] | undefined;

/**
 * How to run an i386 Linux executable here: directly, or through `qemu-i386` (user
 * mode) on a kernel built without 32-bit support, where exec fails with ENOEXEC.
 */
export function i386Runner(probeExe: string): string[] {
  if (cachedRunner === undefined) {
    const native = spawnSync(probeExe, [], { stdio: 'ignore' });
    cachedRunner = native.status === 0 && !native.error ? [] : hasTool('qemu-i386', ['--version']) ? ['qemu-i386'] : [];
  }
  return cachedRunner;
}

/** Runs an i386 executable (natively or under qemu-i386), stdout and stderr into one file. */
export async function runI386(exe: string, outputFile: string, timeoutMs: number): Promise<ProcessResult> {
  const runner = i386Runner(await probeExecutable(dirname(exe)));
  return runner.length ? runCommand(runner[0]!, [...runner.slice(1), exe], outputFile, timeoutMs) : runCommand(exe, [], outputFile, timeoutMs);
}

let probe: Promise<string> | undefined;

/** A trivial `gcc -m32` program (built once) that tells whether i386 binaries run natively. */
function probeExecutable(workDir: string): Promise<string> {
  probe ??= (async () => {
    const linked = await linkWithGcc('\t.globl main\nmain:\n\txorl %eax, %eax\n\tret\n\t.section .note.GNU-stack,"",@progbits\n', workDir, 'lm-i386-probe');
    return linked.exe ?? '/nonexistent';
  })();
  return probe;
}

/** Maps `items` through `fn` with at most `limit` running at once, keeping order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Lets a synchronous compile share the event loop with running children. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}
