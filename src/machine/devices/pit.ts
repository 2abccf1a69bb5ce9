// The 8254 programmable interval timer: three 16-bit down-counters clocked at
// 1.193182 MHz. Channel 0 drives IRQ 0, channel 2's gate and output are wired to
// port 0x61 (which Linux uses to calibrate its clocks); channel 1 (DRAM refresh)
// counts but drives nothing. Counters are not stepped: a counter's value and output
// are computed from the virtual time since its count was loaded, and the machine
// asks for the next rising edge of channel 0's output to schedule IRQ 0.
//
// Modes 0-5, the latch command, the read-back command (count and status), and the
// LSB / MSB / LSB-then-MSB access modes. Where QEMU's i8254 simplifies the chip (a
// new count takes effect at once in every mode; BCD counting is stored but not
// applied), this does the same, so a kernel measures the same counts on both.
import type { IoDevice, IoSize } from '../ioBus.js';
import { nsToPitTicks, pitTicksToNs, type Clock } from '../clock.js';

const enum Access {
  Latch = 0,
  Lsb = 1,
  Msb = 2,
  Word0 = 3, // LSB next, then MSB
  Word1 = 4, // MSB next
}

export class PitChannel {
  /** Reload value, 1 … 0x10000 (a written 0 means 0x10000). */
  count = 0x10000;
  /** Virtual time (ns) at which the count was loaded or the gate last restarted it. */
  loadTime = 0;
  mode = 3;
  bcd = 0;
  gate: boolean;
  private accessMode = Access.Word0;
  private readState = Access.Word0;
  private writeState = Access.Word0;
  private writeLatch = 0;
  private latchedCount = 0;
  /** Access state of a latched count still to be read, or 0. */
  private countLatched = 0;
  private statusLatched = false;
  private status = 0;

  constructor(
    private readonly clock: Clock,
    gate: boolean,
    private readonly onReload: () => void,
  ) {
    this.gate = gate;
  }

  /** Input ticks since the count was loaded. */
  private elapsedTicks(now: number): number {
    return nsToPitTicks(now - this.loadTime);
  }

  /** The value the counter holds at virtual time `now`. */
  countAt(now: number): number {
    const d = this.elapsedTicks(now);
    const count = this.count;
    switch (this.mode) {
      case 0:
      case 1:
      case 4:
      case 5:
        return (count - d) & 0xffff;
      case 3:
        return count - ((2 * d) % count);
      default:
        return count - (d % count);
    }
  }

  /** The OUT pin at virtual time `now`. */
  outputAt(now: number): boolean {
    const d = this.elapsedTicks(now);
    const count = this.count;
    switch (this.mode) {
      case 1:
        return d < count;
      case 2:
        return d % count === 0 && d !== 0;
      case 3:
        return d % count < (count + 1) >> 1;
      case 4:
      case 5:
        return d !== count;
      default:
        return d >= count;
    }
  }

  /**
   * The virtual time of the first rising edge of OUT strictly after `now`, or
   * Infinity if OUT will not rise again without being reprogrammed.
   */
  nextRisingEdge(now: number): number {
    const d = this.elapsedTicks(now);
    const count = this.count;
    let edgeTick: number;
    switch (this.mode) {
      case 2:
      case 3:
        edgeTick = (Math.floor(d / count) + 1) * count;
        break;
      case 4:
      case 5:
        if (d >= count + 1) return Infinity;
        edgeTick = count + 1;
        break;
      default: // 0 and 1: one rising edge at terminal count
        if (d >= count) return Infinity;
        edgeTick = count;
        break;
    }
    return this.loadTime + pitTicksToNs(edgeTick);
  }

  writeControl(control: number): void {
    const access = (control >> 4) & 3;
    if (access === Access.Latch) {
      this.latchCount();
      return;
    }
    this.accessMode = access;
    this.readState = access;
    this.writeState = access;
    this.mode = (control >> 1) & 7;
    if (this.mode > 5) this.mode -= 4; // 6 and 7 are aliases of 2 and 3
    this.bcd = control & 1;
    this.onReload();
  }

