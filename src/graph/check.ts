// The checks on the layer tower, before anything is compiled: its structure
// (underlays known, no cycles, compositions well formed), then its primitives
// (one definer each, pass-throughs the underlay really provides, prototypes that
// agree), then its images. Each problem is one diagnostic at the Layerfile line it
// is about, saying what is wrong and what would fix it.
import { alg } from '@dagrejs/graphlib';
import { LayerGraph, towerGraph } from './layerGraph.js';
import type { Layer, Primitive, Project } from './model.js';
import { canonicalPrototype } from './prototypes.js';
import type { Reporter } from './reporter.js';
import { didYouMean } from './suggest.js';

/** Checks the project; returns its graph when the tower's structure is sound enough to query. */
export function checkGraph(project: Project, reporter: Reporter): LayerGraph | undefined {
  const before = reporter.errorCount;
  checkUnderlays(project, reporter);
  checkCompositions(project, reporter);
  checkCycles(project, reporter);
  checkImageStacks(project, reporter);
  if (reporter.errorCount > before) return undefined;
  settleCompositionUnderlays(project, reporter);
  if (reporter.errorCount > before) return undefined;
  const graph = new LayerGraph(project);
  checkListedOnce(project, reporter);
  checkDefiners(graph, reporter);
  checkCompositionsDisjoint(graph, reporter);
  checkPassThroughs(graph, reporter);
  checkImports(graph, reporter);
  checkTests(graph, reporter);
  return reporter.errorCount > before ? undefined : graph;
}

function checkUnderlays(project: Project, reporter: Reporter): void {
  for (const layer of project.layers.values()) {
    if (layer.compose || layer.underlay === undefined || project.layers.has(layer.underlay)) continue;
    reporter.error(`layer '${layer.name}' sits on unknown layer \`${layer.underlay}\`${didYouMean(layer.underlay, project.layers.keys())}`, layer.underlayAt);
  }
}

function checkCompositions(project: Project, reporter: Reporter): void {
  const partOf = new Map<string, string>();
  for (const layer of project.layers.values()) {
    if (!layer.compose) continue;
    const seen = new Set<string>();
    layer.compose.forEach((part, i) => {
      const at = layer.composeAt?.[i];
      const target = project.layers.get(part);
      if (part === layer.name) {
        reporter.error(`horizontal composition '${layer.name}' cannot list itself`, at);
      } else if (seen.has(part)) {
        reporter.error(`layer '${part}' appears twice in horizontal composition '${layer.name}'`, at);
      } else if (!target) {
        reporter.error(`horizontal composition '${layer.name}' lists unknown layer \`${part}\`${didYouMean(part, project.layers.keys())}`, at);
      } else if (target.compose) {
        reporter.error(`layer '${part}' is itself a horizontal composition: list its parts (${target.compose.join(', ')}) in '${layer.name}' instead`, at);
      } else if (partOf.has(part)) {
        reporter.error(`layer '${part}' is already a part of horizontal composition '${partOf.get(part)}'`, at);
      } else {
        partOf.set(part, layer.name);
      }
      seen.add(part);
    });
  }
}

/** Names every layer on each cycle, in order, each sitting on the next. */
function checkCycles(project: Project, reporter: Reporter): void {
  const graph = towerGraph(project);
  for (const component of alg.tarjan(graph)) {
    const members = new Set(component);
    const start = [...project.layers.keys()].find((name) => members.has(name))!;
    const selfLoop = component.length === 1 && graph.hasEdge(start, start);
    if (component.length < 2 && !selfLoop) continue;
    const cycle = [start];
    for (let next = down(project.layers.get(start)!, members); next !== start; next = down(project.layers.get(next)!, members)) cycle.push(next);
    const first = project.layers.get(start)!;
    const at = first.compose ? first.composeAt?.[first.compose.indexOf(cycle[1] ?? start)] : first.underlayAt;
    if (selfLoop) reporter.error(`layer '${start}' sits on itself`, at);
    else reporter.error(`layers form a cycle: ${[...cycle, start].join(' → ')} (each sits on the next)`, at);
  }
}

/** The next layer down that stays inside the cycle: the underlay, or for a composition a part. */
function down(layer: Layer, members: Set<string>): string {
  const candidates = layer.compose ?? (layer.underlay ? [layer.underlay] : []);
  return candidates.find((c) => members.has(c)) ?? layer.name;
}

