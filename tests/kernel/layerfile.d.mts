export const repoRoot: string;
export const kernelDir: string;
export interface KernelLayer {
  name: string;
  underlay?: string;
  compose?: string[];
  dir: string;
  modules: string[];
  exportFile?: string;
  importFile?: string;
  test?: string;
  fresh: string[];
  passthrough: string[];
  inline: string[];
  cflags: string[];
  include: string[];
}
export interface KernelLayerfile {
  layers: Map<string, KernelLayer>;
  programs: Map<string, { name: string; sources: string[]; loadAddress: number; entry: string }>;
  images: Map<string, { top: string; upcalls?: string[]; programs?: string[]; [key: string]: unknown }>;
  defaultImage: string;
}
export function loadKernelLayerfile(file?: string): KernelLayerfile;
export function provides(lf: KernelLayerfile, name: string): Set<string>;
export function stack(lf: KernelLayerfile, top: string): string[];
export function definingLayer(lf: KernelLayerfile, name: string, prim: string): string | undefined;
