// A 16550A UART, as COM1 at 0x3f8 on IRQ 4: transmit and receive holding registers
// with the 16-byte receive FIFO, IER/IIR interrupt identification in priority order,
// FCR, LCR with the divisor latch (DLAB), MCR with loopback, LSR, MSR and the scratch
// register. Transmission is instant (the host console is faster than any baud rate),
// so THR is empty again as soon as it is written. The register semantics follow QEMU's
// serial device, whose behaviour kernels are tested against: its reset state, its
// modem lines (DCD, DSR, CTS up), and when each interrupt is raised and cleared.
import type { IoDevice, IoSize } from '../ioBus.js';

const IER_RDI = 0x01; // received data available
const IER_THRI = 0x02; // transmit holding register empty
const IER_RLSI = 0x04; // receiver line status
const IER_MSI = 0x08; // modem status

const IIR_NO_INT = 0x01;
const IIR_MSI = 0x00;
const IIR_THRI = 0x02;
const IIR_RDI = 0x04;
const IIR_RLSI = 0x06;
const IIR_CTI = 0x0c; // character timeout
const IIR_FIFO_ENABLED = 0xc0;

const LCR_DLAB = 0x80;

const MCR_LOOP = 0x10;
const MCR_OUT2 = 0x08;

const LSR_DR = 0x01;
const LSR_OE = 0x02;
const LSR_BI = 0x10;
const LSR_THRE = 0x20;
const LSR_TEMT = 0x40;
const LSR_ERRORS = 0x1e;

const MSR_CTS = 0x10;
const MSR_DSR = 0x20;
const MSR_DCD = 0x80;
const MSR_DELTAS = 0x0f;

const FCR_FIFO_ENABLE = 0x01;
const FCR_CLEAR_RECEIVE = 0x02;
const FCR_CLEAR_TRANSMIT = 0x04;

const FIFO_SIZE = 16;
const TRIGGER_LEVELS = [1, 4, 8, 14];

export class Uart16550 implements IoDevice {
  readonly name = '16550A UART';
  private rbr = 0;
  private ier = 0;
  private iir = IIR_NO_INT;
  private lcr = 0;
  private mcr = MCR_OUT2;
  private lsr = LSR_TEMT | LSR_THRE;
  private msr = MSR_DCD | MSR_DSR | MSR_CTS;
  private scr = 0;
  private fcr = 0;
  private divisor = 12; // 9600 baud
  private thrInterruptPending = false;
  private timeoutPending = false;
  private readonly receiveFifo = new Uint8Array(FIFO_SIZE);
  private fifoHead = 0;
  private fifoCount = 0;
  private triggerLevel = 1;
  /** Host bytes waiting to reach the receiver. */
  private input: number[] = [];
  private inputHead = 0;

  constructor(
    private readonly base: number,
    private readonly setIrq: (level: boolean) => void,
    private readonly transmit: (byte: number) => void,
  ) {}

  /** Queues host bytes for the guest to receive. */
  feed(bytes: Uint8Array): void {
    for (const byte of bytes) this.input.push(byte);
    this.pumpInput();
  }

  /** Bytes the guest has not taken yet. */
  get inputWaiting(): number {
    return this.input.length - this.inputHead;
  }

  read(port: number, _size: IoSize): number {
    switch (port - this.base) {
      case 0:
        if (this.lcr & LCR_DLAB) return this.divisor & 0xff;
        return this.readReceiver();
      case 1:
        return this.lcr & LCR_DLAB ? (this.divisor >> 8) & 0xff : this.ier;
      case 2: {
        const value = this.iir;
        if ((value & 0x0f) === IIR_THRI) {
          this.thrInterruptPending = false;
          this.updateInterrupt();
        }
        return value;
      }
      case 3:
        return this.lcr;
      case 4:
        return this.mcr;
      case 5: {
        const value = this.lsr;
        if (value & (LSR_BI | LSR_OE)) {
          this.lsr &= ~(LSR_BI | LSR_OE);
          this.updateInterrupt();
        }
        return value;
      }
      case 6:
        return this.readModemStatus();
      default:
        return this.scr;
    }
  }

  write(port: number, _size: IoSize, value: number): void {
    switch (port - this.base) {
      case 0:
        if (this.lcr & LCR_DLAB) this.divisor = (this.divisor & 0xff00) | value;
        else this.transmitByte(value);
        break;
      case 1:
        if (this.lcr & LCR_DLAB) this.divisor = (this.divisor & 0xff) | (value << 8);
        else this.writeIer(value);
        break;
      case 2:
        this.writeFcr(value);
        break;
      case 3:
        this.lcr = value;
        break;
      case 4:
        this.mcr = value & 0x1f;
        this.pumpInput();
        break;
      case 7:
        this.scr = value;
        break;
      default: // LSR and MSR are read-only
        break;
    }
  }

