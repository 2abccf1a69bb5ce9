// Loading a Layerfile: read it and every Layerfile it includes, check each against
// the schema, resolve paths and prototypes into a Project, then check the layer
// graph. The result is a Project and a LayerGraph when nothing is wrong, and the
// diagnostics in every case; nothing here prints or throws at the caller.
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Diagnostic, SourceLocation } from '../diagnostics.js';
import { checkGraph } from './check.js';
import type { LayerGraph } from './layerGraph.js';
import {
  DEFAULT_BOOT_TIMEOUT,
  DEFAULT_KERNEL_LOAD_ADDRESS,
  DEFAULT_MEMORY,
  DEFAULT_PROGRAM_LOAD_ADDRESS,
  type Image,
  type Layer,
  type Module,
  type ModuleKind,
  type Primitive,
  type Program,
  type Project,
} from './model.js';
import { canonicalPrototype, prototypeName, scanPrototypes, type ScannedPrototype } from './prototypes.js';
import { Reporter } from './reporter.js';
import { didYouMean } from './suggest.js';
import { validateLayerfile } from './validate.js';
import { keyLocation, parseYaml, valueLocation, type NodePath, type YamlSource } from './yamlSource.js';

/** How the loader reaches files; tests and embedders may supply their own. */
export interface LayerfileFs {
  /** The file's text, or undefined if it does not exist or is not a file. */
  readFile(path: string): string | undefined;
  /** Whether it is a regular file: a module's existence, without making its bytes a dependency of the project. */
  isFile(path: string): boolean;
  isDirectory(path: string): boolean;
}

export interface LoadOptions {
  /** The project root; no path may leave it. Default: the root Layerfile's directory. */
  root?: string;
  fs?: LayerfileFs;
  /** How a file is named in diagnostics. Default: relative to the current directory. */
  displayPath?: (absolutePath: string) => string;
}

export interface LoadResult {
  /** Present when there are no errors. */
  project?: Project;
  /** The queries over the project's layers; present with `project`. */
  graph?: LayerGraph;
  diagnostics: Diagnostic[];
}

export const nodeFs: LayerfileFs = {
  readFile(path) {
    try {
      return statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  },
  isFile(path) {
    try {
      return statSync(path).isFile();
    } catch {
      return false;
    }
  },
  isDirectory(path) {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  },
};

export function loadLayerfile(path: string, options: LoadOptions = {}): LoadResult {
  const rootFile = resolve(path);
  const root = resolve(options.root ?? dirname(rootFile));
  const loader = new Loader(root, rootFile, options.fs ?? nodeFs, options.displayPath ?? defaultDisplayPath);
  loader.loadFile(rootFile, [], undefined);
  const reporter = loader.reporter;
  if (reporter.errorCount === 0) loader.resolveDefaultImage();
  const graph = reporter.errorCount === 0 ? checkGraph(loader.project, reporter) : undefined;
  const diagnostics = reporter.diagnostics;
  if (!graph || reporter.errorCount > 0) return { diagnostics };
  return { project: loader.project, graph, diagnostics };
}

function defaultDisplayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..' + sep + '..') ? path : rel;
}

// The Layerfile as the schema guarantees it.
type RawPrimitive = string | { name: string; prototype?: string; inline?: boolean };
interface RawLayer {
  description?: string;
  underlay?: string;
  dir?: string;
  modules?: string[];
  export?: string;
  import?: string;
  test?: string;
  'test-expect'?: string;
  provides?: { fresh?: RawPrimitive[]; passthrough?: RawPrimitive[] };
  cflags?: string[];
  include?: string[];
  compose?: string[];
}
interface RawProgram {
  description?: string;
  dir?: string;
  sources: string[];
  'load-address'?: number;
  entry?: string;
  cflags?: string[];
  include?: string[];
}
interface RawImage {
  description?: string;
  top: string;
  entry: string;
  upcalls?: string[];
  'load-address'?: number;
  memory?: string | number;
  programs?: string[];
  boot?: { expect: string; timeout?: number };
}
interface RawLayerfile {
  version?: 1;
  include?: string[];
  defaults?: { cflags?: string[]; include?: string[] };
  layers?: Record<string, RawLayer>;
  programs?: Record<string, RawProgram>;
  images?: Record<string, RawImage>;
  'default-image'?: string;
}

