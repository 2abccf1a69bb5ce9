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
import { SourceFiles, type FileHashCache } from './sourceFiles.js';

import { BUILD_ID } from '../version.js';

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
  /** Hashes of files read by earlier builds of a long-lived process, reused while their stat is unchanged. */
  fileHashes?: FileHashCache;
}

export interface BuildReport {
  ok: boolean;
  diagnostics: Diagnostic[];
  status: Map<string, JobStatus>;
  /** Images written (or already up to date). */
  images: { name: string; elfPath: string; mapPath: string; changed: boolean }[];
}

/**
 * A job's output: the hash of its cache blob, which later keys use, and the value,
 * read from the cache only if something needs it. A no-op build reads no blob but
 * the images it checks on disk.
 */
interface Output<T> {
  hash: string;
  get(): T;
}

type JobValue =
  | { kind: 'compile'; output: Output<CompileResult> }
  | { kind: 'assemble'; output: Output<AssembleResult> }
  | { kind: 'link'; output: Output<LinkResult> };

/** A cache blob turned out corrupt after its key had been used: the build starts over. */
class CorruptEntry extends Error {}

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
  // Each corrupt blob found is dropped, so each retry gets further; there are at
  // most as many as blobs the build reads.
  for (;;) {
    try {
      return await runBuildOnce(plan, options);
    } catch (err) {
      if (!(err instanceof CorruptEntry)) throw err;
    }
  }
}

