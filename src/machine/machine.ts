// The PC and its run loop. The machine owns RAM, the I/O bus and the devices, and
// drives the CPU in slices of virtual time (see clock.ts): each slice runs until the
// next timer event at most, then the timer's edges are delivered, the console output
// is passed on, and the stop conditions are checked: the exit device, the expected
// serial pattern, a reset, a triple fault, the instruction limit and the wall-clock
// timeout. A halted CPU costs nothing: time jumps to the next timer event.
import type { CpuApi, CpuHost } from './bus.js';
import type { BootResult, StopReason } from './api.js';
import type { CpuFactory } from './cpuFactory.js';
import type { Clock } from './clock.js';
import { IoBus, type IoSize } from './ioBus.js';
import { PicPair } from './devices/pic.js';
import { Pit } from './devices/pit.js';
import { Uart16550 } from './devices/uart.js';
import { Cmos } from './devices/cmos.js';
import { SystemControlA } from './devices/systemControlA.js';
import { SystemControlB } from './devices/systemControlB.js';
import { KeyboardController } from './devices/keyboardController.js';
import { ExitDevice, EXIT_DEVICE_PORT, EXIT_DEVICE_PORTS } from './devices/exitDevice.js';
import { PostPort } from './devices/postPort.js';
import { runFirmware } from './firmware.js';
import type { Tracer } from './trace.js';

/**
 * Longest stretch of virtual time (instructions) the CPU runs without the machine
 * looking. A timer the guest reprograms mid-slice fires at the end of the slice at
 * the latest: 20 µs of guest time, far below any tick a kernel asks for.
 */
const SLICE = 20_000;
/** How often a long run lets the host's event loop in (stdin, signals), in wall milliseconds. */
const YIELD_EVERY_MS = 25;
/** The expected pattern is searched in this much of the most recent output. */
const EXPECT_WINDOW = 65536;
/** The result keeps at most this much console output (the newest); onSerial sees all of it. */
const SERIAL_KEPT = 16 << 20;
const COM1 = 0x3f8;

export interface MachineOptions {
  memoryBytes: number;
  expect?: RegExp;
  timeoutMs?: number;
  maxInstructions?: number;
  onSerial?: (text: string) => void;
  /** Steps one instruction at a time and records each (see trace.ts). */
  tracer?: Tracer;
}

export class Machine implements CpuHost, Clock {
  readonly memory: Uint8Array;
  readonly bus = new IoBus();
  readonly pic = new PicPair();
  readonly pit: Pit;
  readonly uart: Uart16550;
  readonly cmos: Cmos;
  readonly cpu: CpuApi;
  /** Virtual time skipped while the CPU was halted. */
  private idleNs = 0;
  private stopReason: StopReason | undefined;
  private pendingSerial: number[] = [];
  private serial = '';
  private readonly expect: RegExp | undefined;
  /** Host input may still arrive (a terminal or a pipe that is open). */
  private liveInput = false;
  private wakeForInput: (() => void) | undefined;

  constructor(
    createCpu: CpuFactory,
    private readonly options: MachineOptions,
  ) {
    this.memory = new Uint8Array(options.memoryBytes);
    // A global or sticky pattern would carry lastIndex from one search to the next.
    this.expect = options.expect && new RegExp(options.expect.source, options.expect.flags.replace(/[gy]/g, ''));
    this.cpu = createCpu(this.memory, this);
    this.pit = new Pit(this, () => this.pic.pulseIrq(0));
    this.uart = new Uart16550(COM1, (level) => this.pic.setIrq(4, level), (byte) => this.pendingSerial.push(byte));
    this.cmos = new Cmos(this, options.memoryBytes, (level) => this.pic.setIrq(8, level));
    this.wireDevices();
    runFirmware(this.bus);
  }

  private wireDevices(): void {
    const bus = this.bus;
    const reset = (why: string) => this.stop({ kind: 'shutdown', message: why });
    bus.register(0x20, 2, this.pic);
    bus.register(0xa0, 2, this.pic);
    bus.register(0x4d0, 2, this.pic);
    bus.register(0x40, 4, this.pit);
    bus.register(0x61, 1, new SystemControlB(this, this.pit.channels[2]!));
    const keyboard = new KeyboardController(reset);
    bus.register(0x60, 1, keyboard);
    bus.register(0x64, 1, keyboard);
    bus.register(0x70, 2, this.cmos);
    bus.register(0x80, 1, new PostPort());
    bus.register(0x92, 1, new SystemControlA(reset));
    bus.register(EXIT_DEVICE_PORT, EXIT_DEVICE_PORTS, new ExitDevice((status) => this.stop({ kind: 'exit-device', status })), { byteWide: false });
    bus.register(COM1, 8, this.uart);
  }

  // --- Clock -------------------------------------------------------------------

  now(): number {
    return this.cpu.instructionCount + this.idleNs;
  }

  // --- CpuHost -----------------------------------------------------------------

  ioRead(port: number, size: IoSize): number {
    return this.bus.read(port, size);
  }

  ioWrite(port: number, size: IoSize, value: number): void {
    this.bus.write(port, size, value);
  }