/** Keys a horizontal composition may have: the rest come from its parts. */
const COMPOSITION_KEYS = new Set(['description', 'compose']);

class Loader {
  readonly reporter = new Reporter();
  readonly project: Project;
  private readonly loaded = new Set<string>();
  private readonly defaultImages: { name: string; at: SourceLocation; source: YamlSource }[] = [];

  constructor(
    private readonly root: string,
    rootFile: string,
    private readonly fs: LayerfileFs,
    private readonly display: (path: string) => string,
  ) {
    this.project = { root, rootFile, files: [], headers: [], layers: new Map(), programs: new Map(), images: new Map() };
  }

  /** Loads one Layerfile and, first, the Layerfiles it includes. `stack` is the chain of includers. */
  loadFile(file: string, stack: string[], includedAt: SourceLocation | undefined): void {
    const text = this.fs.readFile(file);
    if (text === undefined) {
      const what = includedAt ? 'included Layerfile' : 'Layerfile';
      const why = this.fs.isDirectory(file) ? 'is a directory, not a file' : 'does not exist';
      this.reporter.error(`${what} ${this.display(file)} ${why}`, includedAt);
      return;
    }
    this.loaded.add(file);
    const shown = this.display(file);
    this.reporter.addText(shown, text);
    this.project.files.push({ path: file, text });
    const parsed = parseYaml(shown, text);
    this.reporter.add(parsed.diagnostics);
    if (parsed.value === undefined && parsed.diagnostics.length > 0) return;
    const schemaErrors = validateLayerfile(parsed.source, parsed.value);
    this.reporter.add(schemaErrors);
    if (schemaErrors.length > 0) return;
    new FileResolver(this, parsed.source, parsed.value as RawLayerfile, file, [...stack, file]).resolve();
  }

  isLoaded(file: string): boolean {
    return this.loaded.has(file);
  }

  get rootDir(): string {
    return this.root;
  }

  get files(): LayerfileFs {
    return this.fs;
  }

  displayPath(path: string): string {
    return this.display(path);
  }

  noteDefaultImage(name: string, at: SourceLocation, source: YamlSource): void {
    this.defaultImages.push({ name, at, source });
  }

  /** The root file's default-image wins, else the first one an included file names, else the first image. */
  resolveDefaultImage(): void {
    const rootShown = this.display(this.project.rootFile);
    const chosen = this.defaultImages.find((d) => d.source.file === rootShown) ?? this.defaultImages[0];
    if (chosen) {
      this.project.defaultImage = chosen.name;
      if (!this.project.images.has(chosen.name)) {
        this.reporter.error(`default-image \`${chosen.name}\` is not an image${didYouMean(chosen.name, this.project.images.keys())}`, chosen.at);
      }
    } else {
      this.project.defaultImage = this.project.images.keys().next().value;
    }
  }
}

/** Resolves the contents of one Layerfile into the project. */
class FileResolver {
  private readonly dir: string;

  constructor(
    private readonly loader: Loader,
    private readonly source: YamlSource,
    private readonly raw: RawLayerfile,
    file: string,
    private readonly stack: string[],
  ) {
    this.dir = dirname(file);
  }

  private get reporter(): Reporter {
    return this.loader.reporter;
  }

  resolve(): void {
    this.includes();
    const defaultCflags = this.raw.defaults?.cflags ?? [];
    const defaultIncludes = this.directories(this.dir, this.raw.defaults?.include ?? [], ['defaults', 'include']);
    for (const [name, raw] of Object.entries(this.raw.layers ?? {})) this.layer(name, raw, defaultCflags, defaultIncludes);
    for (const [name, raw] of Object.entries(this.raw.programs ?? {})) this.program(name, raw);
    for (const [name, raw] of Object.entries(this.raw.images ?? {})) this.image(name, raw);
    const defaultImage = this.raw['default-image'];
    if (defaultImage !== undefined) this.loader.noteDefaultImage(defaultImage, this.value(['default-image']), this.source);
  }

