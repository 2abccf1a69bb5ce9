// layermake as a library: load a Layerfile, query the layer graph, compile, link and
// boot. Every entry point returns data and Diagnostic values; none prints.
export * from './diagnostics.js';
export type * from './graph/moduleInterface.js';
export type * from './compile/api.js';
export type * from './link/api.js';
export type * from './machine/api.js';
