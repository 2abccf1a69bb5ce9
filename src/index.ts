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
export { compileModule } from './compile/index.js';
export { assemble } from './link/asm/index.js';
export { link } from './link/ld/index.js';
export { boot, startBoot } from './machine/index.js';
export { buildProject, type SessionOptions, type SessionResult } from './scheduler/session.js';
export { planFromProject } from './scheduler/fromGraph.js';
export { runBuild, type BuildEvent, type BuildOptions, type BuildReport } from './scheduler/build.js';
export { WorkerPool } from './scheduler/pool.js';
export { ContentStore } from './cache/store.js';
export type { Toolchain } from './scheduler/toolchain.js';
