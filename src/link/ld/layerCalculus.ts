// The layer calculus, checked on symbols. A module may use the symbols of its own
// layer and the primitives its IMMEDIATE underlay provides (fresh or passed through);
// a lower primitive reaches higher only if every layer in between passes it through;
// nothing calls upward except the image's declared upcalls; horizontal parts sit side
// by side over one underlay with disjoint primitives and never use each other.
// Every violation names the module, the symbol, where it is defined and the fix.

import type { Diagnostic } from '../../diagnostics.js';
import type { LinkLayer } from '../api.js';
import type { ObjectFile } from './objectFile.js';
import { fileError, note, objectError } from './report.js';
import type { Definition, SymbolTable } from './symbols.js';

interface Stack {
  byName: Map<string, LinkLayer>;
  /** The composition each part belongs to. */
  compositionOf: Map<string, LinkLayer>;
  provides: Map<string, Set<string>>;
  height: Map<string, number>;
}

/** Checks the request's layer structure itself; returns undefined when it is unusable. */
function buildStack(layers: LinkLayer[], image: string, diagnostics: Diagnostic[]): Stack | undefined {
  const stack: Stack = { byName: new Map(), compositionOf: new Map(), provides: new Map(), height: new Map() };
  const before = diagnostics.length;
  for (const layer of layers) {
    if (stack.byName.has(layer.name)) diagnostics.push(fileError(image, `layer ${layer.name} appears twice in the stack`));
    stack.byName.set(layer.name, layer);
  }
  for (const layer of layers) {
    if (layer.underlay !== undefined && !stack.byName.has(layer.underlay)) {
      diagnostics.push(fileError(image, `layer ${layer.name} has underlay ${layer.underlay}, which is not in the stack`));
    }
    for (const part of layer.parts ?? []) {
      const partLayer = stack.byName.get(part);
      if (!partLayer) {
        diagnostics.push(fileError(image, `composition ${layer.name} names part ${part}, which is not in the stack`));
        continue;
      }
      stack.compositionOf.set(part, layer);
    }
  }
  if (diagnostics.length > before) return undefined;
  for (const layer of layers) {
    if (heightOf(stack, layer, new Set()) < 0) {
      diagnostics.push(fileError(image, `layer ${layer.name} is its own underlay (the stack has a cycle)`));
      return undefined;
    }
  }
  for (const layer of layers) providesOf(stack, layer);
  return stack;
}

function underlayOf(stack: Stack, layer: LinkLayer): LinkLayer | undefined {
  const name = layer.underlay ?? (layer.parts && layer.parts.length > 0 ? stack.byName.get(layer.parts[0]!)?.underlay : undefined);
  return name === undefined ? undefined : stack.byName.get(name);
}

/** Distance from the bottom; -1 on a cycle. Parts stand at their composition's height. */
function heightOf(stack: Stack, layer: LinkLayer, visiting: Set<string>): number {
  const known = stack.height.get(layer.name);
  if (known !== undefined) return known;
  if (visiting.has(layer.name)) return -1;
  visiting.add(layer.name);
  const underlay = underlayOf(stack, layer);
  const below = underlay ? heightOf(stack, underlay, visiting) : -1;
  if (underlay && below < 0) return -1;
  const height = below + 1;
  stack.height.set(layer.name, height);
  return height;
}

/** What a layer offers the layer above: its fresh and pass-through primitives, and for a composition its parts'. */
function providesOf(stack: Stack, layer: LinkLayer): Set<string> {
  const known = stack.provides.get(layer.name);
  if (known) return known;
  const provided = new Set([...layer.fresh, ...layer.passThrough]);
  stack.provides.set(layer.name, provided);
  for (const part of layer.parts ?? []) for (const name of providesOf(stack, stack.byName.get(part)!)) provided.add(name);
  return provided;
}

/** The layer as seen from above: a part is reached through its composition. */
function visibleLayer(stack: Stack, name: string): string {
  return stack.compositionOf.get(name)?.name ?? name;
}

export interface LayerCheckInput {
  image: string;
  layers: LinkLayer[];
  objects: ObjectFile[];
  symbols: SymbolTable;
  upcalls: Set<string>;
}

