// Port 0x61, "system control port B": bit 0 is the gate of PIT channel 2 and bit 1
// the speaker enable; reads add the DRAM refresh toggle (bit 4, flipping every
// 15.085 µs) and channel 2's output (bit 5), which Linux polls to calibrate its clocks.
import type { IoDevice, IoSize } from '../ioBus.js';
import type { Clock } from '../clock.js';
import type { PitChannel } from './pit.js';

const REFRESH_PERIOD_NS = 15085;

export class SystemControlB implements IoDevice {
  readonly name = 'system control port B (0x61)';
  private speakerEnabled = false;

  constructor(
    private readonly clock: Clock,
    private readonly channel2: PitChannel,
  ) {}

  read(_port: number, _size: IoSize): number {
    const now = this.clock.now();
    const refresh = Math.floor(now / REFRESH_PERIOD_NS) & 1;
    const out = this.channel2.outputAt(now) ? 1 : 0;
    return (out << 5) | (refresh << 4) | ((this.speakerEnabled ? 1 : 0) << 1) | (this.channel2.gate ? 1 : 0);
  }

  write(_port: number, _size: IoSize, value: number): void {
    this.speakerEnabled = (value & 0x02) !== 0;
    this.channel2.setGate((value & 0x01) !== 0);
  }
}
