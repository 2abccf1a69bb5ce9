// The i386 register file as AT&T operands name it (`%eax`, `%cr3`, `%fs`).
// `num` is the 3-bit encoding used in ModRM, SIB and the +r opcode forms.

export type RegisterClass = 'gpr' | 'seg' | 'cr' | 'dr';

export interface Register {
  name: string;
  cls: RegisterClass;
  /** Operand size in bits for general registers; 16 for segment registers; 32 for control/debug. */
  size: 8 | 16 | 32;
  num: number;
}

const table = new Map<string, Register>();

function define(names: string[], cls: RegisterClass, size: 8 | 16 | 32): void {
  names.forEach((name, num) => {
    if (name) table.set(name, { name, cls, size, num });
  });
}

define(['al', 'cl', 'dl', 'bl', 'ah', 'ch', 'dh', 'bh'], 'gpr', 8);
define(['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'], 'gpr', 16);
define(['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'], 'gpr', 32);
define(['es', 'cs', 'ss', 'ds', 'fs', 'gs'], 'seg', 16);
define(['cr0', '', 'cr2', 'cr3', 'cr4'], 'cr', 32);
define(['db0', 'db1', 'db2', 'db3', 'db4', 'db5', 'db6', 'db7'], 'dr', 32);
define(['dr0', 'dr1', 'dr2', 'dr3', 'dr4', 'dr5', 'dr6', 'dr7'], 'dr', 32);

export function lookupRegister(name: string): Register | undefined {
  return table.get(name.toLowerCase());
}

/** The segment-override prefix byte for a segment register number (es, cs, ss, ds, fs, gs). */
export const SEGMENT_PREFIX = [0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65];