  interruptPending(): boolean {
    return this.pic.interruptPending;
  }

  acknowledgeInterrupt(): number {
    return this.pic.acknowledge();
  }

  stopRequested(): boolean {
    return this.stopReason !== undefined;
  }

  // --- Host input ----------------------------------------------------------------

  /** Bytes for COM1's receiver. */
  feedSerial(bytes: Uint8Array): void {
    this.uart.feed(bytes);
    this.wakeForInput?.();
  }

  /** Says whether more host input may come, so that a guest halted waiting for it waits. */
  setLiveInput(live: boolean): void {
    this.liveInput = live;
    this.wakeForInput?.();
  }

  /** Ends the run from the host's side (e.g. Ctrl-C at the terminal). */
  interrupt(): void {
    this.stop({ kind: 'interrupted' });
    this.wakeForInput?.();
  }

  // --- The run loop --------------------------------------------------------------

  async run(): Promise<BootResult> {
    const { timeoutMs, maxInstructions = Infinity } = this.options;
    const wallDeadline = timeoutMs === undefined ? Infinity : Date.now() + timeoutMs;
    let nextYield = Date.now() + YIELD_EVERY_MS;
    const cpu = this.cpu;
    const tracer = this.options.tracer;
    while (this.stopReason === undefined) {
      const now = this.now();
      if (now >= maxInstructions) {
        this.stop({ kind: 'instruction-limit' });
        break;
      }
      this.pit.advanceTo(now);
      this.cmos.advanceTo(now);
      const nextEvent = Math.min(this.pit.nextIrqTime, this.cmos.nextIrqTime);
      const budget = Math.max(1, Math.min(tracer ? 1 : SLICE, nextEvent - now, maxInstructions - now));
      tracer?.record(cpu);
      cpu.run(budget);
      this.flushSerial();
      if (this.stopReason !== undefined) break;
      if (cpu.state === 'triple-fault') {
        this.stop({ kind: 'triple-fault', message: cpu.faultMessage });
        break;
      }
      if (cpu.state === 'stopped') {
        this.stop({ kind: 'emulator-limit', message: cpu.faultMessage || 'the CPU stopped' });
        break;
      }
      if (cpu.state === 'halted') await this.idle(maxInstructions, wallDeadline);

      const wall = Date.now();
      if (wall >= wallDeadline) this.stop({ kind: 'timeout' });
      else if (wall >= nextYield) {
        await new Promise((resolve) => setImmediate(resolve));
        nextYield = Date.now() + YIELD_EVERY_MS;
      }
    }
    this.flushSerial();
    return {
      reason: this.stopReason!,
      serial: this.serial,
      instructions: cpu.instructionCount,
      registers: cpu.dumpRegisters(),
    };
  }

  /** The CPU is halted: let time pass until something can wake it. */
  private async idle(maxInstructions: number, wallDeadline: number): Promise<void> {
    if (this.pic.interruptPending) {
      // An interrupt is waiting and the CPU still sleeps: interrupts are disabled, and
      // nothing else (no NMI source exists here) can ever wake it.
      this.cpu.run(1);
      if (this.cpu.state === 'halted') {
        this.stop({ kind: 'shutdown', message: 'the CPU halted with interrupts disabled: nothing can wake it' });
      }
      return;
    }
    // A timer can wake the CPU only if its interrupt can get through the PIC.
    const next = Math.min(
      this.pic.wouldDeliver(0) ? this.pit.nextIrqTime : Infinity,
      this.pic.wouldDeliver(8) ? this.cmos.nextIrqTime : Infinity,
    );
    if (next !== Infinity) {
      this.idleNs += Math.max(0, Math.min(next, maxInstructions) - this.now());
      return;
    }
    if (this.liveInput) {
      await this.waitForInput(wallDeadline);
      return;
    }
    this.stop({ kind: 'shutdown', message: 'the CPU halted with no timer interrupt that can reach it and no input to come: nothing can wake it' });
  }

  private waitForInput(wallDeadline: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(0, Math.min(wallDeadline - Date.now(), 1000)));
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeForInput = () => {
        this.wakeForInput = undefined;
        done();
      };
    });
  }

  closeTrace(): void {
    this.options.tracer?.close();
  }

  private stop(reason: StopReason): void {
    if (this.stopReason === undefined) this.stopReason = reason;
  }

  /** Passes new console output on and looks for the expected pattern in it. */
  private flushSerial(): void {
    const pending = this.pendingSerial;
    if (pending.length === 0) return;
    let text = '';
    for (let i = 0; i < pending.length; i += 8192) text += String.fromCharCode(...pending.slice(i, i + 8192));
    pending.length = 0;
    this.serial += text;
    if (this.serial.length > 2 * SERIAL_KEPT) this.serial = this.serial.slice(-SERIAL_KEPT);
    this.options.onSerial?.(text);
    // The pattern appeared before any exit that followed it in the same slice.
    const expect = this.expect;
    if (expect && (this.stopReason === undefined || this.stopReason.kind === 'exit-device')) {
      if (expect.test(this.serial.slice(-EXPECT_WINDOW))) this.stopReason = { kind: 'expect-matched' };
    }
  }
}
