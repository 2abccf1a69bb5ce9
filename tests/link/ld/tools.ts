// Shared by the linker tests: real objects from GNU as and gcc -m32 (the oracles
// that produce the input), a QEMU runner, and small request builders.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LinkLayer, LinkModule } from '../../../src/link/api.js';
import { formatDiagnostic, type Diagnostic } from '../../../src/diagnostics.js';

export const FIXTURES = fileURLToPath(new URL('./fixtures/kernel/', import.meta.url));
export const CFLAGS = ['-m32', '-c', '-ffreestanding', '-fno-pic', '-fno-stack-protector', '-O1'];
/**
 * Flags under which GNU ld does nothing special (no .eh_frame editing, no string
 * merging), so layouts can match byte for byte; aligned functions put padding
 * between code sections, which both linkers must fill alike.
 */
export const PLAIN_CFLAGS = [...CFLAGS, '-fno-asynchronous-unwind-tables', '-fno-merge-constants', '-falign-functions=16'];

export function scratchDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'layermake-ld-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const assembled = new Map<string, Uint8Array>();

/** Assembles GNU as source text with `as --32` (or another `as` mode). */
export function gnuAs(source: string, mode = '--32'): Uint8Array {
  const key = mode + source;
  const known = assembled.get(key);
  if (known) return known;
  const { dir, remove } = scratchDir();
  try {
    const out = join(dir, 'out.o');
    execFileSync('as', [mode, '-o', out], { input: source, stdio: ['pipe', 'ignore', 'pipe'] });
    const object = new Uint8Array(readFileSync(out));
    assembled.set(key, object);
    return object;
  } finally {
    remove();
  }
}

/** Compiles or assembles a fixture file into `outDir`, returning the object's bytes. */
export function buildFixture(file: string, outDir: string, cflags: string[] = CFLAGS): Uint8Array {
  const out = join(outDir, file.replace(/\.[cS]$/, '.o'));
  if (file.endsWith('.c')) execFileSync('gcc', [...cflags, join(FIXTURES, file), '-o', out], { stdio: ['ignore', 'ignore', 'pipe'] });
  else execFileSync('as', ['--32', join(FIXTURES, file), '-o', out], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Uint8Array(readFileSync(out));
}

export function module(source: string, object: Uint8Array): LinkModule {
  return { source, object };
}

export function layer(name: string, underlay: string | undefined, modules: LinkModule[], fresh: string[] = [], passThrough: string[] = [], parts?: string[]): LinkLayer {
  const result: LinkLayer = { name, modules, fresh, passThrough };
  if (underlay !== undefined) result.underlay = underlay;
  if (parts) result.parts = parts;
  return result;
}

export function formatted(diagnostics: Diagnostic[]): string {
  return diagnostics.map(formatDiagnostic).join('\n');
}

export interface QemuRun {
  serial: string;
  status: number | null;
  timedOut: boolean;
}

/** Boots a multiboot image in QEMU; isa-debug-exit turns the guest's `out 0xf4, v` into exit status (v << 1) | 1. */
export function bootInQemu(elf: Uint8Array, timeoutSeconds = 30): QemuRun {
  const { dir, remove } = scratchDir();
  try {
    const image = join(dir, 'image.elf');
    writeFileSync(image, elf);
    const run = spawnSync('qemu-system-i386', [
      '-kernel', image, '-serial', 'stdio', '-display', 'none', '-monitor', 'none',
      '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04', '-no-reboot',
    ], { timeout: timeoutSeconds * 1000, encoding: 'utf8' });
    return { serial: run.stdout ?? '', status: run.status, timedOut: run.error !== undefined };
  } finally {
    remove();
  }
}

/** Runs a binutils tool on an image (named after `args`, before `after`) and returns stdout and stderr. */
export function binutils(tool: string, args: string[], elf: Uint8Array, after: string[] = []): { stdout: string; stderr: string } {
  const { dir, remove } = scratchDir();
  try {
    const file = join(dir, 'image.elf');
    writeFileSync(file, elf);
    const run = spawnSync(tool, [...args, file, ...after], { encoding: 'utf8' });
    return { stdout: run.stdout, stderr: run.stderr };
  } finally {
    remove();
  }
}
