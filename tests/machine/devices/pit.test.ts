import { describe, test, expect } from '@jest/globals';
import { Pit } from '../../../src/machine/devices/pit.js';
import { pitTicksToNs, nsToPitTicks, PIT_HZ } from '../../../src/machine/clock.js';

function setUp() {
  const clock = { t: 0, now() { return this.t; } };
  let irqs = 0;
  const pit = new Pit(clock, () => irqs++);
  return { clock, pit, irqs: () => irqs };
}

/** Advances time to `ns`, delivering every edge on the way as the machine loop does. */
function runTo(clock: { t: number }, pit: Pit, ns: number) {
  while (pit.nextIrqTime <= ns) {
    clock.t = pit.nextIrqTime;
    pit.advanceTo(clock.t);
  }
  clock.t = ns;
}

describe('clock conversions', () => {
  test('one second is 1193182 ticks, exactly, even far out', () => {
    expect(nsToPitTicks(1e9)).toBe(PIT_HZ);
    expect(nsToPitTicks(1e9 - 1)).toBe(PIT_HZ - 1);
    expect(pitTicksToNs(PIT_HZ)).toBe(1e9);
    const far = 86400 * 1e9 * 50 + 123456789;
    expect(nsToPitTicks(pitTicksToNs(nsToPitTicks(far)))).toBe(nsToPitTicks(far));
    expect(nsToPitTicks(pitTicksToNs(1000) - 1)).toBe(999);
  });
});

describe('8254', () => {
  test('mode 2 interrupts once per period', () => {
    const { clock, pit, irqs } = setUp();
    pit.write(0x43, 1, 0x34);
    pit.write(0x40, 1, 1193 & 0xff);
    pit.write(0x40, 1, 1193 >> 8);
    runTo(clock, pit, 10e6); // 10 ms at ~1000 Hz
    expect(irqs()).toBe(10);
  });

  test('mode 3 interrupts once per period too, and counts down by two', () => {
    const { clock, pit, irqs } = setUp();
    pit.write(0x43, 1, 0x36);
    pit.write(0x40, 1, 100);
    pit.write(0x40, 1, 0);
    runTo(clock, pit, pitTicksToNs(1000));
    expect(irqs()).toBe(10);
    clock.t = pitTicksToNs(1010);
    pit.write(0x43, 1, 0x00); // latch channel 0
    expect(pit.read(0x40, 1) | (pit.read(0x40, 1) << 8)).toBe(80);
  });

  test('mode 0 interrupts once at terminal count and the counter wraps on', () => {
    const { clock, pit, irqs } = setUp();
    pit.write(0x43, 1, 0x30);
    pit.write(0x40, 1, 50);
    pit.write(0x40, 1, 0);
    runTo(clock, pit, pitTicksToNs(49));
    expect(irqs()).toBe(0);
    runTo(clock, pit, pitTicksToNs(10000));
    expect(irqs()).toBe(1);
    pit.write(0x43, 1, 0xe2); // read back channel 0 status
    expect(pit.read(0x40, 1)).toBe(0x80 | 0x30); // OUT high, LSB/MSB, mode 0
  });

  test('a latched count stays until read, whatever the time', () => {
    const { clock, pit } = setUp();
    pit.write(0x43, 1, 0x34);
    pit.write(0x40, 1, 0x00);
    pit.write(0x40, 1, 0x10); // 0x1000
    clock.t = pitTicksToNs(0x10);
    pit.write(0x43, 1, 0x00);
    clock.t = pitTicksToNs(0x200);
    expect(pit.read(0x40, 1)).toBe(0xf0);
    expect(pit.read(0x40, 1)).toBe(0x0f);
    // Unlatched reads follow the counter.
    expect(pit.read(0x40, 1) | (pit.read(0x40, 1) << 8)).toBe(0x1000 - 0x200);
  });

  test('read-back latches count and status together; status comes first', () => {
    const { clock, pit } = setUp();
    pit.write(0x43, 1, 0xb4); // channel 2, LSB/MSB, mode 2
    pit.write(0x42, 1, 0x34);
    pit.write(0x42, 1, 0x12);
    clock.t = pitTicksToNs(4);
    pit.write(0x43, 1, 0xc8); // read-back count and status of channel 2
    expect(pit.read(0x42, 1)).toBe(0x34);
    expect(pit.read(0x42, 1)).toBe(0x30);
    expect(pit.read(0x42, 1)).toBe(0x12);
  });

  test('LSB-only and MSB-only access modes', () => {
    const { clock, pit } = setUp();
    pit.write(0x43, 1, 0x54); // channel 1, LSB only, mode 2
    pit.write(0x41, 1, 200);
    clock.t = pitTicksToNs(50);
    expect(pit.read(0x41, 1)).toBe(150);
    pit.write(0x43, 1, 0x64); // MSB only
    pit.write(0x41, 1, 0x02); // count 0x200
    clock.t += pitTicksToNs(0x100);
    expect(pit.read(0x41, 1)).toBe(0x01);
  });

  test('a count of 0 means 65536', () => {
    const { clock, pit, irqs } = setUp();
    pit.write(0x43, 1, 0x34);
    pit.write(0x40, 1, 0);
    pit.write(0x40, 1, 0);
    runTo(clock, pit, pitTicksToNs(65536 * 3));
    expect(irqs()).toBe(3);
  });
});
