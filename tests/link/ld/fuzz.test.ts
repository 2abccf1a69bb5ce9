// Corrupted and truncated objects (mutations of real gcc and GNU as output) must
// come back as diagnostics naming the module: never an exception, never an
// "internal linker error". FUZZ_SEED and FUZZ_RUNS run other or more mutations.

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { LinkRequest } from '../../../src/link/api.js';
import { link } from '../../../src/link/ld/index.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildFixture, CFLAGS, gnuAs, layer, module, scratchDir } from './tools.js';

/** xorshift32: the same mutations on every run, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
}

function mutate(original: Uint8Array, next: () => number): Uint8Array {
  const pick = (n: number) => Math.floor(next() * n);
  const bytes = original.slice();
  switch (pick(4)) {
    case 0:
      return bytes.subarray(0, pick(bytes.length));
    case 1: // a few random bytes anywhere
      for (let i = 0, n = 1 + pick(8); i < n; i++) bytes[pick(bytes.length)] = pick(256);
      return bytes;
    case 2: { // a random word in the ELF header or the section header table, where offsets and counts live
      const view = new DataView(bytes.buffer);
      const shoff = view.getUint32(32, true);
      const at = next() < 0.3 ? pick(48) : Math.min(bytes.length - 4, shoff + pick(bytes.length - shoff));
      view.setUint32(at, next() < 0.5 ? pick(0x100000000) : pick(64), true);
      return bytes;
    }
    default: { // a random relocation or symbol entry's fields
      const view = new DataView(bytes.buffer);
      const at = 52 + pick(Math.max(1, bytes.length - 60));
      view.setUint32(at & ~3, pick(0x10000), true);
      return bytes;
    }
  }
}

let scratch: ReturnType<typeof scratchDir>;
let originals: Array<[string, Uint8Array]>;
beforeAll(() => {
  scratch = scratchDir();
  originals = ['kernel.c', 'print.c', 'relocs.S', 'entry.S'].map((file) => [file, buildFixture(file, scratch.dir)]);
  const debugDir = join(scratch.dir, 'g');
  mkdirSync(debugDir);
  originals.push(['fact.c (-g)', buildFixture('fact.c', debugDir, [...CFLAGS, '-g'])]);
});
afterAll(() => scratch.remove());

describe('fuzzed objects', () => {
  test('3000 mutations: diagnostics naming the module, no exceptions', () => {
    const next = random(Number(process.env.FUZZ_SEED ?? 0x1a7e5));
    let rejected = 0;
    for (let i = 0, n = Number(process.env.FUZZ_RUNS ?? 3000); i < n; i++) {
      const [file, original] = originals[i % originals.length]!;
      const source = `mut/${i}-${file}`;
      const req: LinkRequest = {
        image: 'fuzz', entry: 'start', upcalls: ['kernel_main'],
        layers: [layer('L', undefined, [module(source, mutate(original, next))])],
      };
      const result = link(req);
      const internal = result.diagnostics.filter((d) => d.message.startsWith('internal linker error'));
      expect(internal.map((d) => `${source}: ${d.message}`)).toEqual([]);
      if (result.diagnostics.some((d) => d.message.startsWith("cannot link this module's object"))) {
        rejected++;
        expect(result.diagnostics[0]!.location?.file).toBe(source);
      }
    }
    expect(rejected).toBeGreaterThan(500);
  });
});

test('an absurd section alignment is a diagnostic, not a 2 GiB allocation', () => {
  const object = gnuAs('\t.text\n\t.globl start\nstart:\tret\n\t.data\n\t.long 1\n').slice();
  const view = new DataView(object.buffer);
  const shoff = view.getUint32(32, true);
  for (let i = 1; i < view.getUint16(48, true); i++) {
    const at = shoff + i * 40;
    if (view.getUint32(at + 4, true) === 1 && (view.getUint32(at + 8, true) & 3) === 3) view.setUint32(at + 32, 0x40000000, true); // .data
  }
  const result = link({ image: 'big', entry: 'start', layers: [layer('L', undefined, [module('k.S', object)])] });
  expect(result.elf).toBeUndefined();
  expect(result.diagnostics.map((d) => d.message).join('\n')).toMatch(/does not fit below 4 GiB|over the 268435456-byte limit/);
});
