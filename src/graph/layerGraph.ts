// The layer tower as a graph (on @dagrejs/graphlib) and the queries later stages
// ask of it: what a module may call, the order to build in, what an image stacks,
// what a change to a layer's interface affects. Built only over a tower whose
// structure check.ts has accepted (every underlay known, no cycle).
import { Graph, alg } from '@dagrejs/graphlib';
import type { ModuleInterface, PrimitiveSignature, UnreachablePrimitive } from './moduleInterface.js';
import { DEFAULT_BOOT_TIMEOUT, type Image, type Layer, type Primitive, type Project, type TestImage } from './model.js';

/** A primitive as some layer provides it, with the layer that really defines it. */
export interface ProvidedPrimitive {
  name: string;
  /** The layer whose modules define it. */
  definedBy: string;
  /** The definition's entry (its prototype and where it is declared). */
  definition: Primitive;
  /** The entry in the providing layer: the definition, a pass-through or (for a composition) a part's entry. */
  entry: Primitive;
  /** The layer whose entry this is (for a composition, the part). */
  via: string;
}

export interface Definition {
  layer: string;
  primitive: Primitive;
}

export class LayerGraph {
  /** Edges point up: from an underlay to the layers on it, and from each part to its composition. */
  readonly graph: Graph;
  private readonly order: string[];
  private readonly providedCache = new Map<string, Map<string, ProvidedPrimitive>>();
  private readonly belowCache = new Map<string, { list: string[]; set: Set<string> }>();
  private readonly chainCache = new Map<string, string[]>();
  /** Every layer defining each primitive, bottom-up: independent towers may reuse a name. */
  private readonly definers = new Map<string, Definition[]>();
  /** Which tower (connected component) each layer belongs to. */
  private readonly towerOf = new Map<string, number>();

  constructor(readonly project: Project) {
    this.graph = towerGraph(project);
    this.order = bottomUp(project);
    for (const name of this.order) {
      for (const p of this.layer(name).fresh) {
        const list = this.definers.get(p.name) ?? [];
        list.push({ layer: name, primitive: p });
        this.definers.set(p.name, list);
      }
    }
    alg.components(this.graph).forEach((component, i) => component.forEach((name) => this.towerOf.set(name, i)));
  }

  layer(name: string): Layer {
    const layer = this.project.layers.get(name);
    if (!layer) throw new Error(`no layer '${name}'`);
    return layer;
  }

  /** Every layer, each after its underlay and its parts; ties in declaration order. */
  layersBottomUp(): string[] {
    return [...this.order];
  }

  /** Every layer that defines a primitive (has it fresh), bottom-up. */
  definersOf(primitive: string): readonly Definition[] {
    return this.definers.get(primitive) ?? [];
  }

  /**
   * The layer that defines a primitive as seen from layer `from`: one below it (or
   * itself) first, then one above it, then any in the same tower. A primitive of
   * another, independent tower is no concern of `from`.
   */
  definerOf(primitive: string, from: string): Definition | undefined {
    const all = this.definersOf(primitive);
    if (all.length === 1) return this.sameTower(all[0].layer, from) ? all[0] : undefined;
    const candidates = all.filter((d) => this.sameTower(d.layer, from));
    return (
      candidates.find((d) => d.layer === from || this.isBelow(d.layer, from)) ??
      candidates.find((d) => this.isBelow(from, d.layer)) ??
      candidates[0]
    );
  }

  /** Are two layers in one tower (connected through underlays and compositions)? */
  sameTower(a: string, b: string): boolean {
    const ta = this.towerOf.get(a);
    return ta !== undefined && ta === this.towerOf.get(b);
  }

  /**
   * What a layer provides to the layer above: its fresh primitives and the
   * pass-throughs its underlay really provides; for a composition, its parts'.
   */
  provided(name: string): Map<string, ProvidedPrimitive> {
    let provided = this.providedCache.get(name);
    if (provided) return provided;
    provided = new Map();
    const layer = this.layer(name);
    if (layer.compose) {
      for (const part of layer.compose) {
        for (const [key, p] of this.provided(part)) if (!provided.has(key)) provided.set(key, p);
      }
    } else {
      for (const p of layer.fresh) provided.set(p.name, { name: p.name, definedBy: name, definition: p, entry: p, via: name });
      const below = layer.underlay ? this.provided(layer.underlay) : undefined;
      for (const p of layer.passthrough) {
        const from = below?.get(p.name);
        if (from && !provided.has(p.name)) provided.set(p.name, { ...from, entry: p, via: name });
      }
    }
    this.providedCache.set(name, provided);
    return provided;
  }

