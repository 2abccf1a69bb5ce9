// Port 0x80, the POST diagnostic port. Kernels write to it only to wait about a
// microsecond between accesses to slow ISA devices; the write does nothing here.
import type { IoDevice, IoSize } from '../ioBus.js';

export class PostPort implements IoDevice {
  readonly name = 'POST delay port (0x80)';

  read(_port: number, _size: IoSize): number {
    return 0xff;
  }

  write(_port: number, _size: IoSize, _value: number): void {}
}
