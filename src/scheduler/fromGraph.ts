// From the checked layer graph to a BuildPlan: one module plan per source (with the
// interface its layer discipline is checked against), one image plan per image,
// per test image and per user program.

import { join, relative } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { LayerGraph } from '../graph/layerGraph.js';
import type { Image, Module, Project, TestImage } from '../graph/model.js';
import type { ModuleInterface } from '../graph/moduleInterface.js';
import type { BuildPlan, ImagePlan, LinkLayerPlan, ModulePlan } from './plan.js';

interface Flags {
  optLevel: 0 | 1;
  defines: Record<string, string | undefined>;
  includeDirs: string[];
}

/** Reads the compiler flags layermake understands; the rest get a warning. */
export function parseCflags(cflags: string[], where: string, warnings: Diagnostic[]): Flags {
  const flags: Flags = { optLevel: 1, defines: {}, includeDirs: [] };
  for (const flag of cflags) {
    let match: RegExpExecArray | null;
    if ((match = /^-O(\d|s|g)?$/.exec(flag))) flags.optLevel = match[1] === '0' || match[1] === 'g' ? 0 : 1;
    else if ((match = /^-D([A-Za-z_]\w*)(?:=(.*))?$/.exec(flag))) flags.defines[match[1]] = match[2];
    else if ((match = /^-U([A-Za-z_]\w*)$/.exec(flag))) delete flags.defines[match[1]];
    else if ((match = /^-I(.+)$/.exec(flag))) flags.includeDirs.push(match[1]);
    else warnings.push({ severity: 'warning', message: `${where}: cflag '${flag}' is not understood by layermake's compiler and is ignored` });
  }
  return flags;
}

export interface PlanResult {
  plan: BuildPlan;
  warnings: Diagnostic[];
}

export function planFromProject(project: Project, graph: LayerGraph, buildDir = join(project.root, 'build')): PlanResult {
  const warnings: Diagnostic[] = [];
  const modules = new Map<string, ModulePlan>();
  const idOf = (path: string) => relative(project.root, path);

  const addModule = (module: Module, layer: string, cflags: string[], includeDirs: string[], iface: ModuleInterface | undefined) => {
    const id = idOf(module.path);
    if (modules.has(id)) return id;
    const flags = parseCflags(cflags, id, warnings);
    modules.set(id, {
      id,
      source: module.path,
      language: module.kind === 'c' ? 'c' : 'asm',
      layer,
      toolchain: 'layermake',
      optLevel: flags.optLevel,
      includeDirs: [...includeDirs, ...flags.includeDirs],
      defines: flags.defines,
      flags: cflags,
      iface,
      inlineFrom: [],
    });
    return id;
  };

  const layerModules = (name: string): string[] => {
    const layer = graph.layer(name);
    if (layer.compose) return [];
    const iface = graph.moduleInterface(name, false);
    return layer.modules.map((m) => addModule(m, name, layer.cflags, layer.includeDirs, iface));
  };

  const stackLayers = (top: string): LinkLayerPlan[] =>
    graph.stackOf(top).map((name) => {
      const layer = graph.layer(name);
      // A composition provides its parts' primitives: the linker takes them from `parts`.
      const plan: LinkLayerPlan = {
        name,
        modules: layerModules(name),
        fresh: layer.compose ? [] : layer.fresh.map((p) => p.name),
        passThrough: layer.compose ? [] : layer.passthrough.map((p) => p.name),
      };
      if (layer.underlay) plan.underlay = layer.underlay;
      if (layer.compose) plan.parts = [...layer.compose];
      return plan;
    });

  const images: ImagePlan[] = [];
  const kernelImage = (image: Image, layers: LinkLayerPlan[]): ImagePlan => ({
    name: image.name,
    kind: 'kernel',
    link: { image: image.name, entry: image.entry, loadAddress: image.loadAddress, upcalls: image.upcalls, kind: 'kernel', layers } as ImagePlan['link'],
    blobs: [...image.programs],
    elfPath: join(buildDir, `${image.name}.elf`),
    mapPath: join(buildDir, `${image.name}.map`),
  });

  for (const image of project.images.values()) images.push(kernelImage(image, stackLayers(image.top)));

  const testImages: TestImage[] = graph.testImages();
  for (const test of testImages) {
    const layers = stackLayers(test.layer);
    const virtual = graph.testModuleInterface(test.layer, false);
    const under = graph.layer(test.layer);
    const testId = addModule(test.test, virtual.layer, under.cflags, under.includeDirs, virtual);
    layers.push({ name: virtual.layer, underlay: test.layer, modules: [testId], fresh: [], passThrough: [] });
    images.push(kernelImage(test, layers));
  }

  for (const program of project.programs.values()) {
    const ids = program.sources.map((m) => addModule(m, program.name, program.cflags, program.includeDirs, undefined));
    images.push({
      name: program.name,
      kind: 'program',
      link: {
        image: program.name,
        entry: program.entry,
        loadAddress: program.loadAddress,
        kind: 'program',
        layers: [{ name: program.name, modules: ids, fresh: [], passThrough: [] }],
      } as ImagePlan['link'],
      blobs: [],
      elfPath: join(buildDir, 'programs', `${program.name}.elf`),
      mapPath: join(buildDir, 'programs', `${program.name}.map`),
    });
  }

  // Cross-layer inlining: a C module's compile needs the bodies of the inline
  // primitives its underlay provides, which the compile of their defining layer's
  // C modules exports.
  for (const module of modules.values()) {
    if (module.language !== 'c' || !module.iface) continue;
    const definers = new Set(module.iface.underlayPrimitives.filter((p) => p.inline).map((p) => p.definedBy));
    for (const definer of definers) {
      for (const m of graph.layer(definer).modules) if (m.kind === 'c') module.inlineFrom.push(idOf(m.path));
    }
  }

  const testedLayers = new Map(testImages.map((t) => [t.name, t.layer]));
  // Every module of a layer compiles against the same interface: worked out once per layer.
  const fullInterfaces = new Map<string, ModuleInterface>();
  const fullInterface = (module: ModulePlan) => {
    if (!module.iface) return undefined;
    const layer = module.iface.layer;
    let iface = fullInterfaces.get(layer);
    if (!iface) {
      const tested = testedLayers.get(layer);
      iface = tested ? graph.testModuleInterface(tested) : graph.moduleInterface(layer);
      fullInterfaces.set(layer, iface);
    }
    return iface;
  };
  return { plan: { projectRoot: project.root, buildDir, modules: [...modules.values()], images, fullInterface }, warnings };
}
