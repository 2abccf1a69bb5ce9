// The worker-thread pool. Created lazily, on the first job that misses the cache,
// so a no-op build never pays for starting threads.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import type { Piscina } from 'piscina';
import type { WorkItem, WorkResult } from './work.js';

/** dist/worker.js of this package, whether we run from dist/ or from src/ (tests). */
export function workerFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'layermake') break;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the layermake package root');
    dir = parent;
  }
  const file = join(dir, 'dist', 'worker.js');
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
  private pool: Piscina<WorkItem, WorkResult> | undefined;

  constructor(
    readonly threads: number = availableParallelism(),
    private readonly options: PoolOptions = {},
  ) {}

  async run(item: WorkItem): Promise<WorkResult> {
    if (!this.pool) {
      const { Piscina } = await import('piscina');
      this.pool ??= new Piscina({
        filename: workerFile(),
        minThreads: this.options.keepWarm ? Math.max(1, this.threads) : 1,
        maxThreads: Math.max(1, this.threads),
        idleTimeout: this.options.keepWarm ? 2 ** 31 - 1 : 60_000,
      });
    }
    return this.pool.run(item);
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.destroy();
  }
}