async function runBuildOnce(plan: BuildPlan, options: BuildOptions): Promise<BuildReport> {
  const { store, execute } = options;
  const files = new SourceFiles(options.fileHashes);
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
  ): Promise<{ output: Output<T>; cached: boolean; failed?: T }> {
    const started = performance.now();
    const base = keyOf(parts);
    const manifest = store.getAction(`manifest-${base}`);
    if (manifest) {
      const recorded = JSON.parse(manifest.toString('utf8')) as [string, string][];
      const current = recorded.map(([path]) => [path, files.get(path)?.hash ?? 'missing'] as [string, string]);
      if (current.every(([, hash], i) => hash === recorded[i][1])) {
        const hash = store.lookupAction(keyOf({ base, headers: JSON.stringify(current) }));
        if (hash) {
          records.set(jobId, { parts: { ...parts, ...headerParts(current) } });
          emit({ type: 'cached', job: jobId, kind, ms: performance.now() - started });
          return { output: lazyOutput(hash, codec), cached: true };
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
      return { output: { hash: '', get: () => value }, cached: false, failed: value };
    }
    store.putActionInBackground(`manifest-${base}`, Buffer.from(JSON.stringify(headers)));
    const hash = store.putActionInBackground(keyOf({ base, headers: JSON.stringify(headers) }), codec.encode(value));
    records.set(jobId, { parts: allParts });
    const reason = previous ? changedParts(previous.parts, allParts) : 'no previous build';
    emit({ type: 'done', job: jobId, kind, ms, reason });
    return { output: { hash, get: () => value }, cached: false };
  }

  function lazyOutput<T>(hash: string, codec: Codec<T>): Output<T> {
    let value: T | undefined;
    return {
      hash,
      get() {
        if (value === undefined) {
          const blob = store.readBlob(hash);
          if (!blob) throw new CorruptEntry(hash);
          value = codec.decode(blob);
        }
        return value;
      },
    };
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
          if (value?.kind === 'compile') inlineBodies.push(...value.output.get().inlineExports.filter((b) => wanted.has(b.name)));
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
        const { output, cached, failed } = await action(id, 'compile', parts, compileCodec, command, async () => {
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
        if (failed) fail(id, failed.diagnostics);
        // Warnings are shown when the compile runs (a cached compile stays quiet, as in ninja).
        if (!cached) diagnostics.push(...output.get().diagnostics);
        return { result: { kind: 'compile', output }, cached };
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
        // The input is the compile's output (by its hash: the AsmX is read only if
        // this job runs) or the assembly source.
        const compiled = fromC ? depResults.get(compileJobId(module)) : undefined;
        const source = fromC ? undefined : files.get(module.source);
        if (!fromC && !source) fail(id, [{ severity: 'error', message: `cannot read ${module.source}` }]);
        const preprocess = !fromC && module.source.endsWith('.S');
        const parts = {
          kind: 'assemble',
          tool: `${module.toolchain} ${BUILD_ID}`,
          input: compiled?.kind === 'compile' ? compiled.output.hash : source!.hash,
          path: module.source,
          flags: JSON.stringify([preprocess, module.includeDirs, module.defines]),
        };
        const file = fromC ? module.source.replace(/\.c$/, '.s') : module.source;
        const { output, cached, failed } = await action(id, 'assemble', parts, assembleCodec, `layermake as ${file}`, async () => {
          const text = compiled?.kind === 'compile' ? compiled.output.get().asm ?? '' : source!.text;
          const request = { file, text, preprocess, includeDirs: module.includeDirs, defines: module.defines };
          const work = await execute({ kind: 'assemble', toolchain: module.toolchain, request });
          const assembled = (work as Extract<WorkResult, { kind: 'assemble' }>).result;
          return { value: assembled, discovered: assembled.includes.filter((path) => path !== module.source) };
        });
        if (failed) fail(id, failed.diagnostics);
        if (!cached) diagnostics.push(...output.get().diagnostics);
        return { result: { kind: 'assemble', output }, cached };
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
          objects: JSON.stringify(moduleIds.map((m) => [m, objectOf(m)?.output.hash])),
          blobs: JSON.stringify(image.blobs.map((b) => [b, blobOf(b)?.output.hash])),
        };
        const { output, cached, failed } = await action(id, 'link', parts, linkCodec, `layermake link ${image.name}`, async () => {
          const request: LinkRequest = {
            ...image.link,
            layers: image.link.layers.map((layer) => ({
              ...layer,
              modules: layer.modules.map((m) => ({ source: modules.get(m)!.source, object: objectOf(m)!.output.get().object! })),
            })),
            blobs: image.blobs.map((name) => ({ name, bytes: blobOf(name)!.output.get().elf! })),
          };
          const work = await execute({ kind: 'link', request });
          return { value: (work as Extract<WorkResult, { kind: 'link' }>).result, discovered: [] };
        });
        if (failed) fail(id, failed.diagnostics);
        const linked = output.get();
        if (!cached) diagnostics.push(...linked.diagnostics);
        const changedElf = writeIfChanged(image.elfPath, linked.elf!);
        const changedMap = writeIfChanged(image.mapPath, Buffer.from(linked.map ?? ''));
        written.push({ name: image.name, elfPath: image.elfPath, mapPath: image.mapPath, changed: changedElf || changedMap });
        return { result: { kind: 'link', output }, cached };
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
  await store.flush();
  for (const [job, status] of outcome.status) {
    if (status === 'skipped') emit({ type: 'skipped', job, kind: job.split(' ')[0] as JobKind });
  }
  for (const message of store.warnings.splice(0)) diagnostics.unshift({ severity: 'warning', message });
  // In plan order, not in the order the links happened to finish: output stays the same from run to run.
  const order = new Map(plan.images.map((image, index) => [image.name, index]));
  written.sort((a, b) => order.get(a.name)! - order.get(b.name)!);
  return { ok: outcome.failed.length === 0, diagnostics, status: outcome.status, images: written };
}

interface Codec<T> {
  encode(value: T): Buffer;
  decode(blob: Buffer): T;
  succeeded(value: T): boolean;
}

const compileCodec: Codec<CompileResult> = {
  encode: (value) => Buffer.from(JSON.stringify(value)),
  decode: (blob) => JSON.parse(blob.toString('utf8')) as CompileResult,
  succeeded: (value) => !hasErrors(value.diagnostics) && value.asm !== undefined,
};

const assembleCodec: Codec<AssembleResult> = {
  encode: (result) => encodeWithBytes({ diagnostics: result.diagnostics, includes: result.includes }, result.object),
  decode: (blob) => {
    const { meta, bytes } = decodeWithBytes<Omit<AssembleResult, 'object'>>(blob);
    return { ...meta, object: bytes };
  },
  succeeded: (result) => !hasErrors(result.diagnostics) && result.object !== undefined,
};

const linkCodec: Codec<LinkResult> = {
  encode: (result) => encodeWithBytes({ diagnostics: result.diagnostics, map: result.map }, result.elf),
  decode: (blob) => {
    const { meta, bytes } = decodeWithBytes<Omit<LinkResult, 'elf'>>(blob);
    return { ...meta, elf: bytes };
  },
  succeeded: (result) => !hasErrors(result.diagnostics) && result.elf !== undefined,
};

/**
 * The part of an interface that can change a successful compile's output: names,
 * definers, prototypes and inline hints. Where a prototype is declared only words
 * notes, so moving a line in an export.h recompiles nothing above it.
 */
function interfaceKey(iface: ModuleInterface | undefined): string {
  if (!iface) return 'none';
  let key = interfaceKeys.get(iface);
  if (key === undefined) {
    const strip = (p: PrimitiveSignature) => [p.name, p.definedBy, p.prototype ?? '', p.inline === true];
    key = sha256(JSON.stringify([iface.layer, iface.underlay ?? '', iface.own.map(strip), iface.underlayPrimitives.map(strip)]));
    interfaceKeys.set(iface, key);
  }
  return key;
}

/** Interfaces are immutable, and a long-lived process plans once per project: computed once each. */
const interfaceKeys = new WeakMap<ModuleInterface, string>();

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

