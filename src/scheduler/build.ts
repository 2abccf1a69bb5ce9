// The build: turns a BuildPlan into DAG jobs (compile → assemble per module, link
// per image), answers each from the cache when its key hits, runs the rest on the
// worker pool, and writes the images.
//
// Cache keys cover every input that can change an output: the toolchain build id,
// the job kind, flags, the source bytes, the bytes of every header it read (found
// through a per-action manifest, as ccache's direct mode does), the interface it
// compiled against and the inline bodies it used. Keys of later jobs are computed
// from earlier jobs' OUTPUTS, which gives early cutoff for free: a compile whose
// AsmX did not change leaves the assemble and link keys unchanged.

import { readFileSync } from 'node:fs';
import { hasErrors, type Diagnostic } from '../diagnostics.js';
import type { CompileResult, InlineBody } from '../compile/api.js';
import type { ModuleInterface, PrimitiveSignature } from '../graph/moduleInterface.js';
import type { AssembleResult, LinkRequest, LinkResult } from '../link/api.js';
import { ContentStore, sha256 } from '../cache/store.js';
import { JobFailed, runDag, type DagJob, type JobStatus } from './dag.js';
import type { BuildPlan, ImagePlan, ModulePlan } from './plan.js';
import type { WorkItem, WorkResult } from './work.js';
import { changedParts, type JobRecord } from './explain.js';
import { writeIfChanged } from './outputs.js';

declare const LAYERMAKE_BUILD_ID: string;
/** Identifies the exact layermake build: any change to layermake invalidates the cache. */
export const BUILD_ID = typeof LAYERMAKE_BUILD_ID === 'string' ? LAYERMAKE_BUILD_ID : 'dev';

export type JobKind = 'compile' | 'assemble' | 'link';

export interface BuildEvent {
  type: 'start' | 'cached' | 'done' | 'failed' | 'skipped';
  job: string;
  kind: JobKind;
  /** Milliseconds the job took (done/failed/cached). */
  ms?: number;
  /** Why the job ran (with explain): "source changed", "cache miss: flags changed", … */
  reason?: string;
  /** The command-equivalent, for -v. */
  command?: string;
}

export interface BuildOptions {
  store: ContentStore;
  /** Runs a work item on a worker thread. */
  execute: (item: WorkItem) => Promise<WorkResult>;
  keepGoing?: boolean;
  onEvent?: (event: BuildEvent) => void;
  /** Only these images (and what they need); default all. */
  images?: string[];
  /** Told the number of jobs once they are known (for the progress line). */
  onJobs?: (total: number) => void;
  /** Previous job records (for --explain); updated in place. */
  records?: Map<string, JobRecord>;
}

export interface BuildReport {
  ok: boolean;
  diagnostics: Diagnostic[];
  status: Map<string, JobStatus>;
  /** Images written (or already up to date). */
  images: { name: string; elfPath: string; mapPath: string; changed: boolean }[];
}

type JobValue =
  | { kind: 'compile'; result: CompileResult }
  | { kind: 'assemble'; result: AssembleResult; objectHash: string }
  | { kind: 'link'; result: LinkResult; elfHash: string };

/** Reads each file once per build and remembers its hash. */
class SourceFiles {
  private readonly memo = new Map<string, { text: string; hash: string } | null>();

  get(path: string): { text: string; hash: string } | undefined {
    let entry = this.memo.get(path);
    if (entry === undefined) {
      try {
        const text = readFileSync(path, 'utf8');
        entry = { text, hash: sha256(text) };
      } catch {
        entry = null;
      }
      this.memo.set(path, entry);
    }
    return entry ?? undefined;
  }
}

function keyOf(parts: Record<string, string>): string {
  return sha256(JSON.stringify(parts));
}

export function compileJobId(module: ModulePlan): string {
  return `compile ${module.id}`;
}
export function assembleJobId(module: ModulePlan): string {
  return `assemble ${module.id}`;
}
export function linkJobId(image: ImagePlan): string {
  return `link ${image.name}`;
}

