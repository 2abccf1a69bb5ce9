// The counts `layermake check` reports.
import type { LayerGraph } from './layerGraph.js';

export interface ProjectSummary {
  layers: number;
  compositions: number;
  modules: number;
  primitives: number;
  fresh: number;
  passthrough: number;
  inline: number;
  images: string[];
  testImages: string[];
  programs: string[];
  defaultImage?: string;
  layerfiles: number;
}

export function projectSummary(graph: LayerGraph): ProjectSummary {
  const layers = [...graph.project.layers.values()];
  const fresh = layers.reduce((n, l) => n + l.fresh.length, 0);
  const passthrough = layers.reduce((n, l) => n + l.passthrough.length, 0);
  return {
    layers: layers.length,
    compositions: layers.filter((l) => l.compose).length,
    modules: layers.reduce((n, l) => n + l.modules.length, 0),
    primitives: fresh,
    fresh,
    passthrough,
    inline: layers.reduce((n, l) => n + l.fresh.filter((p) => p.inline).length, 0),
    images: [...graph.project.images.keys()],
    testImages: graph.testImages().map((t) => t.name),
    programs: [...graph.project.programs.keys()],
    defaultImage: graph.project.defaultImage,
    layerfiles: graph.project.files.length,
  };
}