export function checkLayerCalculus(input: LayerCheckInput, diagnostics: Diagnostic[]): void {
  const stack = buildStack(input.layers, input.image, diagnostics);
  if (!stack) return;
  for (const layer of input.layers) {
    checkParts(stack, layer, input, diagnostics);
    checkFresh(layer, input, diagnostics);
    checkPassThrough(stack, layer, input, diagnostics);
  }
  for (const object of input.objects) checkReferences(stack, object, input, diagnostics);
}

function layerFile(layer: LinkLayer, image: string): string {
  return layer.modules[0]?.source ?? image;
}

function definedIn(definition: Definition): string {
  return `layer ${definition.object!.layer} (${definition.object!.path})`;
}

function whereDefined(definition: Definition | undefined): string {
  return definition?.object ? `it is defined in ${definedIn(definition)}` : 'no module of the image defines it';
}

function checkParts(stack: Stack, composition: LinkLayer, input: LayerCheckInput, diagnostics: Diagnostic[]): void {
  const parts = (composition.parts ?? []).map((name) => stack.byName.get(name)!);
  const underlay = underlayOf(stack, composition);
  const owner = new Map<string, string>();
  for (const part of parts) {
    if (underlayOf(stack, part) !== underlay) {
      diagnostics.push(fileError(layerFile(part, input.image),
        `part ${part.name} of composition ${composition.name} sits on ${part.underlay ?? 'nothing'}, but the composition sits on ${underlay?.name ?? 'nothing'}; ` +
        `fix: give every part of ${composition.name} the same underlay`));
    }
    for (const primitive of part.fresh) {
      const other = owner.get(primitive);
      if (other !== undefined) {
        diagnostics.push(fileError(layerFile(part, input.image),
          `horizontal parts ${other} and ${part.name} of ${composition.name} both provide \`${primitive}\` (${whereDefined(input.symbols.definitions.get(primitive))}); ` +
          `fix: remove \`${primitive}\` from the fresh list of one of them, parts must stay disjoint`));
      }
      owner.set(primitive, part.name);
    }
  }
}

function checkFresh(layer: LinkLayer, input: LayerCheckInput, diagnostics: Diagnostic[]): void {
  const own = new Set([layer.name, ...(layer.parts ?? [])]);
  for (const primitive of layer.fresh) {
    const definition = input.symbols.definitions.get(primitive);
    if (definition?.object && own.has(definition.object.layer)) continue;
    const modules = layer.modules.map((m) => m.source).join(', ') || 'it has none';
    const message = definition?.object
      ? `layer ${layer.name} declares \`${primitive}\` fresh, but none of its modules (${modules}) defines it; it is defined in ${definedIn(definition)}; ` +
        `fix: move the definition into a module of ${layer.name}, or list \`${primitive}\` in ${layer.name}'s passthrough list if its underlay provides it`
      : `layer ${layer.name} declares \`${primitive}\` fresh, but no module of the image defines it; ` +
        `fix: define \`${primitive}\` in one of ${layer.name}'s modules (${modules}), or remove it from ${layer.name}'s fresh list`;
    diagnostics.push(fileError(layerFile(layer, input.image), message));
  }
}

function checkPassThrough(stack: Stack, layer: LinkLayer, input: LayerCheckInput, diagnostics: Diagnostic[]): void {
  const underlay = underlayOf(stack, layer);
  for (const primitive of layer.passThrough) {
    if (underlay && providesOf(stack, underlay).has(primitive)) continue;
    const definition = input.symbols.definitions.get(primitive);
    let message: string;
    if (!underlay) {
      message = `bottom layer ${layer.name} passes \`${primitive}\` through, but it has no underlay; fix: list \`${primitive}\` as fresh in ${layer.name} or remove it from its passthrough list`;
    } else {
      const definedByUnderlay = definition?.object && visibleLayer(stack, definition.object.layer) === underlay.name;
      const fix = definedByUnderlay ? `add \`${primitive}\` to ${definition.object!.layer}'s fresh list` : passThroughFix(underlay, primitive);
      message = `layer ${layer.name} passes \`${primitive}\` through, but its underlay ${underlay.name} does not provide it (${whereDefined(definition)}); fix: ${fix}`;
    }
    diagnostics.push(fileError(layerFile(layer, input.image), message));
  }
}

