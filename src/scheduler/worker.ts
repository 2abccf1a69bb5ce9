// The piscina worker entry: runs one CPU-bound job (compile, assemble, link) per call.
// Built to dist/worker.js as its own entry point; the scheduler fills it in.
export default function runJob(job: { kind: string }): never {
  throw new Error(`layermake worker: unknown job kind '${job.kind}'`);
}
