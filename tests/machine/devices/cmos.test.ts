import { describe, test, expect } from '@jest/globals';
import { Cmos } from '../../../src/machine/devices/cmos.js';

function cmos(memory = 128 << 20) {
  const clock = { t: 0, now() { return this.t; } };
  const device = new Cmos(clock, memory);
  const read = (register: number) => {
    device.write(0x70, 1, register);
    return device.read(0x71, 1);
  };
  const write = (register: number, value: number) => {
    device.write(0x70, 1, register);
    device.write(0x71, 1, value);
  };
  return { clock, read, write };
}

describe('CMOS and RTC', () => {
  test('memory size registers as QEMU sets them for 128 MiB', () => {
    const { read } = cmos();
    const values = [0x15, 0x16, 0x17, 0x18, 0x30, 0x31, 0x34, 0x35].map(read);
    // Observed under qemu-system-i386 -m 128: 640 KiB, 0xffff KiB (capped), 0x700 × 64 KiB.
    expect(values).toEqual([0x80, 0x02, 0xff, 0xff, 0xff, 0xff, 0x00, 0x07]);
  });

  test('memory size registers for 8 MiB', () => {
    const { read } = cmos(8 << 20);
    expect([0x17, 0x18, 0x34, 0x35].map(read)).toEqual([0x00, 0x1c, 0, 0]);
  });

  test('status registers: A 0x26, B 24-hour BCD, D valid', () => {
    const { read } = cmos();
    expect([0x0a, 0x0b, 0x0d].map(read)).toEqual([0x26, 0x02, 0x80]);
  });

  test('the date is fixed at boot and advances with virtual time, in BCD', () => {
    const { clock, read } = cmos();
    expect([9, 8, 7, 6, 4, 2, 0, 0x32].map(read)).toEqual([0x24, 0x01, 0x01, 0x02, 0x00, 0x00, 0x00, 0x20]);
    clock.t = (3600 + 23 * 60 + 45) * 1e9;
    expect([4, 2, 0].map(read)).toEqual([0x01, 0x23, 0x45]);
  });

  test('binary mode and 12-hour mode', () => {
    const { clock, read, write } = cmos();
    clock.t = 13 * 3600 * 1e9;
    write(0x0b, 0x04); // binary, 12-hour
    expect(read(4)).toBe(0x80 | 1);
    write(0x0b, 0x06);
    expect(read(4)).toBe(13);
  });

  test('UIP is set only in the last 244 µs of a second', () => {
    const { clock, read } = cmos();
    clock.t = 0.5e9;
    expect(read(0x0a) & 0x80).toBe(0);
    clock.t = 1e9 - 100_000;
    expect(read(0x0a) & 0x80).toBe(0x80);
  });

  test('writing the time sets the clock', () => {
    const { clock, read, write } = cmos();
    write(0x04, 0x17);
    write(0x02, 0x30);
    clock.t = 2e9;
    expect([4, 2, 0].map(read)).toEqual([0x17, 0x30, 0x02]);
  });

  test('plain CMOS RAM keeps what is written', () => {
    const { read, write } = cmos();
    write(0x40, 0xa5);
    expect(read(0x40)).toBe(0xa5);
    expect(read(0x0c)).toBe(0);
  });
});

describe('RTC interrupts', () => {
  function withIrq() {
    const clock = { t: 0, now() { return this.t; } };
    const irq = { level: false, rises: 0 };
    const device = new Cmos(clock, 128 << 20, (level) => {
      if (level && !irq.level) irq.rises++;
      irq.level = level;
    });
    const read = (register: number) => {
      device.write(0x70, 1, register);
      return device.read(0x71, 1);
    };
    const write = (register: number, value: number) => {
      device.write(0x70, 1, register);
      device.write(0x71, 1, value);
    };
    const runTo = (ns: number) => {
      while (device.nextIrqTime <= ns) {
        clock.t = device.nextIrqTime;
        device.advanceTo(clock.t);
      }
      clock.t = ns;
    };
    return { clock, irq, read, write, runTo, device };
  }

  test('the periodic interrupt at 1024 Hz raises IRQ 8 until register C is read', () => {
    const { irq, read, write, runTo, device } = withIrq();
    expect(device.nextIrqTime).toBe(Infinity);
    write(0x0b, 0x42); // PIE, 24-hour
    runTo(1e6); // 1 ms: one period of 976.5625 µs
    expect(irq.rises).toBe(1);
    expect(irq.level).toBe(true);
    expect(read(0x0c)).toBe(0xc0);
    expect(irq.level).toBe(false);
    expect(read(0x0c)).toBe(0);
    runTo(1e6 + 10e6);
    expect(irq.rises).toBe(2); // not acknowledged: one request, held
    read(0x0c);
    let count = 0;
    for (let t = 11e6; t < 111e6; t += 100_000) {
      runTo(t);
      if (irq.level) count++, read(0x0c);
    }
    expect(count).toBe(102); // 100 ms at 1024 Hz, give or take the edges
  });

  test('register A selects the rate; 0 turns it off', () => {
    const { read, write, runTo, irq } = withIrq();
    write(0x0a, 0x2f); // rate 15: 2 Hz
    write(0x0b, 0x42);
    runTo(0.6e9);
    read(0x0c);
    runTo(1.1e9);
    expect(irq.rises).toBe(2);
    read(0x0c);
    write(0x0a, 0x20);
    runTo(5e9);
    expect(irq.rises).toBe(2);
  });

  test('the update-ended interrupt comes once a second', () => {
    const { read, write, runTo, irq } = withIrq();
    write(0x0b, 0x12); // UIE
    for (let s = 1; s <= 3; s++) {
      runTo(s * 1e9 + 1);
      expect(read(0x0c)).toBe(0x90);
    }
    expect(irq.rises).toBe(3);
  });
});
