import type { QemuBoot } from './qemu.mjs';
export const KERNEL_CFLAGS: string[];
export function compileModule(src: string, obj: string, includeDirs: string[], cflags?: string[], cc?: string): Promise<string>;
export interface KernelBuild {
  lf: unknown;
  image: string;
  objects: Map<string, string[]>;
  testObjects: Map<string, string>;
  testImages: Map<string, string>;
  programs: Map<string, string>;
}
export function buildKernel(opts?: { layerfile?: string; outDir?: string; tests?: string[] | 'all'; cc?: 'gcc' | 'i386-tcc' }): Promise<KernelBuild>;
export function testVerdict(layer: string): RegExp;
export function bootTestImage(layer: string, elf: string, opts?: { timeoutMs?: number }): Promise<QemuBoot>;
