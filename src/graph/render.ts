// The tower in the forms `layermake graph` prints: text for people, DOT for
// Graphviz, Mermaid for Markdown, JSON for tools. Each is drawn bottom to top.
import { relative } from 'node:path';
import type { LayerGraph } from './layerGraph.js';
import type { Image, Layer, Primitive, TestImage } from './model.js';

export type GraphFormat = 'text' | 'dot' | 'mermaid' | 'json';

export interface RenderOptions {
  /** Draw only this image's stack (an image or test image name). */
  image?: string;
  /** Text form: each primitive's prototype and each layer's modules too. */
  verbose?: boolean;
}

export function renderGraph(graph: LayerGraph, format: GraphFormat, options: RenderOptions = {}): string {
  const view = new View(graph, options.image);
  switch (format) {
    case 'text':
      return renderText(view, options.verbose ?? false);
    case 'dot':
      return renderDot(view);
    case 'mermaid':
      return renderMermaid(view);
    case 'json':
      return JSON.stringify(graphJson(graph, options.image), null, 2) + '\n';
  }
}

/** The layers and images to draw: all of them, or one image's stack. */
class View {
  readonly layers: string[];
  readonly images: Image[];

  constructor(
    readonly graph: LayerGraph,
    image: string | undefined,
  ) {
    const all = [...graph.project.images.values(), ...graph.testImages()];
    if (image === undefined) {
      this.layers = graph.layersBottomUp();
      this.images = all;
    } else {
      const stack = new Set(graph.imageStack(image));
      this.layers = graph.layersBottomUp().filter((l) => stack.has(l));
      this.images = all.filter((i) => i.name === image);
    }
  }
}

function names(primitives: Primitive[]): string {
  return primitives.map((p) => (p.inline ? `${p.name} (inline)` : p.name)).join(', ');
}

function partOf(graph: LayerGraph, name: string): string | undefined {
  return [...graph.project.layers.values()].find((l) => l.compose?.includes(name))?.name;
}

function heading(graph: LayerGraph, layer: Layer): string {
  if (layer.compose) return `${layer.name} = ${layer.compose.join(' + ')}${layer.underlay ? `  on ${layer.underlay}` : ''}`;
  const part = partOf(graph, layer.name);
  return `${layer.name}${layer.underlay ? `  on ${layer.underlay}` : '  (bottom)'}${part ? `  (part of ${part})` : ''}`;
}

function renderText(view: View, verbose: boolean): string {
  const { graph } = view;
  const root = graph.project.root;
  const lines: string[] = [];
  lines.push(`Layers, bottom to top (${view.layers.length}):`);
  for (const name of view.layers) {
    const layer = graph.layer(name);
    lines.push(`  ${heading(graph, layer)}`);
    if (layer.compose) {
      lines.push(`      provides      ${[...graph.provided(name).keys()].join(', ') || '(nothing)'}`);
      continue;
    }
    if (verbose) {
      if (layer.modules.length > 0) lines.push(`      modules       ${layer.modules.map((m) => relative(root, m.path)).join(', ')}`);
      for (const p of layer.fresh) lines.push(`      fresh         ${p.prototype ?? p.name}${p.inline ? '  (inline)' : ''}`);
      for (const p of graph.provided(name).values()) {
        if (p.definedBy !== name) lines.push(`      pass-through  ${p.definition.prototype ?? p.name}  (from ${p.definedBy})`);
      }
      continue;
    }
    if (layer.fresh.length > 0) lines.push(`      fresh         ${names(layer.fresh)}`);
    if (layer.passthrough.length > 0) lines.push(`      pass-through  ${names(layer.passthrough)}`);
    if (layer.fresh.length + layer.passthrough.length === 0) lines.push('      provides      (nothing)');
  }
  if (view.images.length > 0) {
    lines.push('', `Images (${view.images.length}):`);
    for (const image of view.images) lines.push(`  ${imageLine(graph, image)}`);
  }
  return lines.join('\n') + '\n';
}

function imageLine(graph: LayerGraph, image: Image): string {
  const isDefault = image.name === graph.project.defaultImage ? ' (default)' : '';
  const programs = image.programs.length > 0 ? `, programs ${image.programs.join(', ')}` : '';
  const boot = image.boot ? `; boot expects /${image.boot.expect}/ within ${image.boot.timeout} s` : '';
  return `${image.name}${isDefault}: ${graph.imageStack(image.name).join(' → ')}; entry ${image.entry}${programs}${boot}`;
}

