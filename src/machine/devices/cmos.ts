// The MC146818 real-time clock and its CMOS RAM, at index port 0x70 and data port 0x71.
// The clock starts at a fixed date and runs on virtual time, so a kernel that reads
// the date reads the same thing on every run. The memory-size bytes are set as a PC
// BIOS (and QEMU) sets them: base memory in KiB (0x15-0x16), extended memory above
// 1 MiB in KiB capped at 65535 (0x17-0x18, mirrored at 0x30-0x31), and memory above
// 16 MiB in 64 KiB units (0x34-0x35). The periodic interrupt (rate from register A)
// and the update-ended interrupt (once a second) raise IRQ 8 when enabled in register
// B, and reading register C acknowledges them; their flags are raised only while the
// interrupt is enabled, and the alarm interrupt is not modelled.
import type { IoDevice, IoSize } from '../ioBus.js';
import { NS_PER_SECOND, type Clock } from '../clock.js';

function nsToBaseTicks(ns: number): number {
  const seconds = Math.floor(ns / NS_PER_SECOND);
  return seconds * RTC_BASE_HZ + Math.floor(((ns - seconds * NS_PER_SECOND) * RTC_BASE_HZ) / NS_PER_SECOND);
}

function baseTicksToNs(ticks: number): number {
  const seconds = Math.floor(ticks / RTC_BASE_HZ);
  return seconds * NS_PER_SECOND + Math.ceil(((ticks - seconds * RTC_BASE_HZ) * NS_PER_SECOND) / RTC_BASE_HZ);
}

/** The fixed boot date: 2024-01-01 00:00:00 UTC, a Monday. */
export const RTC_EPOCH_SECONDS = Date.UTC(2024, 0, 1) / 1000;

const REG_SECONDS = 0x00;
const REG_MINUTES = 0x02;
const REG_HOURS = 0x04;
const REG_WEEKDAY = 0x06;
const REG_DAY = 0x07;
const REG_MONTH = 0x08;
const REG_YEAR = 0x09;
const REG_A = 0x0a;
const REG_B = 0x0b;
const REG_C = 0x0c;
const REG_D = 0x0d;
const REG_CENTURY = 0x32;

const B_PERIODIC = 0x40;
const B_ALARM = 0x20;
const B_UPDATE = 0x10;
const B_BINARY = 0x04;
const C_IRQ = 0x80;
const C_PERIODIC = 0x40;
const C_UPDATE = 0x10;
/** The time base: register A's rates divide this 32.768 kHz clock. */
const RTC_BASE_HZ = 32768;
const B_24_HOUR = 0x02;
const A_UPDATE_IN_PROGRESS = 0x80;
/** The update cycle: UIP is set for the last 244 µs before each second ticks over. */
const UPDATE_WINDOW_NS = 244_000;

export class Cmos implements IoDevice {
  readonly name = 'CMOS RTC';
  readonly ram = new Uint8Array(128);
  private index = 0;
  /** Guest-set clock minus virtual time, in seconds (a write to the time registers moves it). */
  private offsetSeconds = RTC_EPOCH_SECONDS;
  /** Register C: the interrupt flags. */
  private flags = 0;
  private nextPeriodic = Infinity;
  private nextUpdate = Infinity;
  /** Virtual time of the next periodic or update event (Infinity: none enabled). */
  nextIrqTime = Infinity;

  constructor(
    private readonly clock: Clock,
    memoryBytes: number,
    private readonly setIrq: (level: boolean) => void = () => {},
  ) {
    this.ram[REG_A] = 0x26; // 32.768 kHz time base, 1024 Hz rate
    this.ram[REG_B] = B_24_HOUR; // BCD, 24-hour
    this.ram[REG_D] = 0x80; // battery good
    this.ram[0x14] = 0x02; // equipment: a math coprocessor, no floppy drive
    this.ram[REG_CENTURY] = 0x20;
    this.setMemorySize(memoryBytes);
  }

  private setMemorySize(bytes: number): void {
    const KiB = 1024;
    const MiB = 1024 * KiB;
    const base = Math.min(Math.floor(bytes / KiB), 640);
    this.setWord(0x15, base);
    const extended = bytes > MiB ? Math.min(Math.floor((bytes - MiB) / KiB), 65535) : 0;
    this.setWord(0x17, extended);
    this.setWord(0x30, extended);
    const high = bytes > 16 * MiB ? Math.min(Math.floor((bytes - 16 * MiB) / (64 * KiB)), 65535) : 0;
    this.setWord(0x34, high);
  }

  private setWord(register: number, value: number): void {
    this.ram[register] = value & 0xff;
    this.ram[register + 1] = (value >> 8) & 0xff;
  }

  read(port: number, _size: IoSize): number {
    if (port === 0x70) return 0xff; // the index register is write-only
    const register = this.index;
    if (register <= REG_YEAR || register === REG_CENTURY) return this.readClock(register);
    if (register === REG_A) {
      const inSecond = this.clock.now() % NS_PER_SECOND;
      const uip = inSecond >= NS_PER_SECOND - UPDATE_WINDOW_NS ? A_UPDATE_IN_PROGRESS : 0;
      return (this.ram[REG_A]! & 0x7f) | uip;
    }
    if (register === REG_C) {
      const value = this.flags;
      this.flags = 0;
      this.setIrq(false);
      return value;
    }
    return this.ram[register]!;
  }

