// Where the machine gets its CPU. The CPU (src/machine/cpu) is built separately
// against the CpuApi seam in bus.ts; this is the one place that names it.
import type { CpuApi, CpuHost } from './bus.js';
import { Cpu } from './cpu/cpu.js';

export type CpuFactory = (memory: Uint8Array, host: CpuHost) => CpuApi;

export const createCpu: CpuFactory = (memory, host) => new Cpu(memory, host);