function dotString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function layerLabel(layer: Layer, newline: string): string {
  const parts = [layer.name];
  if (layer.compose) parts.push(`= ${layer.compose.join(' + ')}`);
  if (layer.fresh.length > 0) parts.push(`fresh: ${names(layer.fresh)}`);
  if (layer.passthrough.length > 0) parts.push(`pass-through: ${names(layer.passthrough)}`);
  return parts.join(newline);
}

function renderDot(view: View): string {
  const { graph } = view;
  const out = ['digraph tower {', '  rankdir=BT;', '  node [shape=box, fontname="Helvetica", fontsize=10];', '  edge [arrowhead=none];'];
  for (const name of view.layers) {
    const layer = graph.layer(name);
    const style = layer.compose ? ', style=dashed' : '';
    out.push(`  ${dotString(name)} [label=${dotString(layerLabel(layer, '\n'))}${style}];`);
  }
  for (const name of view.layers) {
    const layer = graph.layer(name);
    if (layer.compose) for (const part of layer.compose) out.push(`  ${dotString(part)} -> ${dotString(name)} [style=dashed];`);
    else if (layer.underlay) out.push(`  ${dotString(layer.underlay)} -> ${dotString(name)};`);
  }
  for (const image of view.images) {
    const id = `image:${image.name}`;
    out.push(`  ${dotString(id)} [label=${dotString(`image ${image.name}\nentry ${image.entry}`)}, shape=ellipse];`);
    out.push(`  ${dotString(image.top)} -> ${dotString(id)} [style=dotted];`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}

function mermaidId(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

function mermaidText(s: string): string {
  return `"${s.replace(/"/g, '#quot;')}"`;
}

function renderMermaid(view: View): string {
  const { graph } = view;
  const out = ['flowchart BT'];
  for (const name of view.layers) {
    out.push(`  ${mermaidId(name)}[${mermaidText(layerLabel(graph.layer(name), '<br/>'))}]`);
  }
  for (const name of view.layers) {
    const layer = graph.layer(name);
    if (layer.compose) for (const part of layer.compose) out.push(`  ${mermaidId(part)} -.-> ${mermaidId(name)}`);
    else if (layer.underlay) out.push(`  ${mermaidId(layer.underlay)} --> ${mermaidId(name)}`);
  }
  for (const image of view.images) {
    const id = mermaidId(`image_${image.name}`);
    out.push(`  ${id}([${mermaidText(`image ${image.name}`)}])`);
    out.push(`  ${mermaidId(image.top)} -.- ${id}`);
  }
  return out.join('\n') + '\n';
}

/** The project as plain JSON: the same facts as the text form, paths relative to the root. */
export function graphJson(graph: LayerGraph, image?: string): unknown {
  const view = new View(graph, image);
  const root = graph.project.root;
  const rel = (p: string) => relative(root, p);
  const primitive = (p: Primitive) => ({ name: p.name, prototype: p.prototype ?? null, inline: p.inline });
  return {
    root,
    defaultImage: graph.project.defaultImage ?? null,
    layers: view.layers.map((name) => {
      const layer = graph.layer(name);
      return {
        name,
        underlay: layer.underlay ?? null,
        compose: layer.compose ?? null,
        partOf: partOf(graph, name) ?? null,
        modules: layer.modules.map((m) => rel(m.path)),
        fresh: layer.fresh.map(primitive),
        passthrough: layer.passthrough.map(primitive),
        provides: [...graph.provided(name).values()].map((p) => ({ name: p.name, definedBy: p.definedBy })),
      };
    }),
    programs: [...graph.project.programs.values()].map((p) => ({ name: p.name, sources: p.sources.map((s) => rel(s.path)), loadAddress: p.loadAddress, entry: p.entry })),
    images: view.images.map((image: Image | TestImage) => ({
      name: image.name,
      top: image.top,
      stack: graph.imageStack(image.name),
      entry: image.entry,
      upcalls: image.upcalls,
      loadAddress: image.loadAddress,
      memory: image.memory,
      programs: image.programs,
      boot: image.boot ?? null,
      test: 'test' in image ? rel(image.test.path) : null,
    })),
  };
}