  private transmitByte(value: number): void {
    this.thrInterruptPending = false;
    this.lsr &= ~(LSR_THRE | LSR_TEMT);
    this.updateInterrupt();
    // The byte moves to the shift register and out at once.
    this.lsr |= LSR_THRE;
    this.thrInterruptPending = true;
    this.updateInterrupt();
    if (this.mcr & MCR_LOOP) this.receive(value);
    else this.transmit(value);
    this.lsr |= LSR_TEMT;
  }

  private writeIer(value: number): void {
    const changed = (this.ier ^ value) & 0x0f;
    this.ier = value & 0x0f;
    if (changed & IER_THRI) this.thrInterruptPending = (this.ier & IER_THRI) !== 0 && (this.lsr & LSR_THRE) !== 0;
    if (changed) this.updateInterrupt();
  }

  private writeFcr(value: number): void {
    if (value & FCR_CLEAR_RECEIVE) {
      this.fifoHead = 0;
      this.fifoCount = 0;
      this.timeoutPending = false;
      this.lsr &= ~(LSR_DR | LSR_BI);
    }
    if (value & FCR_CLEAR_TRANSMIT) {
      this.lsr |= LSR_THRE;
      this.thrInterruptPending = true;
    }
    this.fcr = value & 0xc9;
    if (this.fcr & FCR_FIFO_ENABLE) {
      this.iir |= IIR_FIFO_ENABLED;
      this.triggerLevel = TRIGGER_LEVELS[value >> 6]!;
    } else {
      this.iir &= ~IIR_FIFO_ENABLED;
    }
    this.updateInterrupt();
    this.pumpInput();
  }

  private readReceiver(): number {
    let value: number;
    if (this.fcr & FCR_FIFO_ENABLE) {
      value = 0;
      if (this.fifoCount > 0) {
        value = this.receiveFifo[this.fifoHead]!;
        this.fifoHead = (this.fifoHead + 1) % FIFO_SIZE;
        this.fifoCount--;
      }
      if (this.fifoCount === 0) this.lsr &= ~(LSR_DR | LSR_BI);
      this.timeoutPending = this.fifoCount > 0;
    } else {
      value = this.rbr;
      this.lsr &= ~(LSR_DR | LSR_BI);
    }
    this.updateInterrupt();
    this.pumpInput();
    return value;
  }

  private readModemStatus(): number {
    if (this.mcr & MCR_LOOP) {
      // Loopback wires RTS→CTS, DTR→DSR, OUT1→RI, OUT2→DCD.
      const mcr = this.mcr;
      return ((mcr & 0x0c) << 4) | ((mcr & 0x02) << 3) | ((mcr & 0x01) << 5);
    }
    const value = this.msr;
    if (value & MSR_DELTAS) {
      this.msr &= 0xf0;
      this.updateInterrupt();
    }
    return value;
  }

  /** One byte arrives at the receiver (from the host, or from THR in loopback). */
  private receive(byte: number): void {
    if (this.fcr & FCR_FIFO_ENABLE) {
      if (this.fifoCount < FIFO_SIZE) {
        this.receiveFifo[(this.fifoHead + this.fifoCount) % FIFO_SIZE] = byte;
        this.fifoCount++;
      } else {
        this.lsr |= LSR_OE;
      }
      this.lsr |= LSR_DR;
      this.timeoutPending = true;
    } else {
      if (this.lsr & LSR_DR) this.lsr |= LSR_OE;
      this.rbr = byte;
      this.lsr |= LSR_DR;
    }
    this.updateInterrupt();
  }

  /** Moves host input into the receiver while it has room (never in loopback). */
  private pumpInput(): void {
    while (this.inputHead < this.input.length && (this.mcr & MCR_LOOP) === 0 && this.canReceive()) {
      this.receive(this.input[this.inputHead++]!);
    }
    if (this.inputHead > 4096 && this.inputHead === this.input.length) {
      this.input = [];
      this.inputHead = 0;
    }
  }

  private canReceive(): boolean {
    if (this.fcr & FCR_FIFO_ENABLE) return this.fifoCount < FIFO_SIZE;
    return (this.lsr & LSR_DR) === 0;
  }

  private updateInterrupt(): void {
    const ier = this.ier;
    let id = IIR_NO_INT;
    if (ier & IER_RLSI && this.lsr & LSR_ERRORS) id = IIR_RLSI;
    else if (ier & IER_RDI && this.timeoutPending && this.fifoCount < this.triggerLevel) id = IIR_CTI;
    else if (ier & IER_RDI && this.lsr & LSR_DR && (!(this.fcr & FCR_FIFO_ENABLE) || this.fifoCount >= this.triggerLevel)) id = IIR_RDI;
    else if (ier & IER_THRI && this.thrInterruptPending) id = IIR_THRI;
    else if (ier & IER_MSI && this.msr & MSR_DELTAS) id = IIR_MSI;
    this.iir = id | (this.iir & 0xf0);
    this.setIrq(id !== IIR_NO_INT);
  }
}
