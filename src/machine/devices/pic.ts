// The PC's pair of 8259A programmable interrupt controllers: the master at 0x20/0x21
// takes IRQ 0-7, the slave at 0xa0/0xa1 takes IRQ 8-15 and cascades into the master's
// IRQ 2. Edge-triggered by default (the ELCR at 0x4d0/0x4d1 can make lines level-
// triggered), fully nested priority with rotation, specific and non-specific EOI,
// automatic EOI, special mask mode, poll mode, and the spurious IRQ 7 / IRQ 15 that
// an acknowledge with nothing left to deliver produces. Where the datasheet leaves a
// choice, it behaves as QEMU's i8259 does, so a kernel sees the same thing on both.
import type { IoDevice, IoSize } from '../ioBus.js';

/** Lowest priority value: "nothing". */
const NO_PRIORITY = 8;

/** One 8259A. */
export class Pic8259 {
  irr = 0;
  isr = 0;
  imr = 0;
  /** Input line levels, for edge detection. */
  private lineLevels = 0;
  /** Edge/level control: bit set = level-triggered. */
  elcr = 0;
  /** The IRQ that currently has the highest priority (rotation). */
  private priorityBase = 0;
  vectorBase = 0;
  private readIsr = false;
  private pollPending = false;
  private specialMask = false;
  autoEoi = false;
  private rotateOnAutoEoi = false;
  private specialFullyNested = false;
  /** 0: operational; 1, 2, 3: waiting for ICW2, ICW3, ICW4. */
  private initStep = 0;
  private expectIcw4 = false;
  private single = false;

  constructor(
    readonly isMaster: boolean,
    private readonly elcrMask: number,
  ) {}

  /** Drives input line `irq` (0-7) to `level`. */
  setLevel(irq: number, level: boolean): void {
    const bit = 1 << irq;
    if (this.elcr & bit) {
      if (level) this.irr |= bit;
      else this.irr &= ~bit;
    } else if (level && (this.lineLevels & bit) === 0) {
      this.irr |= bit;
    }
    if (level) this.lineLevels |= bit;
    else this.lineLevels &= ~bit;
  }

  /** The IRQ (0-7) this chip would deliver now, or -1. */
  pendingIrq(): number {
    const requested = this.priorityOf(this.irr & ~this.imr);
    if (requested === NO_PRIORITY) return -1;
    let inService = this.isr;
    if (this.specialMask) inService &= ~this.imr;
    // A slave's further requests may nest inside its own cascade's service when
    // special fully nested mode is on.
    if (this.specialFullyNested && this.isMaster) inService &= ~(1 << 2);
    return requested < this.priorityOf(inService) ? (requested + this.priorityBase) & 7 : -1;
  }

  /** Whether a request on `irq` would reach this chip's output now (not masked, not outranked by ISR). */
  wouldDeliver(irq: number): boolean {
    if (this.imr & (1 << irq)) return false;
    let inService = this.isr;
    if (this.specialMask) inService &= ~this.imr;
    if (this.specialFullyNested && this.isMaster) inService &= ~(1 << 2);
    return ((irq - this.priorityBase) & 7) < this.priorityOf(inService);
  }

  /** The INTA cycle's effect on this chip for `irq`. */
  acknowledge(irq: number): void {
    const bit = 1 << irq;
    if (this.autoEoi) {
      if (this.rotateOnAutoEoi) this.priorityBase = (irq + 1) & 7;
    } else {
      this.isr |= bit;
    }
    if ((this.elcr & bit) === 0) this.irr &= ~bit;
  }

  /** 0 = command port (0x20/0xa0), 1 = data port (0x21/0xa1). */
  writePort(offset: number, value: number): void {
    if (offset === 0) {
      if (value & 0x10) this.startInitialization(value);
      else if (value & 0x08) this.writeOcw3(value);
      else this.writeOcw2(value);
      return;
    }
    switch (this.initStep) {
      case 0:
        this.imr = value;
        break;
      case 1:
        this.vectorBase = value & 0xf8;
        this.initStep = this.single ? (this.expectIcw4 ? 3 : 0) : 2;
        break;
      case 2:
        // ICW3 describes the wiring, which on a PC is fixed: slave on IRQ 2.
        this.initStep = this.expectIcw4 ? 3 : 0;
        break;
      case 3:
        this.specialFullyNested = (value & 0x10) !== 0;
        this.autoEoi = (value & 0x02) !== 0;
        this.initStep = 0;
        break;
    }
  }

  readPort(offset: number): number {
    if (this.pollPending) {
      this.pollPending = false;
      const irq = this.pendingIrq();
      if (irq < 0) return 0x07;
      this.acknowledge(irq);
      return irq | 0x80;
    }
    if (offset === 0) return this.readIsr ? this.isr : this.irr;
    return this.imr;
  }

