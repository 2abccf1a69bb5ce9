// A build server that has just started has cold code, and its first build would take
// longer than one in a fresh process. So it warms up while nobody waits for it: it
// loads the project, its plan and its sources into the memos its builds use, and
// every worker compiles and assembles a few of the project's largest C modules,
// whose results are dropped (no cache, no output), so that the JIT has optimised
// the compiler before the first edit arrives.

import type { WorkerPool } from '../scheduler/pool.js';
import { SourceFiles } from '../scheduler/sourceFiles.js';
import type { WarmState } from '../scheduler/session.js';
import type { ModulePlan } from '../scheduler/plan.js';
import type { ProjectMemo } from './project.js';
import type { GlobalOptions } from './options.js';

/** Modules each worker compiles: enough for the JIT to optimise the hot paths. */
const MODULES_PER_WORKER = 6;

const silent = { write: () => true, isTTY: false };

export async function warmUp(pool: WorkerPool, warm: { projects: ProjectMemo; session: WarmState }, options: GlobalOptions): Promise<void> {
  const loaded = warm.projects.load(options, { stdout: silent, stderr: silent });
  if (typeof loaded === 'number') return; // the first build reports what is wrong
  const { plan } = warm.session.planOf(loaded.project, loaded.graph);
  // Read as a build reads them: the first build then finds them hashed.
  const files = new SourceFiles(warm.session.fileHashes);
  const largest = plan.modules
    .filter((module) => module.language === 'c')
    .map((module) => ({ module, text: files.get(module.source)?.text }))
    .filter((entry): entry is { module: ModulePlan; text: string } => entry.text !== undefined)
    .sort((a, b) => b.text.length - a.text.length)
    .slice(0, MODULES_PER_WORKER * pool.threads);
  await Promise.all(largest.map(({ module, text }) => compileAndAssemble(pool, module, text)));
}

async function compileAndAssemble(pool: WorkerPool, module: ModulePlan, text: string): Promise<void> {
  const { includeDirs, defines, optLevel, toolchain } = module;
  const compiled = await pool.run({ kind: 'compile', toolchain, request: { file: module.source, text, optLevel, includeDirs, defines } });
  const asm = compiled.kind === 'compile' ? compiled.result.asm : undefined;
  if (asm === undefined) return;
  await pool.run({ kind: 'assemble', toolchain, request: { file: module.source, text: asm, preprocess: false, includeDirs, defines } });
}