  /** Raises the events due by virtual time `now` (called by the machine loop). */
  advanceTo(now: number): void {
    if (now < this.nextIrqTime) return;
    if (now >= this.nextPeriodic) this.flags |= C_PERIODIC;
    if (now >= this.nextUpdate) this.flags |= C_UPDATE;
    if (this.flags & this.ram[REG_B]! & (B_PERIODIC | B_ALARM | B_UPDATE) && !(this.flags & C_IRQ)) {
      this.flags |= C_IRQ;
      this.setIrq(true);
    }
    this.schedule(now);
  }

  /** Plans the next periodic and update events after `now`, for the sources enabled. */
  private schedule(now: number): void {
    const enabled = this.ram[REG_B]!;
    const period = this.periodTicks();
    this.nextPeriodic = enabled & B_PERIODIC && period ? baseTicksToNs((Math.floor(nsToBaseTicks(now) / period) + 1) * period) : Infinity;
    this.nextUpdate = enabled & B_UPDATE ? (Math.floor(now / NS_PER_SECOND) + 1) * NS_PER_SECOND : Infinity;
    this.nextIrqTime = Math.min(this.nextPeriodic, this.nextUpdate);
  }

  /** The periodic interrupt's period in 32.768 kHz ticks (0: off), as register A selects it. */
  private periodTicks(): number {
    let rate = this.ram[REG_A]! & 0x0f;
    if (rate === 0) return 0;
    if (rate <= 2) rate += 7; // rates 1 and 2 repeat 8 and 9 on a 32.768 kHz time base
    return 1 << (rate - 1);
  }

  write(port: number, _size: IoSize, value: number): void {
    if (port === 0x70) {
      this.index = value & 0x7f; // bit 7 masks NMI, which nothing raises here
      return;
    }
    const register = this.index;
    if (register === REG_C || register === REG_D) return; // read-only
    if (register <= REG_YEAR || register === REG_CENTURY) {
      this.ram[register] = value;
      this.writeClock(register, value);
      return;
    }
    this.ram[register] = register === REG_A ? value & 0x7f : value;
    if (register === REG_A || register === REG_B) this.schedule(this.clock.now());
  }

  private currentSeconds(): number {
    return this.offsetSeconds + Math.floor(this.clock.now() / NS_PER_SECOND);
  }

  private readClock(register: number): number {
    const date = new Date(this.currentSeconds() * 1000);
    switch (register) {
      case REG_SECONDS:
        return this.encode(date.getUTCSeconds());
      case REG_MINUTES:
        return this.encode(date.getUTCMinutes());
      case REG_HOURS:
        return this.encodeHour(date.getUTCHours());
      case REG_WEEKDAY:
        return this.encode(date.getUTCDay() + 1);
      case REG_DAY:
        return this.encode(date.getUTCDate());
      case REG_MONTH:
        return this.encode(date.getUTCMonth() + 1);
      case REG_YEAR:
        return this.encode(date.getUTCFullYear() % 100);
      case REG_CENTURY:
        return this.encode(Math.floor(date.getUTCFullYear() / 100));
      default: // alarm registers
        return this.ram[register]!;
    }
  }

  /** A guest write to a date or time register sets the clock (alarms are just stored). */
  private writeClock(register: number, value: number): void {
    const date = new Date(this.currentSeconds() * 1000);
    const n = this.decode(value);
    switch (register) {
      case REG_SECONDS:
        date.setUTCSeconds(n);
        break;
      case REG_MINUTES:
        date.setUTCMinutes(n);
        break;
      case REG_HOURS:
        date.setUTCHours(this.decodeHour(value));
        break;
      case REG_DAY:
        date.setUTCDate(n);
        break;
      case REG_MONTH:
        date.setUTCMonth(n - 1);
        break;
      case REG_YEAR:
        date.setUTCFullYear(Math.floor(date.getUTCFullYear() / 100) * 100 + n);
        break;
      case REG_CENTURY:
        date.setUTCFullYear(n * 100 + (date.getUTCFullYear() % 100));
        break;
      default: // weekday follows from the date; alarms are stored only
        return;
    }
    this.offsetSeconds = date.getTime() / 1000 - Math.floor(this.clock.now() / NS_PER_SECOND);
  }

  private get binary(): boolean {
    return (this.ram[REG_B]! & B_BINARY) !== 0;
  }

  private encode(n: number): number {
    return this.binary ? n : ((n / 10) << 4) | n % 10;
  }

  private decode(value: number): number {
    return this.binary ? value : (value >> 4) * 10 + (value & 0x0f);
  }

  private encodeHour(hour: number): number {
    if (this.ram[REG_B]! & B_24_HOUR) return this.encode(hour);
    const pm = hour >= 12 ? 0x80 : 0;
    return this.encode(hour % 12 === 0 ? 12 : hour % 12) | pm;
  }

  private decodeHour(value: number): number {
    if (this.ram[REG_B]! & B_24_HOUR) return this.decode(value);
    const hour = this.decode(value & 0x7f) % 12;
    return value & 0x80 ? hour + 12 : hour;
  }
}
