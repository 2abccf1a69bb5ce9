// Runs a DAG of jobs: each starts the moment its last dependency finishes (not layer
// by layer), CPU-bound work goes to the worker pool, and the main thread only
// coordinates. On failure it stops starting jobs (or, with keepGoing, starts only
// jobs that do not depend on a failure) and waits for those already running.

export type JobStatus = 'done' | 'cached' | 'failed' | 'skipped';

export interface DagJob<R> {
  id: string;
  deps: readonly string[];
  /** Runs the job given its dependencies' results; returns its result or throws JobFailed. */
  run(depResults: ReadonlyMap<string, R>): Promise<{ result: R; cached: boolean }>;
}

/** A job failed for a reason its diagnostics explain (not a bug). */
export class JobFailed extends Error {
  constructor(readonly jobId: string) {
    super(`job ${jobId} failed`);
  }
}

export interface DagOutcome<R> {
  results: Map<string, R>;
  status: Map<string, JobStatus>;
  failed: string[];
}

export async function runDag<R>(jobs: readonly DagJob<R>[], keepGoing: boolean): Promise<DagOutcome<R>> {
  const byId = new Map(jobs.map((job) => [job.id, job]));
  const dependents = new Map<string, string[]>();
  const waitingOn = new Map<string, number>();
  for (const job of jobs) {
    waitingOn.set(job.id, job.deps.length);
    for (const dep of job.deps) {
      if (!byId.has(dep)) throw new Error(`job ${job.id} depends on unknown job ${dep}`);
      dependents.set(dep, [...(dependents.get(dep) ?? []), job.id]);
    }
  }

  const results = new Map<string, R>();
  const status = new Map<string, JobStatus>();
  const failed: string[] = [];
  let stopping = false;
  let running = 0;

  return new Promise((resolve, reject) => {
    const finishIfIdle = () => {
      if (running > 0) return;
      for (const job of jobs) if (!status.has(job.id)) status.set(job.id, 'skipped');
      resolve({ results, status, failed });
    };

    const skipDependents = (id: string) => {
      for (const next of dependents.get(id) ?? []) {
        if (status.has(next)) continue;
        status.set(next, 'skipped');
        skipDependents(next);
      }
    };

    const start = (job: DagJob<R>) => {
      running++;
      job.run(results).then(
        ({ result, cached }) => {
          running--;
          results.set(job.id, result);
          status.set(job.id, cached ? 'cached' : 'done');
          for (const next of dependents.get(job.id) ?? []) {
            const left = waitingOn.get(next)! - 1;
            waitingOn.set(next, left);
            if (left === 0 && !stopping && !status.has(next)) start(byId.get(next)!);
          }
          finishIfIdle();
        },
        (err: unknown) => {
          running--;
          if (!(err instanceof JobFailed)) {
            stopping = true;
            reject(err);
            return;
          }
          status.set(job.id, 'failed');
          failed.push(job.id);
          skipDependents(job.id);
          if (!keepGoing) stopping = true;
          finishIfIdle();
        },
      );
    };

    for (const job of jobs) if (job.deps.length === 0) start(job);
    finishIfIdle();
  });
}
