// The emulator's library entry: boot a multiboot ELF image on the bundled PC.
//
// How the pieces fit:
//   multiboot.ts  loads the image and writes the multiboot information (as QEMU does)
//   machine.ts    owns RAM, the I/O bus and the devices, and runs the CPU in slices of
//                 virtual time (clock.ts: one instruction is one nanosecond)
//   firmware.ts   replays the port writes SeaBIOS makes, so devices start as under QEMU
//   devices/      one file per device: PIC pair, PIT, UART, CMOS/RTC, ports 0x61/0x92,
//                 the keyboard controller's reset line, the exit device, port 0x80
//   cpu/          the i386 CPU, behind the CpuApi/CpuHost seam of bus.ts
//   trace.ts      the per-instruction trace of `layermake boot --trace`
import type { BootOptions, BootResult } from './api.js';
import { loadMultiboot } from './multiboot.js';
import { Machine } from './machine.js';
import { writeFirmwareTables } from './firmware.js';
import { createCpu, type CpuFactory } from './cpuFactory.js';
import { Tracer } from './trace.js';
import type { Diagnostic } from '../diagnostics.js';
import { DEFAULT_MEMORY_BYTES, MAX_MEMORY_BYTES, MIN_MEMORY_BYTES } from './limits.js';

export type { BootOptions, BootResult, StopReason } from './api.js';
export { Machine } from './machine.js';
export { DEFAULT_MEMORY_BYTES, MAX_MEMORY_BYTES, MIN_MEMORY_BYTES } from './limits.js';
export { loadMultiboot } from './multiboot.js';

export interface BootSession {
  machine: Machine;
  result: Promise<BootResult>;
}

/**
 * Loads `elf` into a fresh machine and starts it. Bad images come back as a
 * diagnostic; everything the guest does comes back in the result.
 */
export async function startBoot(
  elf: Uint8Array,
  options: BootOptions & { cpuFactory?: CpuFactory },
): Promise<BootSession | Diagnostic> {
  const memoryBytes = options.memoryBytes ?? DEFAULT_MEMORY_BYTES;
  if (memoryBytes < MIN_MEMORY_BYTES || memoryBytes > MAX_MEMORY_BYTES) {
    return { severity: 'error', message: `guest memory must be between 2 MiB and 3 GiB (got ${memoryBytes} bytes)` };
  }
  const machine = new Machine(options.cpuFactory ?? createCpu, {
    memoryBytes,
    expect: options.expect,
    timeoutMs: options.timeoutMs,
    maxInstructions: options.maxInstructions,
    onSerial: options.onSerial,
    tracer: options.tracePath ? new Tracer(options.tracePath) : undefined,
  });
  const entry = loadMultiboot({
    imageName: options.imageName ?? 'kernel',
    image: elf,
    cmdline: options.cmdline ?? '',
    modules: options.modules ?? [],
    memory: machine.memory,
  });
  if ('severity' in entry) return entry;
  if (options.serialInput) machine.feedSerial(options.serialInput);
  machine.cpu.enterProtectedFlat(entry.eip, entry.eax, entry.ebx);
  if (machine.cpu.setDescriptorTables) {
    const tables = writeFirmwareTables(machine.memory);
    machine.cpu.setDescriptorTables(tables.gdtBase, tables.gdtLimit, tables.idtBase, tables.idtLimit);
  }
  return { machine, result: runGuarded(machine) };
}

/** Boots `elf` and runs it to a stop. A bad image is an `emulator-limit` stop with its diagnostic. */
export async function boot(elf: Uint8Array, options: BootOptions = {}): Promise<BootResult> {
  const session = await startBoot(elf, options);
  if ('severity' in session) {
    return { reason: { kind: 'emulator-limit', message: session.message }, serial: '', instructions: 0, registers: '' };
  }
  return session.result;
}

async function runGuarded(machine: Machine): Promise<BootResult> {
  try {
    return await machine.run();
  } catch (e) {
    // An exception out of the emulator is a bug in it, never the guest's doing;
    // it still must not take the host down.
    const message = e instanceof Error ? e.message : String(e);
    return {
      reason: { kind: 'emulator-limit', message: `internal emulator error: ${message}` },
      serial: '',
      instructions: machine.cpu.instructionCount,
      registers: machine.cpu.dumpRegisters(),
    };
  } finally {
    machine.closeTrace();
  }
}