  private includes(): void {
    (this.raw.include ?? []).forEach((path, i) => {
      const at = this.value(['include', i]);
      const file = this.inside(this.dir, path, at);
      if (file === undefined) return;
      const cycle = this.stack.indexOf(file);
      if (cycle >= 0) {
        const chain = [...this.stack.slice(cycle), file].map((f) => this.loader.displayPath(f)).join(' → ');
        this.reporter.error(`include cycle: ${chain}`, at);
        return;
      }
      // A Layerfile included twice (a diamond) joins the project once.
      if (this.loader.isLoaded(file)) return;
      this.loader.loadFile(file, this.stack, at);
    });
  }

  private layer(name: string, raw: RawLayer, defaultCflags: string[], defaultIncludes: string[]): void {
    const path = ['layers', name];
    const at = this.key(path);
    if (!this.unique('layer', name, at, this.loader.project.layers)) return;
    const dir = raw.dir === undefined ? this.dir : this.inside(this.dir, raw.dir, this.value([...path, 'dir']));
    if (dir === undefined) return;
    if (raw.dir !== undefined && !this.loader.files.isDirectory(dir)) {
      this.reporter.error(`directory \`${raw.dir}\` of layer '${name}' does not exist`, this.value([...path, 'dir']));
      return;
    }
    const layer: Layer = {
      name,
      description: raw.description,
      file: this.source.file,
      at,
      dir,
      modules: [],
      fresh: [],
      passthrough: [],
      imports: [],
      cflags: [...defaultCflags, ...(raw.cflags ?? [])],
      includeDirs: [...defaultIncludes],
    };
    this.loader.project.layers.set(name, layer);
    if (raw.compose) {
      for (const key of Object.keys(raw)) {
        if (!COMPOSITION_KEYS.has(key)) {
          this.reporter.error(
            `layer '${name}' is a horizontal composition: it takes its modules and primitives from its parts, so it cannot have \`${key}\``,
            this.key([...path, key]),
          );
        }
      }
      layer.compose = [...raw.compose];
      layer.composeAt = raw.compose.map((_, i) => this.value([...path, 'compose', i]));
      return;
    }
    if (raw.underlay !== undefined) {
      layer.underlay = raw.underlay;
      layer.underlayAt = this.value([...path, 'underlay']);
    }
    layer.modules = this.sources(dir, raw.modules ?? [], [...path, 'modules'], 'module', `of layer '${name}'`);
    layer.includeDirs.push(...this.directories(dir, raw.include ?? [], [...path, 'include']));
    if (raw.export !== undefined) layer.exportHeader = this.existingFile(dir, raw.export, [...path, 'export'], 'export header', `of layer '${name}'`);
    if (raw.import !== undefined) layer.importHeader = this.existingFile(dir, raw.import, [...path, 'import'], 'import header', `of layer '${name}'`);
    if (raw.test !== undefined) {
      layer.test = this.existingFile(dir, raw.test, [...path, 'test'], 'test', `of layer '${name}'`);
      layer.testAt = this.value([...path, 'test']);
      layer.testExpect = raw['test-expect'] ?? `${name}: PASS`;
    }
    const exported = layer.exportHeader ? this.header(layer.exportHeader) : undefined;
    const imported = layer.importHeader ? this.header(layer.importHeader) : undefined;
    for (const p of imported?.byName.values() ?? []) {
      layer.imports.push({ name: p.name, prototype: p.prototype, declaredAt: { file: imported!.shown, line: p.line, col: p.col }, inline: false, at: { file: imported!.shown, line: p.line, col: p.col } });
    }
    layer.fresh = (raw.provides?.fresh ?? []).map((p, i) => this.primitive(layer, p, [...path, 'provides', 'fresh', i], exported, true));
    layer.passthrough = (raw.provides?.passthrough ?? []).map((p, i) => this.primitive(layer, p, [...path, 'provides', 'passthrough', i], exported, false));
  }

