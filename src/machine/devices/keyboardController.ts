// The 8042 keyboard controller, as far as kernels use it without a keyboard: its
// status register, the command byte, the output port (whose bit 0 is the CPU's
// reset line and bit 1 the A20 gate), the self-test, and pulse-output command 0xFE
// that resets the machine. No keyboard or mouse is attached: nothing ever arrives
// from a device, only the controller's own replies.
import type { IoDevice, IoSize } from '../ioBus.js';

const STATUS_OUTPUT_FULL = 0x01;
const STATUS_SYSTEM = 0x04; // passed its power-on self-test
const STATUS_COMMAND = 0x08; // last write was to the command port
const STATUS_UNLOCKED = 0x10;

export class KeyboardController implements IoDevice {
  readonly name = '8042 keyboard controller';
  private status = STATUS_SYSTEM | STATUS_UNLOCKED;
  private output = 0;
  private commandByte = 0x45; // translate, system flag, keyboard interrupt on
  private outputPort = 0x03; // reset line released, A20 on
  /** The command whose parameter the next write to port 0x60 is, or 0. */
  private pendingCommand = 0;

  constructor(private readonly requestReset: (why: string) => void) {}

  read(port: number, _size: IoSize): number {
    if (port === 0x64) return this.status;
    this.status &= ~STATUS_OUTPUT_FULL;
    return this.output;
  }

  write(port: number, _size: IoSize, value: number): void {
    if (port === 0x64) {
      this.status |= STATUS_COMMAND;
      this.command(value);
      return;
    }
    this.status &= ~STATUS_COMMAND;
    const command = this.pendingCommand;
    this.pendingCommand = 0;
    if (command === 0x60) this.commandByte = value;
    else if (command === 0xd1) this.writeOutputPort(value);
    // Bytes meant for the (absent) keyboard are dropped.
  }

  private command(command: number): void {
    switch (command) {
      case 0x20:
        this.reply(this.commandByte);
        break;
      case 0x60:
      case 0xd1:
        this.pendingCommand = command;
        break;
      case 0xaa: // controller self-test
        this.reply(0x55);
        break;
      case 0xab: // keyboard interface test
        this.reply(0x00);
        break;
      case 0xd0:
        this.reply(this.outputPort);
        break;
      case 0xdd: // A20 off
      case 0xdf: // A20 on
        this.outputPort = (this.outputPort & ~0x02) | (command & 0x02);
        break;
      default:
        // 0xF0-0xFF pulse output lines low for 6 µs; bit 0 clear pulses the reset line.
        if ((command & 0xf0) === 0xf0 && (command & 0x01) === 0) {
          this.requestReset(`the guest reset the machine through the keyboard controller (0x64 ← 0x${command.toString(16)})`);
        }
        break;
    }
  }

  private writeOutputPort(value: number): void {
    this.outputPort = value;
    if ((value & 0x01) === 0) this.requestReset('the guest reset the machine through the keyboard controller output port');
  }

  private reply(value: number): void {
    this.output = value;
    this.status |= STATUS_OUTPUT_FULL;
  }
}
