import { describe, test, expect } from '@jest/globals';
import { Uart16550 } from '../../../src/machine/devices/uart.js';

function setUp() {
  const sent: number[] = [];
  const irq = { level: false, rises: 0 };
  const uart = new Uart16550(0x3f8, (level) => {
    if (level && !irq.level) irq.rises++;
    irq.level = level;
  }, (byte) => sent.push(byte));
  const r = (offset: number) => uart.read(0x3f8 + offset, 1);
  const w = (offset: number, value: number) => uart.write(0x3f8 + offset, 1, value);
  return { uart, sent, irq, r, w };
}

describe('16550A', () => {
  test('reset state matches QEMU after SeaBIOS: IER 0, IIR 1, MCR OUT2, LSR 0x60, MSR 0xb0', () => {
    const { r } = setUp();
    expect([1, 2, 3, 4, 5, 6, 7].map(r)).toEqual([0x00, 0x01, 0x00, 0x08, 0x60, 0xb0, 0x00]);
  });

  test('THR writes reach the host and THR is empty again at once', () => {
    const { sent, r, w } = setUp();
    for (const c of 'hi\n') w(0, c.charCodeAt(0));
    expect(Buffer.from(sent).toString()).toBe('hi\n');
    expect(r(5) & 0x60).toBe(0x60);
  });

  test('DLAB switches ports 0 and 1 to the divisor latch', () => {
    const { sent, r, w } = setUp();
    w(3, 0x83);
    w(0, 0x01);
    w(1, 0x00);
    expect(r(0)).toBe(0x01);
    expect(r(1)).toBe(0x00);
    expect(sent).toEqual([]);
    w(3, 0x03);
    expect(r(1)).toBe(0x00); // IER again
    expect(r(3)).toBe(0x03);
  });

  test('scratch register holds a byte', () => {
    const { r, w } = setUp();
    w(7, 0x5a);
    expect(r(7)).toBe(0x5a);
  });

  test('THRE interrupt: raised on enable, cleared by reading IIR, raised again by a write', () => {
    const { irq, r, w } = setUp();
    w(1, 0x02);
    expect(irq.level).toBe(true);
    expect(r(2)).toBe(0x02);
    expect(irq.level).toBe(false);
    expect(r(2)).toBe(0x01);
    w(0, 0x41);
    expect(irq.level).toBe(true);
    expect(irq.rises).toBe(2);
  });

  test('received bytes: DR, RBR, the data-available interrupt, and one byte at a time without FIFO', () => {
    const { uart, irq, r, w } = setUp();
    w(1, 0x01);
    uart.feed(new Uint8Array([0x61, 0x62]));
    expect(r(5) & 0x01).toBe(0x01);
    expect(irq.level).toBe(true);
    expect(r(2)).toBe(0x04);
    expect(r(0)).toBe(0x61);
    expect(r(0)).toBe(0x62);
    expect(r(5) & 0x01).toBe(0x00);
    expect(irq.level).toBe(false);
  });

  test('FIFO mode: IIR shows 0xc0, trigger level and the character timeout', () => {
    const { uart, r, w } = setUp();
    w(2, 0x47); // enable and clear FIFOs, trigger at 4 bytes
    w(1, 0x01);
    uart.feed(new Uint8Array([1, 2]));
    expect(r(2)).toBe(0xcc); // below the trigger: timeout indication
    uart.feed(new Uint8Array([3, 4, 5]));
    expect(r(2)).toBe(0xc4);
    expect([r(0), r(0), r(0), r(0), r(0)]).toEqual([1, 2, 3, 4, 5]);
    expect(r(2)).toBe(0xc1);
  });

  test('overrun without FIFO sets OE, which reading LSR clears', () => {
    const { uart, r } = setUp();
    uart.feed(new Uint8Array([1]));
    // Host input waits for room, so overrun needs loopback: covered below. Here: no overrun.
    expect(r(5) & 0x02).toBe(0);
    expect(uart.inputWaiting).toBe(0);
  });

  test('loopback: THR comes back in RBR, MSR mirrors MCR, nothing reaches the host', () => {
    const { sent, r, w } = setUp();
    w(4, 0x1f);
    expect(r(6)).toBe(0xf0);
    w(4, 0x10);
    expect(r(6)).toBe(0x00);
    w(0, 0x99);
    expect(r(5) & 0x01).toBe(1);
    w(0, 0x98);
    expect(r(5) & 0x03).toBe(0x03); // overrun
    expect(r(5) & 0x02).toBe(0); // cleared by the read
    expect(r(0)).toBe(0x98);
    expect(sent).toEqual([]);
  });
});