/** An image stands on its top layer's underlay chain; any break in it breaks the image. */
function checkImageStacks(project: Project, reporter: Reporter): void {
  for (const image of project.images.values()) {
    if (!project.layers.has(image.top)) {
      reporter.error(`image '${image.name}' has unknown top layer \`${image.top}\`${didYouMean(image.top, project.layers.keys())}`, image.topAt);
    } else {
      const broken = brokenStack(project, image.top);
      if (broken) reporter.error(`image '${image.name}' has a broken stack: ${broken}`, image.topAt);
    }
    image.programs.forEach((program, i) => {
      if (!project.programs.has(program)) {
        reporter.error(`image '${image.name}' embeds unknown program \`${program}\`${didYouMean(program, project.programs.keys())}`, image.programsAt[i]);
      }
    });
  }
}

function brokenStack(project: Project, top: string): string | undefined {
  const onPath = new Set<string>();
  const done = new Set<string>();
  const visit = (name: string): string | undefined => {
    if (onPath.has(name)) return `its layers form a cycle through '${name}'`;
    if (done.has(name)) return undefined;
    onPath.add(name);
    const layer = project.layers.get(name)!;
    for (const next of layer.compose ?? (layer.underlay ? [layer.underlay] : [])) {
      if (!project.layers.has(next)) return `layer '${name}' ${layer.compose ? 'composes' : 'sits on'} unknown layer '${next}'`;
      const problem = visit(next);
      if (problem) return problem;
    }
    onPath.delete(name);
    done.add(name);
    return undefined;
  };
  return visit(top);
}

/** The parts of a composition must share one underlay; it becomes the composition's. */
function settleCompositionUnderlays(project: Project, reporter: Reporter): void {
  for (const layer of project.layers.values()) {
    if (!layer.compose) continue;
    const parts = layer.compose.map((name) => project.layers.get(name)!);
    const underlays = new Set(parts.map((p) => p.underlay));
    if (underlays.size > 1) {
      const each = parts.map((p) => `'${p.name}' on ${p.underlay ? `'${p.underlay}'` : 'nothing (a bottom layer)'}`).join(', ');
      reporter.error(`the parts of horizontal composition '${layer.name}' sit on different underlays: ${each}; parts must share one underlay`, layer.at);
    } else {
      layer.underlay = parts[0]?.underlay;
    }
  }
}

function checkListedOnce(project: Project, reporter: Reporter): void {
  for (const layer of project.layers.values()) {
    const seen = new Map<string, Primitive>();
    for (const p of [...layer.fresh, ...layer.passthrough]) {
      const first = seen.get(p.name);
      if (first) reporter.error(`primitive \`${p.name}\` is listed twice in layer '${layer.name}'`, p.at, { message: 'first listed here', at: first.at });
      else seen.set(p.name, p);
    }
  }
}

/**
 * Two layers may not define one primitive when they can meet in one image: one
 * below the other. (Parts of one composition are checkCompositionsDisjoint's;
 * layers of different branches or independent towers never share a stack.)
 */
function checkDefiners(graph: LayerGraph, reporter: Reporter): void {
  for (const name of graph.layersBottomUp()) {
    for (const p of graph.layer(name).fresh) {
      const lower = graph.definersOf(p.name).find((d) => d.layer !== name && graph.isBelow(d.layer, name));
      if (!lower) continue;
      reporter.error(`primitive \`${p.name}\` is defined by two layers, '${lower.layer}' and '${name}': a primitive has one defining layer, and the layers above it pass it through`, p.at, {
        message: `'${lower.layer}' defines \`${p.name}\` here`,
        at: lower.primitive.at,
      });
    }
  }
}

function checkCompositionsDisjoint(graph: LayerGraph, reporter: Reporter): void {
  for (const layer of graph.project.layers.values()) {
    if (!layer.compose) continue;
    const owner = new Map<string, { part: string; entry: Primitive }>();
    for (const part of layer.compose) {
      const partLayer = graph.layer(part);
      for (const entry of [...partLayer.fresh, ...partLayer.passthrough]) {
        const earlier = owner.get(entry.name);
        if (earlier && earlier.part !== part) {
          reporter.error(
            `horizontal composition '${layer.name}' has \`${entry.name}\` in two parts, '${earlier.part}' and '${part}': the primitives of its parts must be disjoint`,
            entry.at,
            { message: `'${earlier.part}' provides \`${entry.name}\` here`, at: earlier.entry.at },
          );
        } else if (!earlier) {
          owner.set(entry.name, { part, entry });
        }
      }
    }
  }
}

/**
 * A pass-through must come from the immediate underlay. When it does not, say
 * where the primitive really lives and which layers would have to pass it on.
 */
