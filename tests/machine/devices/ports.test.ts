import { describe, test, expect } from '@jest/globals';
import { IoBus } from '../../../src/machine/ioBus.js';
import { ExitDevice } from '../../../src/machine/devices/exitDevice.js';
import { SystemControlA } from '../../../src/machine/devices/systemControlA.js';
import { KeyboardController } from '../../../src/machine/devices/keyboardController.js';
import { SystemControlB } from '../../../src/machine/devices/systemControlB.js';
import { PitChannel } from '../../../src/machine/devices/pit.js';
import { pitTicksToNs } from '../../../src/machine/clock.js';
import { PostPort } from '../../../src/machine/devices/postPort.js';

describe('I/O bus', () => {
  test('unclaimed ports read all ones at every size and ignore writes', () => {
    const bus = new IoBus();
    bus.write(0x1234, 4, 0);
    expect(bus.read(0x1234, 1)).toBe(0xff);
    expect(bus.read(0x1234, 2)).toBe(0xffff);
    expect(bus.read(0x1234, 4)).toBe(0xffffffff);
  });

  test('wide accesses to byte-wide devices split into bytes, little-endian', () => {
    const bus = new IoBus();
    const seen: [number, number][] = [];
    bus.register(0x100, 2, { name: 'x', read: (p) => p & 0xff, write: (p, _s, v) => seen.push([p, v]) });
    expect(bus.read(0x100, 2)).toBe(0x0100);
    expect(bus.read(0x101, 2)).toBe(0xff01); // 0x102 is unclaimed
    bus.write(0x100, 2, 0xbeef);
    expect(seen).toEqual([[0x100, 0xef], [0x101, 0xbe]]);
  });

  test('two devices cannot claim one port', () => {
    const bus = new IoBus();
    bus.register(0x80, 1, new PostPort());
    expect(() => bus.register(0x80, 1, new PostPort())).toThrow(/claimed by both/);
  });
});

describe('isa-debug-exit', () => {
  test('writing v exits with (v << 1) | 1; reads are 0', () => {
    const statuses: number[] = [];
    const bus = new IoBus();
    bus.register(0xf4, 4, new ExitDevice((s) => statuses.push(s)), { byteWide: false });
    bus.write(0xf4, 1, 0);
    bus.write(0xf4, 1, 0x10);
    bus.write(0xf4, 4, 0x21);
    expect(statuses).toEqual([1, 0x21, 0x43]);
    expect(bus.read(0xf4, 1)).toBe(0);
  });
});

describe('reset lines', () => {
  test('port 0x92: A20 reads back, bit 0 resets', () => {
    const resets: string[] = [];
    const port = new SystemControlA((why) => resets.push(why));
    expect(port.read(0x92, 1)).toBe(0x02);
    port.write(0x92, 1, 0x00);
    expect(port.read(0x92, 1)).toBe(0x00);
    expect(resets).toEqual([]);
    port.write(0x92, 1, 0x03);
    expect(resets.length).toBe(1);
  });

  test('8042: 0xFE on port 0x64 resets; self-test answers 0x55; output port round-trips', () => {
    const resets: string[] = [];
    const kbc = new KeyboardController((why) => resets.push(why));
    kbc.write(0x64, 1, 0xaa);
    expect(kbc.read(0x64, 1) & 1).toBe(1);
    expect(kbc.read(0x60, 1)).toBe(0x55);
    expect(kbc.read(0x64, 1) & 1).toBe(0);
    kbc.write(0x64, 1, 0xd1);
    kbc.write(0x60, 1, 0x01); // A20 off, reset line released
    kbc.write(0x64, 1, 0xd0);
    expect(kbc.read(0x60, 1)).toBe(0x01);
    expect(resets).toEqual([]);
    kbc.write(0x64, 1, 0xfe);
    expect(resets.length).toBe(1);
  });
});

describe('port 0x61', () => {
  test('gates PIT channel 2 and shows its output', () => {
    const clock = { t: 0, now() { return this.t; } };
    const channel = new PitChannel(clock, false, () => {});
    const port = new SystemControlB(clock, channel);
    channel.writeControl(0xb0); // mode 0, LSB/MSB
    channel.writeData(100);
    channel.writeData(0);
    port.write(0x61, 1, 0x01);
    expect(port.read(0x61, 1) & 0x21).toBe(0x01);
    clock.t = pitTicksToNs(100);
    expect(port.read(0x61, 1) & 0x20).toBe(0x20);
  });

  test('the refresh bit toggles every 15 µs of virtual time', () => {
    const clock = { t: 0, now() { return this.t; } };
    const port = new SystemControlB(clock, new PitChannel(clock, false, () => {}));
    const first = port.read(0x61, 1) & 0x10;
    clock.t = 15085;
    expect(port.read(0x61, 1) & 0x10).toBe(first ^ 0x10);
  });
});