function checkReferences(stack: Stack, object: ObjectFile, input: LayerCheckInput, diagnostics: Diagnostic[]): void {
  const layer = stack.byName.get(object.layer)!;
  const underlay = underlayOf(stack, layer);
  const provided = underlay ? providesOf(stack, underlay) : new Set<string>();
  const reported = new Set<string>();
  const mayCall = (name: string) => provided.has(name) || input.symbols.definitions.get(name)?.object?.layer === layer.name;
  for (const reference of input.symbols.references.get(object) ?? []) {
    const definition = input.symbols.definitions.get(reference.name);
    if (!definition?.object || reported.has(reference.name) || reference.ownCopy) continue; // undefined: reported by the resolver
    if (definition.object.layer === layer.name) continue;
    if (provided.has(reference.name) || input.upcalls.has(reference.name)) continue;
    if (object.inlined.some(([primitive, symbol]) => symbol === reference.name && mayCall(primitive))) continue;
    reported.add(reference.name);
    diagnostics.push(explainViolation(stack, object, layer, underlay, definition));
  }
}

function explainViolation(stack: Stack, object: ObjectFile, layer: LinkLayer, underlay: LinkLayer | undefined, definition: Definition): Diagnostic {
  const name = definition.name;
  const owner = stack.byName.get(definition.object!.layer)!;
  const where = `defined in ${definedIn(definition)}`;
  const composition = stack.compositionOf.get(layer.name);
  const d = (message: string) => {
    const diagnostic = objectError(object, `layer ${layer.name} uses \`${name}\`, ${message}`);
    diagnostic.notes = [note(definition.object!.path, `\`${name}\` is defined here`)];
    return diagnostic;
  };
  if (composition && stack.compositionOf.get(owner.name) === composition) {
    return d(`${where}, a side-by-side part of ${composition.name}: horizontal parts may not use each other; ` +
      `fix: move \`${name}\` into their common underlay${underlay ? ` ${underlay.name}` : ''}`);
  }
  const chain = underlayChain(stack, layer);
  const ownerIndex = chain.findIndex((l) => l.name === visibleLayer(stack, owner.name));
  if (ownerIndex < 0) {
    const higher = stack.height.get(owner.name)! > stack.height.get(layer.name)!;
    return d(higher
      ? `defined in the higher ${definedIn(definition)}: calls upward are not allowed; fix: move the call into ${owner.name}, or add \`${name}\` to the image's upcalls list if it is the boot code's jump into the kernel`
      : `${where}, which is not below ${layer.name}; fix: use only ${underlay ? `the primitives of ${underlay.name}` : 'symbols of its own layer'}`);
  }
  // Defined below: every layer between the owner and `layer` must pass it through.
  const fixes: string[] = [];
  for (let i = ownerIndex - 1; i >= 0; i--) {
    if (!providesOf(stack, chain[i]!).has(name)) fixes.push(passThroughFix(chain[i]!, name));
  }
  if (!providesOf(stack, owner).has(name)) fixes.unshift(`add \`${name}\` to ${owner.name}'s fresh list`);
  return d(`${where}, which its underlay ${underlay!.name} does not provide; fix: ${fixes.join(', and ')}`);
}

/** A composition has no lists of its own in a Layerfile: one of its parts must pass the primitive through. */
function passThroughFix(layer: LinkLayer, name: string): string {
  if (layer.parts && layer.parts.length > 0) return `add \`${name}\` to the passthrough list of one of ${layer.name}'s parts (${layer.parts.join(' or ')})`;
  return `add \`${name}\` to ${layer.name}'s passthrough list`;
}

/** The layers below `layer`, nearest first, each as the layer above sees it (compositions, not parts). */
function underlayChain(stack: Stack, layer: LinkLayer): LinkLayer[] {
  const chain: LinkLayer[] = [];
  for (let current = underlayOf(stack, layer); current; current = underlayOf(stack, current)) {
    chain.push(stack.compositionOf.get(current.name) ?? current);
  }
  return chain;
}
