// Port 0x92, "system control port A" (the PS/2 "fast A20 and reset" port).
// Bit 1 gates A20 and reads back; writing bit 0 as 1 resets the machine, which here,
// as under QEMU with -no-reboot, ends the run.
import type { IoDevice, IoSize } from '../ioBus.js';

export class SystemControlA implements IoDevice {
  readonly name = 'system control port A (0x92)';
  /** The A20 gate. RAM is never wrapped at 1 MiB by the emulator: a multiboot kernel runs with A20 on. */
  a20 = true;

  constructor(private readonly requestReset: (why: string) => void) {}

  read(_port: number, _size: IoSize): number {
    return this.a20 ? 0x02 : 0x00;
  }

  write(_port: number, _size: IoSize, value: number): void {
    this.a20 = (value & 0x02) !== 0;
    if (value & 0x01) this.requestReset('the guest reset the machine through port 0x92');
  }
}