  private startInitialization(icw1: number): void {
    this.lineLevels = 0;
    this.irr = 0;
    this.isr = 0;
    this.imr = 0;
    this.priorityBase = 0;
    this.readIsr = false;
    this.pollPending = false;
    this.specialMask = false;
    this.autoEoi = false;
    this.rotateOnAutoEoi = false;
    this.specialFullyNested = false;
    this.expectIcw4 = (icw1 & 0x01) !== 0;
    this.single = (icw1 & 0x02) !== 0;
    this.initStep = 1;
  }

  private writeOcw2(value: number): void {
    const command = value >> 5;
    switch (command) {
      case 0:
      case 4:
        this.rotateOnAutoEoi = command === 4;
        break;
      case 1: // non-specific EOI
      case 5: {
        // … with rotation
        const priority = this.priorityOf(this.isr);
        if (priority === NO_PRIORITY) break;
        const irq = (priority + this.priorityBase) & 7;
        this.isr &= ~(1 << irq);
        if (command === 5) this.priorityBase = (irq + 1) & 7;
        break;
      }
      case 3: // specific EOI
        this.isr &= ~(1 << (value & 7));
        break;
      case 6: // set priority: the named IRQ becomes the lowest
        this.priorityBase = (value + 1) & 7;
        break;
      case 7: // specific EOI with rotation
        this.isr &= ~(1 << (value & 7));
        this.priorityBase = ((value & 7) + 1) & 7;
        break;
      default: // 2: no operation
        break;
    }
  }

  private writeOcw3(value: number): void {
    if (value & 0x04) this.pollPending = true;
    if (value & 0x02) this.readIsr = (value & 0x01) !== 0;
    if (value & 0x40) this.specialMask = (value & 0x20) !== 0;
  }

  writeElcr(value: number): void {
    this.elcr = value & this.elcrMask;
  }

  /** Priority (0 = highest) of the best bit in `mask`, or NO_PRIORITY. */
  private priorityOf(mask: number): number {
    if ((mask & 0xff) === 0) return NO_PRIORITY;
    let priority = 0;
    while ((mask & (1 << ((priority + this.priorityBase) & 7))) === 0) priority++;
    return priority;
  }
}

/** The cascaded pair, as the CPU's single interrupt input sees it. */
export class PicPair implements IoDevice {
  readonly name = '8259A PIC';
  readonly master = new Pic8259(true, 0xf8);
  readonly slave = new Pic8259(false, 0xde);
  /** The master's INT output: the CPU polls this between instructions. */
  interruptPending = false;

  /** Drives IRQ line `irq` (0-15). */
  setIrq(irq: number, level: boolean): void {
    if (irq < 8) this.master.setLevel(irq, level);
    else this.slave.setLevel(irq - 8, level);
    this.update();
  }

  /**
   * Whether an edge on IRQ `irq` would interrupt the CPU as things stand. A halted CPU
   * cannot change the masks, so if nothing that can still happen would get through,
   * nothing will ever wake it.
   */
  wouldDeliver(irq: number): boolean {
    if (irq < 8) return this.master.wouldDeliver(irq);
    return this.slave.wouldDeliver(irq - 8) && this.master.wouldDeliver(2);
  }

  /** A rising and falling edge: how an edge-triggered device signals one event. */
  pulseIrq(irq: number): void {
    this.setIrq(irq, true);
    this.setIrq(irq, false);
  }

  /** INTA: the vector to deliver. With nothing left to deliver, the spurious IRQ 7 (or 15). */
  acknowledge(): number {
    const master = this.master;
    const irq = master.pendingIrq();
    let vector: number;
    if (irq < 0) {
      vector = master.vectorBase + 7;
    } else {
      if (irq === 2) {
        let slaveIrq = this.slave.pendingIrq();
        if (slaveIrq >= 0) this.slave.acknowledge(slaveIrq);
        else slaveIrq = 7;
        vector = this.slave.vectorBase + slaveIrq;
      } else {
        vector = master.vectorBase + irq;
      }
      master.acknowledge(irq);
    }
    this.update();
    return vector;
  }

  read(port: number, _size: IoSize): number {
    let value: number;
    switch (port) {
      case 0x20:
      case 0x21:
        value = this.master.readPort(port & 1);
        break;
      case 0xa0:
      case 0xa1:
        value = this.slave.readPort(port & 1);
        break;
      case 0x4d0:
        return this.master.elcr;
      case 0x4d1:
        return this.slave.elcr;
      default:
        return 0xff;
    }
    this.update();
    return value;
  }

  write(port: number, _size: IoSize, value: number): void {
    switch (port) {
      case 0x20:
      case 0x21:
        this.master.writePort(port & 1, value);
        break;
      case 0xa0:
      case 0xa1:
        this.slave.writePort(port & 1, value);
        break;
      case 0x4d0:
        this.master.writeElcr(value);
        break;
      case 0x4d1:
        this.slave.writeElcr(value);
        break;
    }
    this.update();
  }

  /** Propagates the slave's output into the master's IRQ 2 and the master's to the CPU. */
  private update(): void {
    this.master.setLevel(2, this.slave.pendingIrq() >= 0);
    this.interruptPending = this.master.pendingIrq() >= 0;
  }
}
