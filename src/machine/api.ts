// The emulator's library API, as `layermake boot` and the tests use it.

export interface BootOptions {
  /** Guest RAM in bytes (default 128 MiB). */
  memoryBytes?: number;
  /** Multiboot command line. */
  cmdline?: string;
  /** Stop with success when the serial output matches. */
  expect?: RegExp;
  /** Wall-clock limit in milliseconds. */
  timeoutMs?: number;
  /** Guest instruction limit (virtual time), for reproducible tests. */
  maxInstructions?: number;
  /** Called with each chunk of COM1 output as it is produced. */
  onSerial?: (text: string) => void;
  /** Bytes fed to COM1's receiver. */
  serialInput?: Uint8Array;
  /** Write an instruction trace to this path. */
  tracePath?: string;
  /** The image's name, which starts the multiboot command line as QEMU's -kernel path does (default "kernel"). */
  imageName?: string;
  /** Multiboot modules, loaded after the kernel as QEMU's -initrd does. */
  modules?: { data: Uint8Array; cmdline: string }[];
}

export type StopReason =
  | { kind: 'expect-matched' }
  | { kind: 'exit-device'; status: number }
  | { kind: 'timeout' }
  | { kind: 'instruction-limit' }
  | { kind: 'triple-fault'; message: string }
  | { kind: 'shutdown'; message: string }
  | { kind: 'emulator-limit'; message: string }
  /** The host ended the run (e.g. Ctrl-C at the terminal). */
  | { kind: 'interrupted' };

export interface BootResult {
  reason: StopReason;
  serial: string;
  instructions: number;
  /** Register dump text, for failures. */
  registers: string;
}
