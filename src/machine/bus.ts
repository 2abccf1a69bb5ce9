// The seam between the CPU (src/machine/cpu) and the rest of the PC
// (src/machine/devices, src/machine/machine.ts). The CPU knows nothing of devices:
// it sees port I/O and one interrupt line through a CpuHost, and RAM as a byte array.

export interface CpuHost {
  /** IN: returns the value read from `port` (size in bytes). Unclaimed ports read all ones. */
  ioRead(port: number, size: 1 | 2 | 4): number;
  /** OUT. */
  ioWrite(port: number, size: 1 | 2 | 4, value: number): void;
  /**
   * True while a maskable interrupt is pending at the PIC. The CPU tests it between
   * instructions when IF=1 (and no interrupt shadow), and then calls acknowledgeInterrupt.
   */
  interruptPending(): boolean;
  /** INTA: the vector of the highest-priority pending interrupt. */
  acknowledgeInterrupt(): number;
  /** The keyboard controller or port 0x92 asked for a reset, or the exit device was written: stop running. */
  stopRequested(): boolean;
}

export type CpuState = 'running' | 'halted' | 'triple-fault' | 'stopped';

/** What src/machine/machine.ts needs from the CPU. */
export interface CpuApi {
  readonly state: CpuState;
  /** Instructions retired since reset (virtual time). */
  readonly instructionCount: number;
  /**
   * Runs until `budget` instructions have retired, the CPU halts (HLT with nothing
   * pending), it triple-faults, or the host asks it to stop. Returns instructions retired.
   * A halted CPU resumes when the host has an interrupt pending and IF=1.
   */
  run(budget: number): number;
  /** Multiboot hand-off: 32-bit protected mode, flat 4 GiB CS/DS/ES/FS/GS/SS, paging off, IF=0. */
  enterProtectedFlat(eip: number, eax: number, ebx: number): void;
  /**
   * Optional: sets GDTR and IDTR after enterProtectedFlat, so that the tables the
   * firmware leaves (as QEMU's do) are in place for kernels that rely on them.
   */
  setDescriptorTables?(gdtBase: number, gdtLimit: number, idtBase: number, idtLimit: number): void;
  /** Why the CPU triple-faulted, e.g. "#GP(0x10) while delivering #NP(0x28) at eip=0x00101234". */
  readonly faultMessage: string;
  /** A multi-line register dump (EAX … EFLAGS, segment registers, CR0/2/3/4). */
  dumpRegisters(): string;
}
