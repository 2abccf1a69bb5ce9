import { describe, test, expect } from '@jest/globals';
import { PicPair } from '../../../src/machine/devices/pic.js';

/** Programs the pair as a PC kernel does: vectors 0x20 and 0x28, cascade on IRQ 2. */
function initialized(icw4 = 0x01): PicPair {
  const pic = new PicPair();
  for (const [port, value] of [
    [0x20, 0x11], [0x21, 0x20], [0x21, 0x04], [0x21, icw4],
    [0xa0, 0x11], [0xa1, 0x28], [0xa1, 0x02], [0xa1, icw4],
    [0x21, 0x00], [0xa1, 0x00],
  ] as const) pic.write(port, 1, value);
  return pic;
}

const eoi = (pic: PicPair, port = 0x20) => pic.write(port, 1, 0x20);
const readIsr = (pic: PicPair, port = 0x20) => {
  pic.write(port, 1, 0x0b);
  return pic.read(port, 1);
};

describe('8259A pair', () => {
  test('ICW2 sets the vector base and an edge raises IRR', () => {
    const pic = initialized();
    expect(pic.interruptPending).toBe(false);
    pic.pulseIrq(0);
    expect(pic.read(0x20, 1)).toBe(0x01); // IRR by default
    expect(pic.interruptPending).toBe(true);
    expect(pic.acknowledge()).toBe(0x20);
    expect(pic.read(0x20, 1)).toBe(0x00);
    expect(readIsr(pic)).toBe(0x01);
    expect(pic.interruptPending).toBe(false);
    eoi(pic);
    expect(readIsr(pic)).toBe(0x00);
  });

  test('lower IRQ numbers win, and a request waits while a higher one is in service', () => {
    const pic = initialized();
    pic.pulseIrq(3);
    pic.pulseIrq(1);
    expect(pic.acknowledge()).toBe(0x21);
    // IRQ 3 has lower priority than IRQ 1 in service: held back until EOI.
    expect(pic.interruptPending).toBe(false);
    eoi(pic);
    expect(pic.interruptPending).toBe(true);
    expect(pic.acknowledge()).toBe(0x23);
  });

  test('a higher-priority request nests inside a lower one in service', () => {
    const pic = initialized();
    pic.pulseIrq(5);
    expect(pic.acknowledge()).toBe(0x25);
    pic.pulseIrq(0);
    expect(pic.interruptPending).toBe(true);
    expect(pic.acknowledge()).toBe(0x20);
    expect(readIsr(pic)).toBe(0x21);
    eoi(pic); // non-specific EOI clears the highest-priority bit: IRQ 0
    expect(readIsr(pic)).toBe(0x20);
  });

  test('IMR masks requests but IRR still latches them', () => {
    const pic = initialized();
    pic.write(0x21, 1, 0x01);
    pic.pulseIrq(0);
    expect(pic.interruptPending).toBe(false);
    expect(pic.read(0x21, 1)).toBe(0x01);
    expect(pic.read(0x20, 1)).toBe(0x01);
    pic.write(0x21, 1, 0x00);
    expect(pic.interruptPending).toBe(true);
  });

  test('edge triggering: a line held high requests once', () => {
    const pic = initialized();
    pic.setIrq(4, true);
    expect(pic.acknowledge()).toBe(0x24);
    eoi(pic);
    pic.setIrq(4, true);
    expect(pic.interruptPending).toBe(false);
    pic.setIrq(4, false);
    pic.setIrq(4, true);
    expect(pic.interruptPending).toBe(true);
  });

  test('slave interrupts cascade through IRQ 2 and need EOI on both chips', () => {
    const pic = initialized();
    pic.pulseIrq(12);
    expect(pic.interruptPending).toBe(true);
    expect(pic.acknowledge()).toBe(0x2c);
    expect(readIsr(pic, 0xa0)).toBe(0x10);
    expect(readIsr(pic, 0x20)).toBe(0x04);
    eoi(pic, 0xa0);
    eoi(pic, 0x20);
    expect(readIsr(pic, 0xa0)).toBe(0);
    expect(readIsr(pic, 0x20)).toBe(0);
  });

  test('specific EOI clears only the named level', () => {
    const pic = initialized();
    pic.pulseIrq(6);
    pic.acknowledge();
    pic.pulseIrq(1);
    pic.acknowledge();
    expect(readIsr(pic)).toBe(0x42);
    pic.write(0x20, 1, 0x60 | 6);
    expect(readIsr(pic)).toBe(0x02);
  });

  test('automatic EOI leaves ISR clear', () => {
    const pic = initialized(0x03);
    pic.pulseIrq(0);
    expect(pic.acknowledge()).toBe(0x20);
    expect(readIsr(pic)).toBe(0);
    pic.pulseIrq(0);
    expect(pic.interruptPending).toBe(true);
  });

  test('a request withdrawn before INTA yields the spurious IRQ 7 without ISR', () => {
    const pic = initialized();
    pic.write(0xa1, 1, 0x00);
    expect(pic.acknowledge()).toBe(0x27);
    expect(readIsr(pic)).toBe(0);
  });

  test('a slave with nothing to deliver yields spurious IRQ 15 with the master cascade in service', () => {
    const pic = initialized();
    pic.pulseIrq(9);
    pic.write(0xa1, 1, 0x02); // mask it on the slave after the master latched IRQ 2
    expect(pic.acknowledge()).toBe(0x2f);
    expect(readIsr(pic, 0x20)).toBe(0x04);
    expect(readIsr(pic, 0xa0)).toBe(0);
  });

  test('rotation on non-specific EOI makes the serviced IRQ the lowest priority', () => {
    const pic = initialized();
    pic.pulseIrq(0);
    pic.acknowledge();
    pic.write(0x20, 1, 0xa0); // rotate on non-specific EOI
    pic.pulseIrq(0);
    pic.pulseIrq(5);
    expect(pic.acknowledge()).toBe(0x25);
  });

  test('poll mode returns the request and acknowledges it', () => {
    const pic = initialized();
    pic.pulseIrq(3);
    pic.write(0x20, 1, 0x0c);
    expect(pic.read(0x20, 1)).toBe(0x83);
    expect(readIsr(pic)).toBe(0x08);
  });

  test('ICW1 clears the mask and pending state', () => {
    const pic = initialized();
    pic.write(0x21, 1, 0xff);
    pic.pulseIrq(1);
    pic.write(0x20, 1, 0x11);
    expect(pic.read(0x21, 1)).toBe(0);
    expect(pic.read(0x20, 1)).toBe(0);
  });

  test('ELCR makes a line level-triggered', () => {
    const pic = initialized();
    pic.write(0x4d1, 1, 0x02); // IRQ 9 level
    expect(pic.read(0x4d1, 1)).toBe(0x02);
    pic.setIrq(9, true);
    expect(pic.acknowledge()).toBe(0x29);
    pic.write(0xa0, 1, 0x20);
    pic.write(0x20, 1, 0x20);
    expect(pic.interruptPending).toBe(true); // still high: requests again
    pic.setIrq(9, false);
    // The slave's request is gone, but the master latched the cascade edge: spurious IRQ 15.
    expect(pic.acknowledge()).toBe(0x2f);
  });
});

describe('whether an interrupt could get through', () => {
  test('masks, the cascade and in-service priority decide', () => {
    const pic = initialized();
    expect(pic.wouldDeliver(0)).toBe(true);
    pic.write(0x21, 1, 0x01);
    expect(pic.wouldDeliver(0)).toBe(false);
    pic.write(0x21, 1, 0x04); // cascade masked: the slave's lines cannot get through
    expect(pic.wouldDeliver(0)).toBe(true);
    expect(pic.wouldDeliver(10)).toBe(false);
    pic.write(0x21, 1, 0x00);
    expect(pic.wouldDeliver(10)).toBe(true);
    pic.pulseIrq(0);
    pic.acknowledge(); // IRQ 0 in service, no EOI yet
    expect(pic.wouldDeliver(0)).toBe(false);
    expect(pic.wouldDeliver(3)).toBe(false);
    eoi(pic);
    expect(pic.wouldDeliver(3)).toBe(true);
  });
});
