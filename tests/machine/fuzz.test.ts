// Garbage in the guest never escapes into the host: random code (which also writes
// random values to random I/O ports, so every device sees nonsense) always ends in
// one of the machine's stop reasons, never an exception or an internal error.
import { describe, test, expect } from '@jest/globals';
import { boot } from '../../src/machine/index.js';

/** A minimal multiboot ELF32 image: one PT_LOAD segment at 1 MiB holding `code`. */
function image(code: Uint8Array): Uint8Array {
  const header = 52 + 32;
  const bytes = new Uint8Array(header + 12 + code.length);
  const view = new DataView(bytes.buffer);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]);
  view.setUint16(16, 2, true); // ET_EXEC
  view.setUint16(18, 3, true); // EM_386
  view.setUint32(20, 1, true);
  view.setUint32(24, 0x100000 + header + 12, true); // entry: the code after the multiboot header
  view.setUint32(28, 52, true);
  view.setUint16(40, 52, true);
  view.setUint16(42, 32, true);
  view.setUint16(44, 1, true);
  view.setUint32(52, 1, true); // PT_LOAD
  view.setUint32(56, 0, true);
  view.setUint32(60, 0x100000, true);
  view.setUint32(64, 0x100000, true);
  view.setUint32(68, bytes.length, true);
  view.setUint32(72, bytes.length + 0x10000, true);
  view.setUint32(76, 7, true);
  view.setUint32(header, 0x1badb002, true);
  view.setUint32(header + 4, 0, true);
  view.setUint32(header + 8, -0x1badb002 >>> 0, true);
  bytes.set(code, header + 12);
  return bytes;
}

function randomCode(seed: number, length: number): Uint8Array {
  const code = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    // Now and then an OUT or IN to a device port, so the devices get exercised too.
    const pick = x & 0xff;
    if (pick < 12 && i + 2 < length) {
      const ports = [0x20, 0x21, 0xa0, 0xa1, 0x40, 0x41, 0x42, 0x43, 0x61, 0x70, 0x71, 0x92, 0x64, 0x60, 0x80];
      code[i++] = 0xb0; // mov $imm, %al
      code[i++] = (x >>> 8) & 0xff;
      code[i] = pick & 1 ? 0xe6 : 0xe4; // out %al, $port / in $port, %al
      if (i + 1 < length) code[++i] = ports[(x >>> 16) % ports.length]!;
    } else {
      code[i] = (x >>> 8) & 0xff;
    }
  }
  return code;
}

describe('random guest code', () => {
  test('200 random programs each end in a stop reason', async () => {
    const allowed = new Set(['instruction-limit', 'triple-fault', 'shutdown', 'exit-device', 'timeout']);
    for (let seed = 1; seed <= 200; seed++) {
      const result = await boot(image(randomCode(seed, 4096)), { memoryBytes: 4 << 20, maxInstructions: 20_000, timeoutMs: 5_000, imageName: `fuzz-${seed}` });
      if (!allowed.has(result.reason.kind)) {
        throw new Error(`seed ${seed}: ${JSON.stringify(result.reason)}`);
      }
      expect(result.registers).toMatch(/EIP=/);
    }
  });
});