  /** The layers below `name` (underlay chain, with the parts of compositions), nearest first. */
  below(name: string): string[] {
    return [...this.belowOf(name).list];
  }

  private belowOf(name: string): { list: string[]; set: Set<string> } {
    let cached = this.belowCache.get(name);
    if (!cached) {
      const list = this.computeBelow(name);
      cached = { list, set: new Set(list) };
      this.belowCache.set(name, cached);
    }
    return cached;
  }

  private computeBelow(name: string): string[] {
    const result: string[] = [];
    let layer = this.layer(name);
    for (const part of layer.compose ?? []) result.push(part);
    while (layer.underlay) {
      const next = this.layer(layer.underlay);
      result.push(next.name);
      for (const part of next.compose ?? []) result.push(part);
      layer = next;
    }
    return result;
  }

  /** The underlay chain from `name` down, without parts: the layers a primitive passes through. */
  chain(name: string): string[] {
    let result = this.chainCache.get(name);
    if (!result) {
      result = [];
      for (let layer = this.layer(name); layer.underlay; layer = this.layer(layer.underlay)) result.push(layer.underlay);
      this.chainCache.set(name, result);
    }
    return [...result];
  }

  /**
   * The contract one module of `name` compiles against: its own layer's fresh
   * primitives, exactly what its immediate underlay provides, and every other
   * primitive of the tower as unreachable, with what it would take to reach it.
   */
  moduleInterface(name: string, withUnreachable = true): ModuleInterface {
    const layer = this.layer(name);
    return this.interfaceOver(name, layer.underlay, layer.compose ? [] : layer.fresh, withUnreachable);
  }

  /** The interface of `test.c` of a layer: it sits in a virtual layer directly above it. */
  testModuleInterface(name: string, withUnreachable = true): ModuleInterface {
    this.layer(name);
    return this.interfaceOver(testImageName(name), name, [], withUnreachable);
  }

  /**
   * withUnreachable=false leaves `unreachable` empty: it only words error messages
   * and is the costly part (every primitive of the tower, for every layer), so a
   * build can fill it in only for the modules it really compiles.
   */
  private interfaceOver(name: string, underlay: string | undefined, fresh: Primitive[], withUnreachable: boolean): ModuleInterface {
    const own = fresh.map((p): PrimitiveSignature => signature(p, name, p));
    const underlayPrimitives = underlay ? [...this.provided(underlay).values()].map((p) => signature(p.definition, p.definedBy, p.entry)) : [];
    const reachable = new Set([...own, ...underlayPrimitives].map((p) => p.name));
    const belowSet = underlay ? this.belowOf(underlay).set : new Set<string>();
    const unreachable: UnreachablePrimitive[] = [];
    // The test of a layer sits in a virtual layer: its tower is its underlay's.
    const home = this.project.layers.has(name) ? name : underlay!;
    for (const primitive of withUnreachable ? this.definers.keys() : []) {
      if (reachable.has(primitive)) continue;
      const definer = this.definerOf(primitive, home)?.layer;
      if (definer === undefined || definer === name) continue;
      const isBelow = definer === underlay || belowSet.has(definer);
      unreachable.push({
        name: primitive,
        definedBy: definer,
        mustPassThrough: isBelow && underlay ? this.missingPassThrough(primitive, definer, underlay) : [],
        above: !isBelow && this.project.layers.has(definer) && this.isBelow(name, definer),
      });
    }
    const iface: ModuleInterface = { layer: name, own, underlayPrimitives, unreachable };
    if (underlay) iface.underlay = underlay;
    return iface;
  }

  /** Is `lower` below `upper` in the tower? */
  isBelow(lower: string, upper: string): boolean {
    if (!this.project.layers.has(upper)) return false;
    return this.belowOf(upper).set.has(lower);
  }

  /**
   * The layers, bottom to top, from just above `definer` up to `top`, that do not
   * yet provide `primitive`: they would have to pass it through for `top`'s
   * overlay to reach it. A composition stands for "one of its parts".
   */
  missingPassThrough(primitive: string, definer: string, top: string): string[] {
    const path = [top, ...this.chain(top)];
    const cut = path.findIndex((l) => l === definer || this.layer(l).compose?.includes(definer));
    const between = path.slice(0, cut < 0 ? path.length : cut);
    return between.filter((l) => !this.provided(l).has(primitive)).reverse();
  }

