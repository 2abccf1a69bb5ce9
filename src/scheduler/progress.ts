// How a build reports progress: on a terminal one live line (done/total, what runs
// now, elapsed); otherwise plain lines; with --json one JSON event per line.

import type { BuildEvent } from './build.js';

/** What progress is written to: a process stream, or a build-server client's. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  json: boolean;
  verbose: boolean;
  explain: boolean;
  out?: OutputStream;
}

export class Progress {
  private finished = 0;
  private total = 0;
  private readonly running = new Set<string>();
  private readonly started = performance.now();
  private readonly out: OutputStream;
  private readonly live: boolean;
  private lineShown = false;

  constructor(private readonly options: ProgressOptions) {
    this.out = options.out ?? process.stdout;
    this.live = !options.json && this.out.isTTY === true;
  }

  jobs(total: number): void {
    this.total = total;
  }

  event(event: BuildEvent): void {
    if (this.options.json) {
      const { command, ...rest } = event;
      this.out.write(JSON.stringify({ event: 'job', ...rest, ...(this.options.verbose ? { command } : {}) }) + '\n');
      return;
    }
    if (event.type === 'start') {
      this.running.add(event.job);
      if (this.options.verbose && event.command) this.print(event.command);
    } else {
      this.running.delete(event.job);
      if (event.type !== 'skipped') this.finished++;
      if (this.options.explain && event.type === 'done' && event.reason) this.print(`${event.job}: ${event.reason}`);
      if (!this.live && (event.type === 'done' || event.type === 'failed')) {
        this.print(`[${this.finished}/${this.total}] ${event.job}${event.type === 'failed' ? ' FAILED' : ''}`);
      }
    }
    if (this.live) this.redraw();
  }

  /** Clears the live line before other output (diagnostics, the summary). */
  clear(): void {
    if (this.live && this.lineShown) {
      this.out.write('\r\x1b[K');
      this.lineShown = false;
    }
  }

  elapsedMs(): number {
    return performance.now() - this.started;
  }

  private print(line: string): void {
    this.clear();
    this.out.write(line + '\n');
  }

  private redraw(): void {
    const now = [...this.running].slice(0, 2).join(', ');
    const seconds = (this.elapsedMs() / 1000).toFixed(1);
    const text = `[${this.finished}/${this.total}] ${seconds}s ${now}`;
    const width = this.out.columns ?? 80;
    this.out.write('\r\x1b[K' + text.slice(0, width - 1));
    this.lineShown = true;
  }
}