  /** The read-back command's part for this channel. */
  readBack(latchCount: boolean, latchStatus: boolean): void {
    if (latchCount) this.latchCount();
    if (latchStatus && !this.statusLatched) {
      const out = this.outputAt(this.clock.now()) ? 0x80 : 0;
      this.status = out | (this.accessMode << 4) | (this.mode << 1) | this.bcd;
      this.statusLatched = true;
    }
  }

  private latchCount(): void {
    if (this.countLatched) return;
    this.latchedCount = this.countAt(this.clock.now());
    this.countLatched = this.accessMode;
  }

  readData(): number {
    if (this.statusLatched) {
      this.statusLatched = false;
      return this.status;
    }
    if (this.countLatched) {
      const value = this.latchedCount;
      switch (this.countLatched) {
        case Access.Msb:
          this.countLatched = 0;
          return (value >> 8) & 0xff;
        case Access.Word0:
          this.countLatched = Access.Msb;
          return value & 0xff;
        default:
          this.countLatched = 0;
          return value & 0xff;
      }
    }
    const count = this.countAt(this.clock.now());
    switch (this.readState) {
      case Access.Msb:
        return (count >> 8) & 0xff;
      case Access.Word0:
        this.readState = Access.Word1;
        return count & 0xff;
      case Access.Word1:
        this.readState = Access.Word0;
        return (count >> 8) & 0xff;
      default:
        return count & 0xff;
    }
  }

  writeData(value: number): void {
    switch (this.writeState) {
      case Access.Msb:
        this.load(value << 8);
        break;
      case Access.Word0:
        this.writeLatch = value;
        this.writeState = Access.Word1;
        break;
      case Access.Word1:
        this.load(this.writeLatch | (value << 8));
        this.writeState = Access.Word0;
        break;
      default:
        this.load(value);
        break;
    }
  }

  /** A rising edge on GATE restarts counting in modes 1, 2, 3 and 5. */
  setGate(gate: boolean): void {
    if (gate && !this.gate && this.mode !== 0 && this.mode !== 4) {
      this.loadTime = this.clock.now();
      this.onReload();
    }
    this.gate = gate;
  }

  private load(value: number): void {
    this.count = value === 0 ? 0x10000 : value;
    this.loadTime = this.clock.now();
    this.onReload();
  }
}

export class Pit implements IoDevice {
  readonly name = '8254 PIT';
  readonly channels: PitChannel[];
  /** Virtual time of channel 0's next rising edge (Infinity: none). */
  nextIrqTime = Infinity;

  constructor(
    private readonly clock: Clock,
    private readonly raiseIrq0: () => void,
  ) {
    const reschedule = () => this.reschedule();
    this.channels = [
      new PitChannel(clock, true, reschedule),
      new PitChannel(clock, true, () => {}),
      new PitChannel(clock, false, () => {}),
    ];
    this.reschedule();
  }

  /** Delivers channel 0's edges up to virtual time `now` (called by the machine loop). */
  advanceTo(now: number): void {
    if (now < this.nextIrqTime) return;
    // However many edges have passed, the PIC latches one request.
    this.raiseIrq0();
    this.nextIrqTime = this.channels[0]!.nextRisingEdge(now);
  }

  private reschedule(): void {
    this.nextIrqTime = this.channels[0]!.nextRisingEdge(this.clock.now());
  }

  read(port: number, _size: IoSize): number {
    const index = port - 0x40;
    if (index === 3) return 0xff; // the control register is write-only
    return this.channels[index]!.readData();
  }

  write(port: number, _size: IoSize, value: number): void {
    const index = port - 0x40;
    if (index < 3) {
      this.channels[index]!.writeData(value);
      return;
    }
    const select = value >> 6;
    if (select < 3) {
      this.channels[select]!.writeControl(value);
      return;
    }
    // Read-back: bit 5 clear latches counts, bit 4 clear latches status, bits 1-3 pick channels.
    for (let i = 0; i < 3; i++) {
      if (value & (2 << i)) this.channels[i]!.readBack((value & 0x20) === 0, (value & 0x10) === 0);
    }
  }
}