export async function runBuild(plan: BuildPlan, options: BuildOptions): Promise<BuildReport> {
  const { store, execute } = options;
  const files = new SourceFiles();
  const records = options.records ?? new Map<string, JobRecord>();
  const diagnostics: Diagnostic[] = [];
  const emit = options.onEvent ?? (() => {});
  const modules = new Map(plan.modules.map((m) => [m.id, m]));
  const imagesByName = new Map(plan.images.map((i) => [i.name, i]));
  const written: BuildReport['images'] = [];

  /**
   * One cached action. Looks it up by its explicit inputs plus the files it
   * discovered last time (headers, through a manifest); on a miss runs it, and
   * stores the result only if it succeeded: failures are never cached.
   */
  async function action<T>(
    jobId: string,
    kind: JobKind,
    parts: Record<string, string>,
    codec: Codec<T>,
    command: string,
    run: () => Promise<{ value: T; discovered: string[] }>,
  ): Promise<{ result: T; cached: boolean }> {
    const started = performance.now();
    const base = keyOf(parts);
    const manifest = store.getAction(`manifest-${base}`);
    if (manifest) {
      const recorded = JSON.parse(manifest.toString('utf8')) as [string, string][];
      const current = recorded.map(([path]) => [path, files.get(path)?.hash ?? 'missing'] as [string, string]);
      if (current.every(([, hash], i) => hash === recorded[i][1])) {
        const blob = store.getAction(keyOf({ base, headers: JSON.stringify(current) }));
        if (blob) {
          records.set(jobId, { parts: { ...parts, ...headerParts(current) } });
          emit({ type: 'cached', job: jobId, kind, ms: performance.now() - started });
          return { result: codec.decode(blob), cached: true };
        }
      }
    }
    const previous = records.get(jobId);
    emit({ type: 'start', job: jobId, kind, command });
    const { value, discovered } = await run();
    const headers = discovered.map((path) => [path, files.get(path)?.hash ?? 'missing'] as [string, string]);
    const allParts = { ...parts, ...headerParts(headers) };
    const ms = performance.now() - started;
    if (!codec.succeeded(value)) {
      records.delete(jobId);
      emit({ type: 'failed', job: jobId, kind, ms });
      return { result: value, cached: false };
    }
    store.putAction(`manifest-${base}`, Buffer.from(JSON.stringify(headers)));
    store.putAction(keyOf({ base, headers: JSON.stringify(headers) }), codec.encode(value));
    records.set(jobId, { parts: allParts });
    const reason = previous ? changedParts(previous.parts, allParts) : 'no previous build';
    emit({ type: 'done', job: jobId, kind, ms, reason });
    return { result: value, cached: false };
  }

  function headerParts(headers: [string, string][]): Record<string, string> {
    return Object.fromEntries(headers.map(([path, hash]) => [`header ${path}`, hash]));
  }

  function fail(jobId: string, found: Diagnostic[]): never {
    diagnostics.push(...found);
    throw new JobFailed(jobId);
  }

  function compileJob(module: ModulePlan): DagJob<JobValue> {
    const id = compileJobId(module);
    const deps = module.inlineFrom.map((from) => compileJobId(modules.get(from)!));
    return {
      id,
      deps,
      async run(depResults) {
        const source = files.get(module.source);
        if (!source) fail(id, [{ severity: 'error', message: `cannot read ${module.source}` }]);
        const wanted = new Set((module.iface?.underlayPrimitives ?? []).filter((p) => p.inline).map((p) => p.name));
        const inlineBodies: InlineBody[] = [];
        for (const dep of deps) {
          const value = depResults.get(dep);
          if (value?.kind === 'compile') inlineBodies.push(...value.result.inlineExports.filter((b) => wanted.has(b.name)));
        }
        inlineBodies.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        const parts = {
          kind: 'compile',
          tool: `${module.toolchain} ${BUILD_ID}`,
          source: source.hash,
          path: module.source,
          flags: JSON.stringify([module.optLevel, module.includeDirs, module.defines, module.flags]),
          // What the module may call and with which prototypes (`unreachable` only
          // words error messages, and failures are never cached).
          interface: interfaceKey(module.iface),
          inline: sha256(JSON.stringify(inlineBodies)),
        };
        const command = `layermake cc -S ${module.source} ${module.flags.join(' ')}`.trim();
        const { result, cached } = await action(id, 'compile', parts, compileCodec, command, async () => {
          const work = await execute({
            kind: 'compile',
            toolchain: module.toolchain,
            request: {
              file: module.source,
              text: source.text,
              optLevel: module.optLevel,
              includeDirs: module.includeDirs,
              defines: module.defines,
              iface: plan.fullInterface?.(module) ?? module.iface,
              inlineBodies,
            },
          });
          const compiled = (work as Extract<WorkResult, { kind: 'compile' }>).result;
          return { value: compiled, discovered: compiled.includes.filter((path) => path !== module.source) };
        });
        if (hasErrors(result.diagnostics)) fail(id, result.diagnostics);
        diagnostics.push(...result.diagnostics);
        return { result: { kind: 'compile', result }, cached };
      },
    };
  }

  function assembleJob(module: ModulePlan): DagJob<JobValue> {
    const id = assembleJobId(module);
    const fromC = module.language === 'c';
    return {
      id,
      deps: fromC ? [compileJobId(module)] : [],
      async run(depResults) {
        let text: string;
        if (fromC) {
          const compiled = depResults.get(compileJobId(module));
          text = compiled?.kind === 'compile' ? compiled.result.asm ?? '' : '';
        } else {
          const source = files.get(module.source);
          if (!source) fail(id, [{ severity: 'error', message: `cannot read ${module.source}` }]);
          text = source.text;
        }
        const preprocess = !fromC && module.source.endsWith('.S');
        const parts = {
          kind: 'assemble',
          tool: `${module.toolchain} ${BUILD_ID}`,
          input: sha256(text),
          path: module.source,
          flags: JSON.stringify([preprocess, module.includeDirs, module.defines]),
        };
        const file = fromC ? module.source.replace(/\.c$/, '.s') : module.source;
        const request = { file, text, preprocess, includeDirs: module.includeDirs, defines: module.defines };
        const { result, cached } = await action(id, 'assemble', parts, assembleCodec, `layermake as ${file}`, async () => {
          const work = await execute({ kind: 'assemble', toolchain: module.toolchain, request });
          const assembled = (work as Extract<WorkResult, { kind: 'assemble' }>).result;
          return {
            value: { result: assembled, objectHash: assembled.object ? sha256(assembled.object) : '' },
            discovered: assembled.includes.filter((path) => path !== module.source),
          };
        });
        if (hasErrors(result.result.diagnostics) || !result.result.object) fail(id, result.result.diagnostics);
        diagnostics.push(...result.result.diagnostics);
        return { result: { kind: 'assemble', ...result }, cached };
      },
    };
  }

  function linkJob(image: ImagePlan): DagJob<JobValue> {
    const id = linkJobId(image);
    const moduleIds = image.link.layers.flatMap((layer) => layer.modules);
    const deps = [
      ...moduleIds.map((m) => assembleJobId(modules.get(m)!)),
      ...image.blobs.map((name) => linkJobId(imagesByName.get(name)!)),
    ];
    return {
      id,
      deps,
      async run(depResults) {
        const objectOf = (moduleId: string) => {
          const value = depResults.get(assembleJobId(modules.get(moduleId)!));
          return value?.kind === 'assemble' ? value : undefined;
        };
        const blobOf = (name: string) => {
          const value = depResults.get(linkJobId(imagesByName.get(name)!));
          return value?.kind === 'link' ? value : undefined;
        };
        const parts = {
          kind: 'link',
          tool: BUILD_ID,
          request: JSON.stringify(image.link),
          objects: JSON.stringify(moduleIds.map((m) => [m, objectOf(m)?.objectHash])),
          blobs: JSON.stringify(image.blobs.map((b) => [b, blobOf(b)?.elfHash])),
        };
        const { result, cached } = await action(id, 'link', parts, linkCodec, `layermake link ${image.name}`, async () => {
          const request: LinkRequest = {
            ...image.link,
            layers: image.link.layers.map((layer) => ({
              ...layer,
              modules: layer.modules.map((m) => ({ source: modules.get(m)!.source, object: objectOf(m)!.result.object! })),
            })),
            blobs: image.blobs.map((name) => ({ name, bytes: blobOf(name)!.result.elf! })),
          };
          const work = await execute({ kind: 'link', request });
          const linked = (work as Extract<WorkResult, { kind: 'link' }>).result;
          return { value: { result: linked, elfHash: linked.elf ? sha256(linked.elf) : '' }, discovered: [] };
        });
        if (hasErrors(result.result.diagnostics) || !result.result.elf) fail(id, result.result.diagnostics);
        diagnostics.push(...result.result.diagnostics);
        const changedElf = writeIfChanged(image.elfPath, result.result.elf!);
        const changedMap = writeIfChanged(image.mapPath, Buffer.from(result.result.map ?? ''));
        written.push({ name: image.name, elfPath: image.elfPath, mapPath: image.mapPath, changed: changedElf || changedMap });
        return { result: { kind: 'link', ...result }, cached };
      },
    };
  }

  const wantedImages = selectImages(plan, options.images);
  const wantedModules = new Set<string>();
  for (const image of wantedImages) for (const layer of image.link.layers) for (const m of layer.modules) wantedModules.add(m);
  // inline sources are compiled too
  const pending = [...wantedModules];
  while (pending.length) {
    for (const from of modules.get(pending.pop()!)!.inlineFrom) {
      if (!wantedModules.has(from)) {
        wantedModules.add(from);
        pending.push(from);
      }
    }
  }

  const jobs: DagJob<JobValue>[] = [];
  for (const id of wantedModules) {
    const module = modules.get(id)!;
    if (module.language === 'c') jobs.push(compileJob(module));
    // A module compiled only for its inline bodies still gets assembled: cheap, and keeps the DAG uniform.
    jobs.push(assembleJob(module));
  }
  for (const image of wantedImages) jobs.push(linkJob(image));

  options.onJobs?.(jobs.length);
  const outcome = await runDag(jobs, options.keepGoing ?? false);
  for (const [job, status] of outcome.status) {
    if (status === 'skipped') emit({ type: 'skipped', job, kind: job.split(' ')[0] as JobKind });
  }
  for (const message of store.warnings.splice(0)) diagnostics.unshift({ severity: 'warning', message });
  return { ok: outcome.failed.length === 0, diagnostics, status: outcome.status, images: written };
}

