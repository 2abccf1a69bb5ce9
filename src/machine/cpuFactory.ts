// Where the machine gets its CPU. The CPU (src/machine/cpu) is built separately
// against the CpuApi seam in bus.ts; this is the one place that names its module.
import type { CpuApi, CpuHost } from './bus.js';

export type CpuFactory = (memory: Uint8Array, host: CpuHost) => CpuApi;

// Not yet a static import: the CPU module is being written on another branch, and
// the rest of the machine must typecheck and be testable without it.
const CPU_MODULE = './cpu/index.js';

export async function loadCpuFactory(): Promise<CpuFactory> {
  const module = (await import(CPU_MODULE)) as { Cpu: new (memory: Uint8Array, host: CpuHost) => CpuApi };
  return (memory, host) => new module.Cpu(memory, host);
}