  /** An image's stack, bottom-up, with parts of compositions before the composition. */
  imageStack(imageName: string): string[] {
    const image = this.project.images.get(imageName) ?? this.testImages().find((t) => t.name === imageName);
    if (!image) throw new Error(`no image '${imageName}'`);
    return this.stackOf(image.top);
  }

  /** The stack under and including `top`, bottom-up. */
  stackOf(top: string): string[] {
    const layer = this.layer(top);
    const under = layer.underlay ? this.stackOf(layer.underlay) : [];
    return [...under, ...(layer.compose ?? []), top];
  }

  /** Images whose stack contains the layer, the default image first. */
  imagesContaining(name: string): Image[] {
    const images = [...this.project.images.values()].filter((image) => this.project.layers.has(image.top) && this.stackOf(image.top).includes(name));
    return images.sort((a, b) => Number(b.name === this.project.defaultImage) - Number(a.name === this.project.defaultImage));
  }

  /** A test image for each layer with a test that some image's stack contains (docs/layerfile.md). */
  testImages(): TestImage[] {
    const tests: TestImage[] = [];
    for (const name of this.order) {
      const layer = this.layer(name);
      if (!layer.test) continue;
      const base = this.imagesContaining(name)[0];
      if (!base) continue;
      tests.push({
        ...base,
        name: testImageName(name),
        description: `test of layer ${name}`,
        top: name,
        layer: name,
        test: { path: layer.test, kind: 'c', at: layer.testAt! },
        basedOn: base.name,
        boot: { expect: layer.testExpect ?? `${name}: PASS`, timeout: base.boot?.timeout ?? DEFAULT_BOOT_TIMEOUT },
      });
    }
    return tests;
  }

  /**
   * The layers to recompile when `name`'s interface changes, bottom-up: the layer
   * itself (its modules see their own prototypes), the layers on it, and, through
   * every layer whose interface passes something of it on, their overlays too.
   */
  affectedBy(name: string): string[] {
    this.layer(name);
    const affected = new Set<string>([name]);
    const changed = [name];
    while (changed.length > 0) {
      const current = changed.pop()!;
      for (const over of this.graph.successors(current) ?? []) {
        if (affected.has(over)) continue;
        affected.add(over);
        const layer = this.layer(over);
        // A composition's interface is its parts'; a layer's includes what it passes through.
        if (layer.compose || layer.passthrough.length > 0) changed.push(over);
      }
    }
    return this.order.filter((l) => affected.has(l));
  }
}

export function testImageName(layer: string): string {
  return `test-${layer}`;
}

function signature(definition: Primitive, definedBy: string, entry: Primitive): PrimitiveSignature {
  const s: PrimitiveSignature = { name: definition.name, definedBy };
  const declared = definition.prototype !== undefined ? definition : entry.prototype !== undefined ? entry : undefined;
  if (declared?.prototype !== undefined) s.prototype = declared.prototype;
  if (declared?.declaredAt) s.declaredAt = { ...declared.declaredAt };
  if (definition.inline) s.inline = true;
  return s;
}

/** Nodes are layers; edges point up, from an underlay (or a part) to what stands on it. */
export function towerGraph(project: Project): Graph {
  const graph = new Graph({ directed: true });
  for (const name of project.layers.keys()) graph.setNode(name);
  for (const layer of project.layers.values()) {
    if (layer.compose) {
      for (const part of layer.compose) if (part !== layer.name && project.layers.has(part)) graph.setEdge(part, layer.name, 'part');
    } else if (layer.underlay && project.layers.has(layer.underlay)) {
      graph.setEdge(layer.underlay, layer.name, 'underlay');
    }
  }
  return graph;
}

function bottomUp(project: Project): string[] {
  const order: string[] = [];
  const done = new Set<string>();
  const visit = (name: string): void => {
    if (done.has(name)) return;
    done.add(name);
    const layer = project.layers.get(name);
    if (!layer) return;
    for (const part of layer.compose ?? []) visit(part);
    if (layer.underlay && !layer.compose) visit(layer.underlay);
    order.push(name);
  };
  for (const name of project.layers.keys()) visit(name);
  return order;
}