function checkPassThroughs(graph: LayerGraph, reporter: Reporter): void {
  for (const name of graph.layersBottomUp()) {
    const layer = graph.layer(name);
    for (const p of layer.passthrough) {
      const fromUnderlay = layer.underlay ? graph.provided(layer.underlay).get(p.name) : undefined;
      if (fromUnderlay) {
        checkSamePrototype(reporter, name, p, fromUnderlay.definedBy, fromUnderlay.definition);
        continue;
      }
      if (layer.fresh.some((f) => f.name === p.name)) continue; // listed twice: reported by checkListedOnce
      reporter.error(passThroughProblem(graph, layer, p.name), p.at);
    }
  }
}

function passThroughProblem(graph: LayerGraph, layer: Layer, primitive: string): string {
  const definer = graph.definerOf(primitive, layer.name);
  const head = layer.underlay
    ? `layer '${layer.name}' passes through \`${primitive}\`, but its underlay '${layer.underlay}' does not provide it`
    : `layer '${layer.name}' passes through \`${primitive}\`, but it is a bottom layer: it has no underlay to take it from`;
  if (!definer) {
    const all = graph.layersBottomUp().filter((l) => graph.sameTower(l, layer.name)).flatMap((l) => graph.layer(l).fresh.map((f) => f.name));
    return `${head}, and no layer defines it${didYouMean(primitive, all)}`;
  }
  if (!layer.underlay) return `${head} (\`${primitive}\` is defined by '${definer.layer}')`;
  if (definer.layer === layer.underlay || graph.isBelow(definer.layer, layer.underlay)) {
    const missing = graph.missingPassThrough(primitive, definer.layer, layer.underlay);
    const who = missing.map((l) => (graph.layer(l).compose ? `one of the parts of '${l}'` : `'${l}'`));
    return `${head}: \`${primitive}\` is defined by '${definer.layer}', so ${list(who)} would have to pass it through as well`;
  }
  const where = graph.isBelow(layer.name, definer.layer) ? 'above it' : 'not below it';
  return `${head}: \`${primitive}\` is defined by '${definer.layer}', which is ${where}; a layer can only pass on what comes from below`;
}

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A layer that re-declares a primitive it passes through (or imports) must declare it as its definer does. */
function checkSamePrototype(reporter: Reporter, layer: string, entry: Primitive, definer: string, definition: Primitive): void {
  if (entry.prototype === undefined || definition.prototype === undefined || entry === definition) return;
  if (canonicalPrototype(entry.prototype) === canonicalPrototype(definition.prototype)) return;
  reporter.error(
    `layer '${layer}' declares \`${entry.name}\` as \`${entry.prototype}\`, but '${definer}', which defines it, declares \`${definition.prototype}\``,
    entry.declaredAt ?? entry.at,
    { message: `'${definer}' declares \`${entry.name}\` here`, at: definition.declaredAt ?? definition.at },
  );
}

/** import.h declares what a layer uses from its underlay: it must be in the underlay's interface. */
function checkImports(graph: LayerGraph, reporter: Reporter): void {
  for (const name of graph.layersBottomUp()) {
    const layer = graph.layer(name);
    const provided = layer.underlay ? graph.provided(layer.underlay) : new Map();
    for (const p of layer.imports) {
      const from = provided.get(p.name);
      if (from) {
        checkSamePrototype(reporter, name, p, from.definedBy, from.definition);
        continue;
      }
      const definer = graph.definerOf(p.name, name);
      const where = !definer
        ? 'no layer defines it'
        : definer.layer === name
          ? `it is '${name}''s own primitive`
          : graph.isBelow(definer.layer, name) && layer.underlay
            ? `it is defined by '${definer.layer}', so ${list(graph.missingPassThrough(p.name, definer.layer, layer.underlay).map((l) => `'${l}'`))} would have to pass it through`
            : `it is defined by '${definer.layer}', which is not below '${name}'`;
      reporter.error(
        `import header of layer '${name}' declares \`${p.name}\`, but ${layer.underlay ? `its underlay '${layer.underlay}' does not provide it` : 'the layer has no underlay'}: ${where}`,
        p.declaredAt,
      );
    }
  }
}

function checkTests(graph: LayerGraph, reporter: Reporter): void {
  for (const name of graph.layersBottomUp()) {
    const layer = graph.layer(name);
    if (layer.test && graph.imagesContaining(name).length === 0) {
      reporter.warning(`layer '${name}' has a test, but no image's stack contains '${name}', so there is no test image to take its settings from`, layer.testAt);
    }
  }
}
