// One build of a project, as the CLI and `watch` run it: plan from the graph, the
// cache and job records under .layermake/, the worker pool, compile_commands.json,
// and the statistics `layermake cache stats` reports.

import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { LayerGraph } from '../graph/layerGraph.js';
import type { Project } from '../graph/model.js';
import { ContentStore } from '../cache/store.js';
import { runBuild, type BuildEvent, type BuildReport } from './build.js';
import { writeCompileCommands } from './compileCommands.js';
import type { JobRecord } from './explain.js';
import { planFromProject } from './fromGraph.js';
import { writeIfChanged } from './outputs.js';
import type { BuildPlan } from './plan.js';
import type { WorkerPool } from './pool.js';
import { FileHashCache } from './sourceFiles.js';

export interface SessionOptions {
  /** Default <root>/.layermake/cache; LAYERMAKE_CACHE_DIR overrides the default. */
  cacheDir?: string;
  keepGoing?: boolean;
  images?: string[];
  onEvent?: (event: BuildEvent) => void;
  onJobs?: (total: number) => void;
  /** What a long-lived process (the build server, `watch`) keeps from one build to the next. */
  warm?: WarmState;
}

/**
 * Plans and file hashes kept across builds. A plan depends only on its (immutable)
 * project, so it is kept per project object; file hashes are checked by stat.
 */
export class WarmState {
  readonly fileHashes = new FileHashCache();
  private readonly plans = new WeakMap<Project, ReturnType<typeof planFromProject>>();
  private readonly stores = new Map<string, ContentStore>();

  storeAt(dir: string): ContentStore {
    let store = this.stores.get(dir);
    if (!store) {
      store = new ContentStore(dir, { remember: true });
      this.stores.set(dir, store);
    }
    store.resetCounters();
    return store;
  }

  planOf(project: Project, graph: LayerGraph): ReturnType<typeof planFromProject> {
    let planned = this.plans.get(project);
    if (!planned) {
      planned = planFromProject(project, graph);
      this.plans.set(project, planned);
    }
    return planned;
  }
}

export interface SessionResult extends BuildReport {
  plan: BuildPlan;
  /** Every file the build read: Layerfiles, sources, headers (what `watch` follows). */
  inputs: string[];
  /** Warnings of planning, which every build of the same project prints again (unlike a cached job's). */
  planWarnings: Diagnostic[];
  /** The compile_commands.json it wrote. */
  compileCommands: string;
}

export function stateDir(project: Project): string {
  return join(project.root, '.layermake');
}

export function cacheDirFor(project: Project, explicit?: string): string {
  return explicit ?? process.env.LAYERMAKE_CACHE_DIR ?? join(stateDir(project), 'cache');
}

export function unknownImages(project: Project, graph: LayerGraph, names: string[]): string[] {
  const known = new Set([...project.images.keys(), ...graph.testImages().map((t) => t.name), ...project.programs.keys()]);
  return names.filter((name) => !known.has(name));
}

export async function buildProject(
  project: Project,
  graph: LayerGraph,
  pool: WorkerPool,
  options: SessionOptions = {},
): Promise<SessionResult> {
  const { plan, warnings } = options.warm ? options.warm.planOf(project, graph) : planFromProject(project, graph);
  const cacheDir = cacheDirFor(project, options.cacheDir);
  const store = options.warm ? options.warm.storeAt(cacheDir) : new ContentStore(cacheDir);
  const recordsPath = join(stateDir(project), 'records.json');
  const records = readRecords(recordsPath);
  const report = await runBuild(plan, {
    store,
    execute: (item) => pool.run(item),
    keepGoing: options.keepGoing,
    onEvent: options.onEvent,
    onJobs: options.onJobs,
    images: options.images,
    records,
    fileHashes: options.warm?.fileHashes,
  });
  mkdirSync(stateDir(project), { recursive: true });
  writeIfChanged(recordsPath, Buffer.from(JSON.stringify(Object.fromEntries(records))));
  writeIfChanged(join(stateDir(project), 'last-build.json'), Buffer.from(JSON.stringify(store.counters) + '\n'));
  const compileCommands = writeCompileCommands(plan);
  const inputs = new Set<string>([...project.files.map((f) => f.path), ...project.headers]);
  for (const module of plan.modules) inputs.add(module.source);
  for (const record of records.values()) {
    for (const part of Object.keys(record.parts)) if (part.startsWith('header ')) inputs.add(part.slice('header '.length));
  }
  const diagnostics: Diagnostic[] = [...warnings, ...report.diagnostics];
  return { ...report, diagnostics, plan, inputs: [...inputs], compileCommands, planWarnings: warnings };
}

function readRecords(path: string): Map<string, JobRecord> {
  try {
    return new Map(Object.entries(JSON.parse(readFileSync(path, 'utf8')) as Record<string, JobRecord>));
  } catch {
    return new Map();
  }
}

/** Statistics of the last build, for `layermake cache stats`. */
export function lastBuildCounters(project: Project): { hits: number; misses: number; corrupt: number } | undefined {
  try {
    return JSON.parse(readFileSync(join(stateDir(project), 'last-build.json'), 'utf8'));
  } catch {
    return undefined;
  }
}
