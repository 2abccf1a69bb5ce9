// The differential suite: every kernel in tests/machine/kernels runs in QEMU (the
// oracle) and in layermake's emulator, and the two serial outputs must be byte-
// identical and the exit statuses equal. The QEMU side is also checked on its own:
// each kernel ends through the exit device with status 1 (kmain returned 0), prints
// "<name> done", and its self-checks print no "FAIL".
import { describe, test, expect, beforeAll } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildKernel, kernelNames, runQemu, runLayermake, type Outcome } from './harness.js';
import type { BootOptions } from '../../src/machine/api.js';

const SUCCESS_STATUS = 1; // (0 << 1) | 1

/** Kernels that need more than the standard machine: QEMU arguments and the same for layermake. */
function setUpFor(name: string): { qemu: string[]; boot: BootOptions } {
  if (name !== 'modules') return { qemu: [], boot: {} };
  const dir = mkdtempSync(join(tmpdir(), 'layermake-modules-'));
  const first = join(dir, 'first.bin');
  const second = join(dir, 'second.txt');
  writeFileSync(first, Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7 + 3) & 0xff)));
  writeFileSync(second, 'a small module\n');
  const specs = [`${first} one two`, second];
  return {
    qemu: ['-append', 'console=ttyS0 quiet', '-initrd', specs.join(',')],
    boot: {
      cmdline: 'console=ttyS0 quiet',
      modules: specs.map((spec) => ({ data: readFileSync(spec.split(' ')[0]!), cmdline: spec })),
    },
  };
}

for (const name of kernelNames()) {
  describe(`kernel ${name}`, () => {
    let elf = '';
    let qemu: Outcome;
    const setUp = setUpFor(name);

    beforeAll(async () => {
      elf = await buildKernel(name);
      qemu = await runQemu(elf, 30_000, setUp.qemu);
    });

    test('runs to completion in QEMU with its self-checks passing', () => {
      const text = qemu.serial.toString('latin1');
      expect(qemu.how).toBe(`exit ${SUCCESS_STATUS}`);
      expect(text).toContain(`${name} done\n`);
      expect(text).not.toContain('FAIL');
    });

    test('layermake prints the same bytes and exits with the same status', async () => {
      const ours = await runLayermake(elf, setUp.boot);
      if (!ours.serial.equals(qemu.serial)) {
        // Show where they part, rather than two large blobs.
        const a = ours.serial.toString('latin1').split('\n');
        const b = qemu.serial.toString('latin1').split('\n');
        let i = 0;
        while (i < a.length && i < b.length && a[i] === b[i]) i++;
        expect({ line: i + 1, layermake: a[i], qemu: b[i], stop: ours.how }).toEqual({ line: i + 1, layermake: b[i], qemu: b[i], stop: qemu.how });
      }
      expect(ours.how).toBe(qemu.how);
    });
  });
}
