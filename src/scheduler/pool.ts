// The worker-thread pool. Created lazily, on the first job that misses the cache (or
// early, by a build that expects work), so a no-op build never pays for threads.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import type { Piscina } from 'piscina';
import type { WorkItem, WorkResult } from './work.js';
import { packageRoot } from '../packageRoot.js';

/** dist/worker.js of this package, whether we run from dist/ or from src/ (tests). */
export function workerFile(): string {
  const file = join(packageRoot(), 'dist', 'worker.js');
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\``);
  return file;
}

export interface PoolOptions {
  /**
   * Keep every thread, once started, for the life of the pool: a build server wants
   * warm workers (loaded code, optimised by the JIT) for the next build.
   */
  keepWarm?: boolean;
}

export class WorkerPool {
  private pool: Promise<Piscina<WorkItem, WorkResult>> | undefined;

  constructor(
    readonly threads: number = availableParallelism(),
    private readonly options: PoolOptions = {},
  ) {}

  /**
   * Spawns every thread now: a build that is likely to run jobs lets them load the
   * compiler while the main thread reads the Layerfile. Awaited before that read,
   * which is synchronous and would otherwise hold back the thread spawn behind it.
   */
  async start(): Promise<void> {
    await this.started(this.threads).catch(() => {}); // a failure to start shows on the first run()
  }

  async run(item: WorkItem): Promise<WorkResult> {
    return (await this.started()).run(item);
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await (await pool)?.destroy();
  }

  private started(minThreads = 1): Promise<Piscina<WorkItem, WorkResult>> {
    this.pool ??= import('piscina').then(
      ({ Piscina }) =>
        new Piscina<WorkItem, WorkResult>({
          filename: workerFile(),
          minThreads: Math.max(1, this.options.keepWarm ? this.threads : minThreads),
          maxThreads: Math.max(1, this.threads),
          idleTimeout: this.options.keepWarm ? 2 ** 31 - 1 : 60_000,
        }),
    );
    return this.pool;
  }
}
