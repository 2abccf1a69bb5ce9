// layermake as a library: load a Layerfile, query the layer graph, compile, link and
// boot. Every entry point returns data and Diagnostic values; none prints.
//
//   import { loadLayerfile, formatDiagnostic } from 'layermake';
//   const { graph, diagnostics } = loadLayerfile('Layerfile');
//   diagnostics.forEach((d) => console.error(formatDiagnostic(d)));
//   if (graph) console.log(graph.moduleInterface('MALOp').underlayPrimitives);
export * from './diagnostics.js';
export type * from './graph/moduleInterface.js';
export type * from './graph/model.js';
export { loadLayerfile, nodeFs, type LayerfileFs, type LoadOptions, type LoadResult } from './graph/load.js';
export { LayerGraph, testImageName, type ProvidedPrimitive } from './graph/layerGraph.js';
export { renderGraph, graphJson, type GraphFormat } from './graph/render.js';
export { projectSummary, type ProjectSummary } from './graph/summary.js';
export { canonicalPrototype, scanPrototypes, type ScannedPrototype } from './graph/prototypes.js';
export { schemaPath } from './graph/schema.js';
export type * from './compile/api.js';
export type * from './link/api.js';
export type * from './machine/api.js';