  /** A primitive with its prototype: written in the Layerfile, or found in export.h. */
  private primitive(layer: Layer, raw: RawPrimitive, path: NodePath, exported: HeaderScan | undefined, fresh: boolean): Primitive {
    const name = typeof raw === 'string' ? raw : raw.name;
    const at = typeof raw === 'string' ? this.value(path) : this.value([...path, 'name']);
    const primitive: Primitive = { name, inline: typeof raw !== 'string' && raw.inline === true, at };
    const fromHeader = exported?.byName.get(name);
    const headerAt = fromHeader && exported ? { file: exported.shown, line: fromHeader.line, col: fromHeader.col } : undefined;
    if (typeof raw !== 'string' && raw.prototype !== undefined) {
      const protoAt = this.value([...path, 'prototype']);
      const declared = prototypeName(raw.prototype);
      if (declared === undefined) {
        this.reporter.error(`prototype of \`${name}\` is not a C function prototype (expected e.g. "void ${name}(unsigned int x)")`, protoAt);
      } else if (declared !== name) {
        this.reporter.error(`prototype of \`${name}\` declares \`${declared}\` instead`, protoAt);
      }
      primitive.prototype = raw.prototype.replace(/\s+/g, ' ').trim().replace(/;$/, '');
      primitive.declaredAt = protoAt;
      if (fromHeader && canonicalPrototype(fromHeader.prototype) !== canonicalPrototype(primitive.prototype)) {
        this.reporter.error(
          `prototype of \`${name}\` in the Layerfile disagrees with ${exported!.shown}: \`${primitive.prototype}\` vs \`${fromHeader.prototype}\``,
          protoAt,
          { message: `\`${name}\` declared here`, at: headerAt },
        );
      }
    } else if (fromHeader) {
      primitive.prototype = fromHeader.prototype;
      primitive.declaredAt = headerAt;
    } else if (fresh && exported) {
      this.reporter.warning(`${exported.shown} declares no prototype for \`${name}\`, a fresh primitive of layer '${layer.name}'`, at);
    }
    return primitive;
  }

  private program(name: string, raw: RawProgram): void {
    const path = ['programs', name];
    const at = this.key(path);
    if (!this.unique('program', name, at, this.loader.project.programs)) return;
    const dir = raw.dir === undefined ? this.dir : this.inside(this.dir, raw.dir, this.value([...path, 'dir']));
    if (dir === undefined) return;
    const program: Program = {
      name,
      description: raw.description,
      file: this.source.file,
      at,
      dir,
      sources: this.sources(dir, raw.sources, [...path, 'sources'], 'source', `of program '${name}'`),
      loadAddress: raw['load-address'] ?? DEFAULT_PROGRAM_LOAD_ADDRESS,
      entry: raw.entry ?? '_start',
      cflags: raw.cflags ?? [],
      includeDirs: this.directories(dir, raw.include ?? [], [...path, 'include']),
    };
    this.loader.project.programs.set(name, program);
  }

