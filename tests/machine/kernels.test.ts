// The differential suite: every kernel in tests/machine/kernels runs in QEMU (the
// oracle) and in layermake's emulator, and the two serial outputs must be byte-
// identical and the exit statuses equal. The QEMU side is also checked on its own:
// each kernel ends through the exit device with status 1 (kmain returned 0), prints
// "<name> done", and its self-checks print no "FAIL".
import { describe, test, expect, beforeAll } from '@jest/globals';
import { buildKernel, kernelNames, runQemu, runLayermake, type Outcome } from './harness.js';

const SUCCESS_STATUS = 1; // (0 << 1) | 1

for (const name of kernelNames()) {
  describe(`kernel ${name}`, () => {
    let elf = '';
    let qemu: Outcome;

    beforeAll(async () => {
      elf = await buildKernel(name);
      qemu = await runQemu(elf);
    });

    test('runs to completion in QEMU with its self-checks passing', () => {
      const text = qemu.serial.toString('latin1');
      expect(qemu.how).toBe(`exit ${SUCCESS_STATUS}`);
      expect(text).toContain(`${name} done\n`);
      expect(text).not.toContain('FAIL');
    });

    test('layermake prints the same bytes and exits with the same status', async () => {
      const ours = await runLayermake(elf);
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