interface Codec<T> {
  encode(value: T): Buffer;
  decode(blob: Buffer): T;
  succeeded(value: T): boolean;
}

type Assembled = { result: AssembleResult; objectHash: string };
type Linked = { result: LinkResult; elfHash: string };

const compileCodec: Codec<CompileResult> = {
  encode: (value) => Buffer.from(JSON.stringify(value)),
  decode: (blob) => JSON.parse(blob.toString('utf8')) as CompileResult,
  succeeded: (value) => !hasErrors(value.diagnostics) && value.asm !== undefined,
};

const assembleCodec: Codec<Assembled> = {
  encode: ({ result }) => encodeWithBytes({ diagnostics: result.diagnostics, includes: result.includes }, result.object),
  decode: (blob) => {
    const { meta, bytes } = decodeWithBytes<Omit<AssembleResult, 'object'>>(blob);
    return { result: { ...meta, object: bytes }, objectHash: bytes ? sha256(bytes) : '' };
  },
  succeeded: ({ result }) => !hasErrors(result.diagnostics) && result.object !== undefined,
};

const linkCodec: Codec<Linked> = {
  encode: ({ result }) => encodeWithBytes({ diagnostics: result.diagnostics, map: result.map }, result.elf),
  decode: (blob) => {
    const { meta, bytes } = decodeWithBytes<Omit<LinkResult, 'elf'>>(blob);
    return { result: { ...meta, elf: bytes }, elfHash: bytes ? sha256(bytes) : '' };
  },
  succeeded: ({ result }) => !hasErrors(result.diagnostics) && result.elf !== undefined,
};

