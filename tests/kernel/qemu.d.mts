export interface QemuBoot {
  output: string;
  /** The value written to port 0xf4, when QEMU ended through the exit device. */
  exitCode?: number;
  timedOut: boolean;
  stopped: boolean;
}
export function bootInQemu(elf: string, opts?: {
  timeoutMs?: number;
  memory?: string;
  stopOn?: RegExp;
  onOutput?: (s: string) => void;
}): Promise<QemuBoot>;
