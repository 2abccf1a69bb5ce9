// CPUID: what this CPU says it is. Only features the emulator really implements are
// claimed: an x87 that answers the FNINIT/FNSTSW/FNSTCW probes, PSE (4 MiB pages),
// TSC, MSR, CX8 (CMPXCHG8B), SEP (SYSENTER/SYSEXIT) and CMOV. The vendor is AMD's
// because SVM is planned; SVM itself is not claimed yet.

export const FEATURE_FPU = 1 << 0;
export const FEATURE_PSE = 1 << 3;
export const FEATURE_TSC = 1 << 4;
export const FEATURE_MSR = 1 << 5;
export const FEATURE_CX8 = 1 << 8;
export const FEATURE_SEP = 1 << 11;
export const FEATURE_CMOV = 1 << 15;
export const CPUID_FEATURES =
  FEATURE_FPU | FEATURE_PSE | FEATURE_TSC | FEATURE_MSR | FEATURE_CX8 | FEATURE_SEP | FEATURE_CMOV;

/** Family 6, model 8, stepping 1. */
const SIGNATURE = 0x00000681;
const MAX_BASIC = 1;
const MAX_EXTENDED = 0x80000001 | 0;

/** EAX, EBX, ECX, EDX of the last CPUID. */
export const cpuidResult = new Int32Array(4);

function vendor(text: string): void {
  const word = (i: number) =>
    text.charCodeAt(i) | (text.charCodeAt(i + 1) << 8) | (text.charCodeAt(i + 2) << 16) | (text.charCodeAt(i + 3) << 24);
  cpuidResult[1] = word(0);
  cpuidResult[3] = word(4);
  cpuidResult[2] = word(8);
}

export function cpuidLeaf(leaf: number, _subleaf: number): void {
  cpuidResult.fill(0);
  switch (leaf | 0) {
    case 0:
      cpuidResult[0] = MAX_BASIC;
      vendor('AuthenticAMD');
      return;
    case 1:
      cpuidResult[0] = SIGNATURE;
      cpuidResult[3] = CPUID_FEATURES;
      return;
    case 0x80000000 | 0:
      cpuidResult[0] = MAX_EXTENDED;
      vendor('AuthenticAMD');
      return;
    case 0x80000001 | 0:
      cpuidResult[0] = SIGNATURE;
      cpuidResult[3] = CPUID_FEATURES; // AMD mirrors the common bits; ECX (SVM, …) stays 0
      return;
    default:
      return; // AMD returns zeros for leaves beyond the maximum
  }
}
