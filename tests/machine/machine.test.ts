// The machine loop: how a run ends (exit device, expected output, timeout, instruction
// limit, triple fault, reset, a halt nothing can end), console input, halting through
// timer ticks, and bit-for-bit reproducibility. Kernels from kernels/machine/.
import { describe, test, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { buildKernel, runLayermake } from './harness.js';
import { boot } from '../../src/machine/index.js';

async function run(name: string, options: Parameters<typeof runLayermake>[1] = {}) {
  const elf = await buildKernel(name);
  return runLayermake(elf, options);
}

describe('how runs end', () => {
  test('the exit device ends the run with (v << 1) | 1', async () => {
    const { how, serial } = await run('machine/sleep');
    expect(how).toBe('exit 1');
    expect(serial.toString()).toBe('slept 100 ticks\n');
  });

  test('the expected pattern ends the run as soon as it appears', async () => {
    const { result } = await run('machine/hang', { expect: /spin+ing/ });
    expect(result.reason).toEqual({ kind: 'expect-matched' });
    expect(result.serial).toBe('spinning\n');
  });

  test('the wall-clock timeout ends an endless loop', async () => {
    const { result } = await run('machine/hang', { timeoutMs: 300 });
    expect(result.reason).toEqual({ kind: 'timeout' });
    expect(result.instructions).toBeGreaterThan(1000);
    expect(result.registers).toMatch(/EIP=/);
  });

  test('the instruction limit ends it at exactly that count', async () => {
    const { result } = await run('machine/hang', { maxInstructions: 250_000 });
    expect(result.reason).toEqual({ kind: 'instruction-limit' });
    expect(result.instructions).toBe(250_000);
  });

  test('a triple fault stops the machine with the CPU\'s explanation', async () => {
    const { result } = await run('machine/triple');
    expect(result.reason.kind).toBe('triple-fault');
    expect(result.serial).toBe('faulting\n');
  });

  test.each(['machine/reset92', 'machine/reset64'])('%s: a reset ends the run, as under -no-reboot', async (name) => {
    const { result } = await run(name);
    expect(result.reason.kind).toBe('shutdown');
    expect(result.reason.kind === 'shutdown' && result.reason.message).toMatch(/reset/);
    expect(result.serial).toBe('resetting\n');
  });

  test('a halt with interrupts off ends the run at once', async () => {
    const { result } = await run('machine/halt', { timeoutMs: 60_000 });
    expect(result.reason.kind).toBe('shutdown');
    expect(result.reason.kind === 'shutdown' && result.reason.message).toMatch(/interrupts disabled|nothing can wake/);
  });

  test('a halt with every interrupt masked at the PIC ends the run at once too', async () => {
    const { result } = await run('machine/masked', { timeoutMs: 60_000 });
    expect(result.reason.kind).toBe('shutdown');
    expect(result.reason.kind === 'shutdown' && result.reason.message).toMatch(/nothing can wake it/);
    expect(result.serial).toBe('halting\n');
  });

  test('a bad image is refused with a diagnostic, not run', async () => {
    const result = await boot(new TextEncoder().encode('not a kernel'), { imageName: 'junk.bin' });
    expect(result.reason).toEqual({ kind: 'emulator-limit', message: 'junk.bin: no multiboot header in the first 8 KiB (is this a multiboot kernel?)' });
  });
});

describe('time and input', () => {
  test('halting skips to the next tick: one second of guest time costs few instructions', async () => {
    const { result } = await run('machine/sleep');
    expect(result.instructions).toBeLessThan(200_000);
  });

  test('console input reaches the guest through the UART', async () => {
    const { serial } = await run('machine/echo', { serialInput: new TextEncoder().encode('hello, world.ignored') });
    expect(serial.toString()).toBe('ready\nHELLO, WORLD\nbye\n');
  });

  test('two boots are identical to the instruction', async () => {
    const elf = readFileSync(await buildKernel('machine/sleep'));
    const first = await boot(elf, { imageName: 'sleep.elf' });
    const second = await boot(elf, { imageName: 'sleep.elf' });
    expect(first.reason).toEqual({ kind: 'exit-device', status: 1 });
    expect(second.instructions).toBe(first.instructions);
    expect(second.serial).toBe(first.serial);
    expect(second.registers).toBe(first.registers);
  });

  test('console output streams as it is produced', async () => {
    const chunks: string[] = [];
    const { result } = await run('machine/sleep', { onSerial: (text) => chunks.push(text) });
    expect(chunks.join('')).toBe(result.serial);
  });
});
