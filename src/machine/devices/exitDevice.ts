// QEMU's isa-debug-exit device (iobase 0xf4, iosize 4): writing v to it ends the run
// with exit status (v << 1) | 1, so a test kernel reports its verdict the same way
// under both. Reads return 0, as QEMU's do.
import type { IoDevice, IoSize } from '../ioBus.js';

export const EXIT_DEVICE_PORT = 0xf4;
export const EXIT_DEVICE_PORTS = 4;

export class ExitDevice implements IoDevice {
  readonly name = 'isa-debug-exit';

  constructor(private readonly onExit: (status: number) => void) {}

  read(_port: number, _size: IoSize): number {
    return 0;
  }

  write(_port: number, size: IoSize, value: number): void {
    const mask = size === 1 ? 0xff : size === 2 ? 0xffff : 0xffffffff;
    // The status is what the host process would exit with: (v << 1) | 1, modulo 256.
    this.onExit(((((value & mask) >>> 0) * 2) | 1) & 0xff);
  }
}