  private image(name: string, raw: RawImage): void {
    const path = ['images', name];
    const at = this.key(path);
    if (!this.unique('image', name, at, this.loader.project.images)) return;
    const memory = parseMemory(raw.memory);
    const image: Image = {
      name,
      description: raw.description,
      file: this.source.file,
      at,
      top: raw.top,
      topAt: this.value([...path, 'top']),
      entry: raw.entry,
      upcalls: raw.upcalls ?? [],
      loadAddress: raw['load-address'] ?? DEFAULT_KERNEL_LOAD_ADDRESS,
      memory,
      programs: raw.programs ?? [],
      programsAt: (raw.programs ?? []).map((_, i) => this.value([...path, 'programs', i])),
    };
    if (memory > 0xffffffff || memory < 1024 * 1024) {
      this.reporter.error(`\`memory\` of image '${name}' must be between 1M and 4G, not ${raw.memory}`, this.value([...path, 'memory']));
    }
    if (raw.boot) {
      image.boot = { expect: raw.boot.expect, timeout: raw.boot.timeout ?? DEFAULT_BOOT_TIMEOUT };
      try {
        new RegExp(raw.boot.expect);
      } catch (e) {
        const reason = (e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
        this.reporter.error(`\`boot.expect\` of image '${name}' is not a valid regular expression: ${reason}`, this.value([...path, 'boot', 'expect']));
      }
    }
    this.loader.project.images.set(name, image);
  }

  /** A name declared twice, possibly in two Layerfiles, is an error pointing at both. */
  private unique(kind: string, name: string, at: SourceLocation, existing: Map<string, { at: SourceLocation }>): boolean {
    const first = existing.get(name);
    if (!first) return true;
    this.reporter.error(`${kind} '${name}' is declared twice`, at, { message: `'${name}' was first declared here`, at: first.at });
    return false;
  }

  private sources(dir: string, paths: string[], at: NodePath, what: string, owner: string): Module[] {
    const modules: Module[] = [];
    paths.forEach((p, i) => {
      const file = this.existingFile(dir, p, [...at, i], what, owner);
      if (file !== undefined) modules.push({ path: file, kind: moduleKind(file), at: this.value([...at, i]) });
    });
    return modules;
  }

  private directories(dir: string, paths: string[], at: NodePath): string[] {
    const dirs: string[] = [];
    paths.forEach((p, i) => {
      const where = this.value([...at, i]);
      const resolved = this.inside(dir, p, where);
      if (resolved === undefined) return;
      if (!this.loader.files.isDirectory(resolved)) this.reporter.warning(`include directory \`${p}\` does not exist`, where);
      dirs.push(resolved);
    });
    return dirs;
  }

  private existingFile(dir: string, path: string, at: NodePath, what: string, owner: string): string | undefined {
    const where = this.value(at);
    const file = this.inside(dir, path, where);
    if (file === undefined) return undefined;
    if (!this.loader.files.isFile(file)) {
      const shown = this.loader.displayPath(file);
      this.reporter.error(`${what} \`${path}\` ${owner} does not exist${shown === path ? '' : `: no file ${shown}`}`, where);
      return undefined;
    }
    return file;
  }

  /** Resolves `path` against `dir`, refusing anything outside the project root. */
  private inside(dir: string, path: string, at: SourceLocation): string | undefined {
    const resolved = resolve(dir, path);
    const rel = relative(this.loader.rootDir, resolved);
    if (rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel)) {
      this.reporter.error(`path \`${path}\` leaves the project root ${this.loader.displayPath(this.loader.rootDir)}`, at);
      return undefined;
    }
    return resolved;
  }

  private header(path: string): HeaderScan | undefined {
    const text = this.loader.files.readFile(path);
    if (text === undefined) return undefined;
    const shown = this.loader.displayPath(path);
    this.reporter.addText(shown, text);
    if (!this.loader.project.headers.includes(path)) this.loader.project.headers.push(path);
    const byName = new Map<string, ScannedPrototype>();
    for (const p of scanPrototypes(text)) if (!byName.has(p.name)) byName.set(p.name, p);
    return { shown, byName };
  }

  private key(path: NodePath): SourceLocation {
    return keyLocation(this.source, path);
  }

  private value(path: NodePath): SourceLocation {
    return valueLocation(this.source, path);
  }
}

interface HeaderScan {
  shown: string;
  byName: Map<string, ScannedPrototype>;
}

function moduleKind(path: string): ModuleKind {
  return path.endsWith('.c') ? 'c' : path.endsWith('.S') ? 'asm-cpp' : 'asm';
}

/** 128M → bytes; a bare number is bytes. The schema has checked the form. */
export function parseMemory(memory: string | number | undefined): number {
  if (memory === undefined) return DEFAULT_MEMORY;
  if (typeof memory === 'number') return memory;
  const unit = memory.slice(-1);
  const scale = unit === 'K' ? 1024 : unit === 'M' ? 1024 * 1024 : unit === 'G' ? 1024 * 1024 * 1024 : 1;
  return Number.parseInt(memory, 10) * scale;
}
