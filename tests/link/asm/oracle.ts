// Test helpers: GNU as (`as --32`) as the oracle, a small ELF32 section reader,
// and our assembler called the same way.

import { afterAll } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDiagnostic } from '../../../src/diagnostics.js';
import { assemble } from '../../../src/link/asm/index.js';

export const work = mkdtempSync(join(tmpdir(), 'layermake-asm-'));
// Registered from here, so every test file that uses the scratch directory removes it.
afterAll(() => rmSync(work, { recursive: true, force: true }));

export function haveGnuAs(): boolean {
  return spawnSync('as', ['--version']).status === 0;
}

export function gnuAs(name: string, text: string): { object?: Uint8Array; errors: string } {
  const src = join(work, name + '.s');
  const out = join(work, name + '.gnu.o');
  writeFileSync(src, text);
  const r = spawnSync('as', ['--32', '-o', out, src], { encoding: 'utf8' });
  if (r.status !== 0) return { errors: r.stderr };
  return { object: readFileSync(out), errors: r.stderr };
}

export function ours(name: string, text: string): { object?: Uint8Array; errors: string; path: string } {
  const path = join(work, name + '.ours.o');
  const r = assemble({ file: name + '.s', text, preprocess: false, includeDirs: [], defines: {}, readFile: () => undefined });
  if (r.object) writeFileSync(path, r.object);
  return { object: r.object, errors: r.diagnostics.map(formatDiagnostic).join('\n'), path };
}

export function sectionBytes(elf: Uint8Array, name: string): Uint8Array | undefined {
  const view = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  const shoff = view.getUint32(32, true);
  const shnum = view.getUint16(48, true);
  const shstrndx = view.getUint16(50, true);
  const header = (i: number) => {
    const o = shoff + i * 40;
    return { name: view.getUint32(o, true), type: view.getUint32(o + 4, true), offset: view.getUint32(o + 16, true), size: view.getUint32(o + 20, true) };
  };
  const strs = header(shstrndx);
  for (let i = 1; i < shnum; i++) {
    const h = header(i);
    let end = strs.offset + h.name;
    while (elf[end] !== 0) end++;
    const n = Buffer.from(elf.subarray(strs.offset + h.name, end)).toString('latin1');
    if (n === name) return h.type === 8 ? new Uint8Array(h.size) : elf.subarray(h.offset, h.offset + h.size);
  }
  return undefined;
}

/** `objdump -d` lines (address: bytes instruction) of an object file written to disk. */
export function disassemble(path: string, section = '.text'): string[] {
  const out = execFileSync('objdump', ['-d', '-j', section, path], { encoding: 'utf8' });
  return out.split('\n').filter((l) => /^\s+[0-9a-f]+:\t/.test(l));
}

export function tool(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8' });
}

/**
 * Compares the .text of both objects; on a difference, names the first
 * instruction (from GNU's disassembly) where the bytes part.
 */
export function compareText(name: string, text: string): string | undefined {
  const gnu = gnuAs(name, text);
  if (!gnu.object) return `GNU as rejected the corpus: ${gnu.errors}`;
  const mine = ours(name, text);
  if (!mine.object) return `layermake rejected the corpus:\n${mine.errors}`;
  const a = sectionBytes(mine.object, '.text')!;
  const b = sectionBytes(gnu.object, '.text')!;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return undefined;
  const gnuPath = join(work, name + '.gnu.o');
  const gnuLines = disassemble(gnuPath);
  const ourLines = disassemble(mine.path);
  const at = (lines: string[]) => {
    let best = lines[0];
    for (const l of lines) if (parseInt(l.trim(), 16) <= i) best = l;
    return best;
  };
  return `first difference at .text+0x${i.toString(16)} (sizes ${a.length} vs ${b.length})\n  GNU as:    ${at(gnuLines)}\n  layermake: ${at(ourLines)}`;
}

let runsNatively: boolean | undefined;

/** Runs an i386 executable in the scratch directory; where the kernel cannot (no IA-32 emulation), under qemu-i386. */
export function runI386(exe: string, timeout = 20000) {
  if (runsNatively === undefined) {
    const probe = join(work, 'probe-i386');
    spawnSync('gcc', ['-m32', '-x', 'c', '-o', probe, '-'], { input: 'int main(void) { return 42; }\n' });
    runsNatively = spawnSync(probe, []).status === 42;
  }
  // The scratch directory, because some test programs write files (fred.txt).
  if (runsNatively) return spawnSync(exe, [], { encoding: 'utf8', timeout, cwd: work });
  return spawnSync('qemu-i386', [exe], { encoding: 'utf8', timeout, cwd: work });
}