/**
 * The part of an interface that can change a successful compile's output: names,
 * definers, prototypes and inline hints. Where a prototype is declared only words
 * notes, so moving a line in an export.h recompiles nothing above it.
 */
function interfaceKey(iface: ModuleInterface | undefined): string {
  if (!iface) return 'none';
  const strip = (p: PrimitiveSignature) => [p.name, p.definedBy, p.prototype ?? '', p.inline === true];
  return sha256(JSON.stringify([iface.layer, iface.underlay ?? '', iface.own.map(strip), iface.underlayPrimitives.map(strip)]));
}

/** The requested images plus every program image they embed. */
function selectImages(plan: BuildPlan, names: string[] | undefined): ImagePlan[] {
  const byName = new Map(plan.images.map((i) => [i.name, i]));
  const chosen = new Set<string>();
  const visit = (name: string) => {
    if (chosen.has(name)) return;
    const image = byName.get(name);
    if (!image) throw new Error(`unknown image ${name}`);
    chosen.add(name);
    image.blobs.forEach(visit);
  };
  (names ?? plan.images.map((i) => i.name)).forEach(visit);
  return plan.images.filter((i) => chosen.has(i.name));
}

/** A cache blob holding JSON metadata and optional raw bytes: [u32 json length][json][bytes]. */
function encodeWithBytes(meta: unknown, bytes: Uint8Array | undefined): Buffer {
  const json = Buffer.from(JSON.stringify({ meta, hasBytes: bytes !== undefined }));
  const header = Buffer.alloc(4);
  header.writeUInt32LE(json.length);
  return Buffer.concat([header, json, bytes ?? new Uint8Array()]);
}

function decodeWithBytes<T>(blob: Buffer): { meta: T; bytes: Uint8Array | undefined } {
  const length = blob.readUInt32LE(0);
  const { meta, hasBytes } = JSON.parse(blob.subarray(4, 4 + length).toString('utf8'));
  return { meta, bytes: hasBytes ? new Uint8Array(blob.subarray(4 + length)) : undefined };
}

