// The instruction trace (`layermake boot --trace FILE`): one line per retired
// instruction with the instruction count and the CPU's full register state before
// it, so that two traces (e.g. before and after a change) can be diffed. Tracing
// steps the CPU one instruction at a time and is meant for short, focused runs.
import { openSync, writeSync, closeSync } from 'node:fs';
import type { CpuApi } from './bus.js';

const FLUSH_BYTES = 1 << 16;

export class Tracer {
  private readonly fd: number;
  private buffer: string[] = [];
  private bufferedBytes = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  /** Records the state the next instruction will start from. */
  record(cpu: CpuApi): void {
    const line = `${cpu.instructionCount} ${cpu.dumpRegisters().replace(/\s*\n\s*/g, ' ').trim()}\n`;
    this.buffer.push(line);
    this.bufferedBytes += line.length;
    if (this.bufferedBytes >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.buffer.length) writeSync(this.fd, this.buffer.join(''));
    this.buffer = [];
    this.bufferedBytes = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
