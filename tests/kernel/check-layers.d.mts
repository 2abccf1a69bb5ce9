import type { KernelBuild } from './build-with-gcc.mjs';
export function prototypes(file: string): Map<string, string>;
export function checkLayers(opts?: { layerfile?: string; built?: KernelBuild }): Promise<{
  errors: string[];
  layers: number;
  modules: number;
  passthroughs: number;
}>;
