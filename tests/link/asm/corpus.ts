// A generated corpus of i386 instruction forms for the differential test against
// GNU as: every mnemonic family, operand kind, addressing mode and size, with
// pseudo-random registers, displacements and immediates from a fixed seed.

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

const R8 = ['al', 'cl', 'dl', 'bl', 'ah', 'ch', 'dh', 'bh'];
const R16 = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'];
const R32 = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'];
const SEGS = ['es', 'cs', 'ss', 'ds', 'fs', 'gs'];
const SUFFIX: Record<number, string> = { 8: 'b', 16: 'w', 32: 'l' };
const CC = ['o', 'no', 'b', 'c', 'nae', 'ae', 'nb', 'nc', 'e', 'z', 'ne', 'nz', 'be', 'na', 'a', 'nbe', 's', 'ns', 'p', 'pe', 'np', 'po', 'l', 'nge', 'ge', 'nl', 'le', 'ng', 'g', 'nle'];

function reg(r: Rand, size: number): string {
  return '%' + pick(r, size === 8 ? R8 : size === 16 ? R16 : R32);
}

function disp(r: Rand): string {
  const v = pick(r, [0, 1, 4, -4, 8, 127, 128, -128, -129, 0x1000, 0x7fffffff, -0x12345, 255, 256, 0x40]);
  return v < 0 ? `-${-v}` : `0x${v.toString(16)}`;
}

/** A 32-bit addressing mode: all the ModRM/SIB shapes, with %esp/%ebp corner cases. */
export function mem(r: Rand): string {
  const seg = r() < 0.12 ? `%${pick(r, SEGS)}:` : '';
  const base = '%' + pick(r, R32);
  const index = '%' + pick(r, R32.filter((x) => x !== 'esp'));
  const scale = pick(r, [1, 2, 4, 8]);
  const d = disp(r);
  switch (Math.floor(r() * 9)) {
    case 0:
      return `${seg}(${base})`;
    case 1:
      return `${seg}${d}(${base})`;
    case 2:
      return `${seg}${d}(${base},${index},${scale})`;
    case 3:
      return `${seg}(${base},${index},${scale})`;
    case 4:
      return `${seg}${d}(,${index},${scale})`;
    case 5:
      return `${seg}${pick(r, ['0x1234', '0x0', '0x7fff0000', '12'])}`;
    case 6:
      return `${seg}${d}(${pick(r, ['%esp', '%ebp'])})`;
    case 7:
      return `${seg}(${pick(r, ['%esp', '%ebp'])})`;
    default:
      return `${seg}(${base},${index})`;
  }
}

function imm(r: Rand, size: number): string {
  const common = [0, 1, 2, 3, -1, -2, 5, 0x7f, -0x80, 0x80, -0x81, 0x55];
  const wide = size === 8 ? [0xff, 0xfe, 100] : size === 16 ? [0x7fff, -0x8000, 0xffff, 0x1234, 300] : [0x7fffffff, -0x80000000, 0xffffffff, 0x12345678, 300, 0x10000];
  const v = pick(r, [...common, ...wide]);
  return '$' + (v < 0 ? `-${-v}` : `0x${v.toString(16)}`);
}

/** A register or memory operand of `size`; with `explicit`, the suffix carries the size. */
function rm(r: Rand, size: number): { text: string; isReg: boolean } {
  return r() < 0.5 ? { text: reg(r, size), isReg: true } : { text: mem(r), isReg: false };
}

const SIZES = [8, 16, 32];

function sized(name: string, size: number, hasReg: boolean, r: Rand): string {
  return hasReg && r() < 0.5 ? name : name + SUFFIX[size];
}

type Gen = (r: Rand) => string;

const GENERATORS: Record<string, Gen> = {};

for (const op of ['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp', 'test', 'mov']) {
  GENERATORS[op] = (r) => {
    const size = pick(r, SIZES);
    switch (Math.floor(r() * 4)) {
      case 0: {
        const dst = rm(r, size);
        return `${sized(op, size, dst.isReg, r)} ${imm(r, size)}, ${dst.text}`;
      }
      case 1: {
        const dst = rm(r, size);
        return `${sized(op, size, true, r)} ${reg(r, size)}, ${dst.text}`;
      }
      case 2:
        return `${sized(op, size, true, r)} ${mem(r)}, ${reg(r, size)}`;
      default: {
        const acc = size === 8 ? '%al' : size === 16 ? '%ax' : '%eax';
        return r() < 0.5 ? `${op} ${imm(r, size)}, ${acc}` : `${op} ${pick(r, [mem(r), '0x1000', '%fs:0x20'])}, ${acc}`;
      }
    }
  };
}

for (const op of ['rol', 'ror', 'rcl', 'rcr', 'shl', 'shr', 'sal', 'sar']) {
  GENERATORS[op] = (r) => {
    const size = pick(r, SIZES);
    const dst = rm(r, size);
    const name = sized(op, size, dst.isReg, r);
    return pick(r, [`${name} ${dst.text}`, `${name} $1, ${dst.text}`, `${name} %cl, ${dst.text}`, `${name} ${pick(r, ['$2', '$7', '$31', '$0x10'])}, ${dst.text}`]);
  };
}

for (const op of ['not', 'neg', 'mul', 'div', 'idiv', 'inc', 'dec']) {
  GENERATORS[op] = (r) => {
    const size = pick(r, SIZES);
    const dst = rm(r, size);
    return `${sized(op, size, dst.isReg, r)} ${dst.text}`;
  };
}

GENERATORS.imul = (r) => {
  const size = pick(r, [16, 32]);
  switch (Math.floor(r() * 4)) {
    case 0: {
      const s = pick(r, SIZES);
      const dst = rm(r, s);
      return `${sized('imul', s, dst.isReg, r)} ${dst.text}`;
    }
    case 1:
      return `imul ${rm(r, size).text}, ${reg(r, size)}`;
    case 2:
      return `imul ${imm(r, size)}, ${reg(r, size)}`;
    default:
      return `imul ${imm(r, size)}, ${rm(r, size).text}, ${reg(r, size)}`;
  }
};

GENERATORS.movx = (r) => {
  const form = pick(r, ['movzbl', 'movzbw', 'movzwl', 'movsbl', 'movsbw', 'movswl']);
  const src = form[4] === 'b' ? 8 : 16;
  const dst = form[5] === 'w' ? 16 : 32;
  const s = r() < 0.5 ? reg(r, src) : mem(r);
  if (r() < 0.3 && s.startsWith('%')) return `${form.startsWith('movz') ? 'movzx' : 'movsx'} ${s}, ${reg(r, dst)}`;
  return `${form} ${s}, ${reg(r, dst)}`;
};

GENERATORS.lea = (r) => {
  const size = pick(r, [16, 32]);
  return `${sized('lea', size, true, r)} ${mem(r)}, ${reg(r, size)}`;
};

GENERATORS.xchg = (r) => {
  const size = pick(r, SIZES);
  return r() < 0.5 ? `xchg ${reg(r, size)}, ${rm(r, size).text}` : `xchg ${mem(r)}, ${reg(r, size)}`;
};

GENERATORS.pushpop = (r) => {
  const op = pick(r, ['push', 'pop']);
  switch (Math.floor(r() * 5)) {
    case 0:
      return `${op} ${reg(r, pick(r, [16, 32]))}`;
    case 1:
      return `${op}${pick(r, ['', 'l', 'w'])} ${mem(r)}`;
    case 2:
      return `${op}${pick(r, ['', 'l', 'w'])} %${pick(r, op === 'pop' ? SEGS.filter((s) => s !== 'cs') : SEGS)}`;
    default:
      return `push${pick(r, ['', 'l', 'w'])} ${imm(r, 16)}`;
  }
};

GENERATORS.movseg = (r) => {
  const seg = '%' + pick(r, SEGS.filter((s) => s !== 'cs'));
  const other = r() < 0.5 ? reg(r, pick(r, [16, 32])) : mem(r);
  return r() < 0.5 ? `mov ${other}, ${seg}` : `mov ${seg}, ${other}`;
};

GENERATORS.movcr = (r) => {
  const special = r() < 0.5 ? `%cr${pick(r, [0, 2, 3, 4])}` : `%db${pick(r, [0, 1, 2, 3, 6, 7])}`;
  const g = reg(r, 32);
  return r() < 0.5 ? `mov ${special}, ${g}` : `movl ${g}, ${special}`;
};

GENERATORS.setcc = (r) => `set${pick(r, CC)} ${r() < 0.5 ? reg(r, 8) : mem(r)}`;
GENERATORS.cmovcc = (r) => {
  const size = pick(r, [16, 32]);
  return `cmov${pick(r, CC)} ${rm(r, size).text}, ${reg(r, size)}`;
};

GENERATORS.bits = (r) => {
  const op = pick(r, ['bt', 'bts', 'btr', 'btc']);
  const size = pick(r, [16, 32]);
  const dst = rm(r, size);
  return r() < 0.5 ? `${sized(op, size, dst.isReg, r)} ${pick(r, ['$3', '$31', '$0x10'])}, ${dst.text}` : `${op} ${reg(r, size)}, ${dst.text}`;
};

GENERATORS.bitscan = (r) => {
  const size = pick(r, [16, 32]);
  return `${pick(r, ['bsf', 'bsr'])} ${rm(r, size).text}, ${reg(r, size)}`;
};

GENERATORS.shiftd = (r) => {
  const size = pick(r, [16, 32]);
  const op = pick(r, ['shld', 'shrd']);
  return `${op} ${pick(r, ['$4', '%cl', '$31'])}, ${reg(r, size)}, ${rm(r, size).text}`;
};

GENERATORS.atomic = (r) => {
  const size = pick(r, SIZES);
  const op = pick(r, ['cmpxchg', 'xadd']);
  const dst = rm(r, size);
  return `${r() < 0.4 && !dst.isReg ? 'lock ' : ''}${op} ${reg(r, size)}, ${dst.text}`;
};

GENERATORS.misc1 = (r) => `${pick(r, ['cmpxchg8b', 'lock cmpxchg8b', 'invlpg', 'lgdt', 'lidt', 'sgdt', 'sidt', 'lgdtl', 'sidtl'])} ${mem(r)}`;
GENERATORS.system16 = (r) => {
  const op = pick(r, ['lldt', 'sldt', 'ltr', 'str', 'lmsw', 'smsw', 'verr', 'verw']);
  const store = ['sldt', 'str', 'smsw'].includes(op);
  return `${op} ${r() < 0.5 ? mem(r) : reg(r, store ? pick(r, [16, 32]) : 16)}`;
};
GENERATORS.bswap = (r) => `bswap ${reg(r, 32)}`;

GENERATORS.farPointer = (r) => `${pick(r, ['lds', 'les', 'lfs', 'lgs', 'lss'])} ${mem(r)}, ${reg(r, pick(r, [16, 32]))}`;
GENERATORS.selectors = (r) =>
  pick(r, [
    `${pick(r, ['lar', 'lsl'])} ${r() < 0.5 ? mem(r) : reg(r, pick(r, [16, 32]))}, ${reg(r, pick(r, [16, 32]))}`,
    `arpl ${reg(r, 16)}, ${r() < 0.5 ? mem(r) : reg(r, 16)}`,
    `bound ${reg(r, pick(r, [16, 32]))}, ${mem(r)}`,
    `${pick(r, ['fxsave', 'fxrstor', 'clflush', 'prefetchnta', 'prefetcht0', 'prefetcht1', 'prefetcht2'])} ${mem(r)}`,
    pick(r, ['mfence', 'lfence', 'sfence', 'monitor', 'mwait', 'monitor %eax, %ecx, %edx', 'mwait %eax, %ecx', 'rdtscp', 'xgetbv', 'xsetbv']),
  ]);

GENERATORS.string = (r) => {
  const op = pick(r, ['movs', 'cmps', 'stos', 'lods', 'scas', 'ins', 'outs']);
  const prefix = pick(r, ['', '', 'rep ', 'repe ', 'repne ', 'repz ', 'repnz ']);
  return `${prefix}${op}${pick(r, ['b', 'w', 'l'])}`;
};

GENERATORS.stringOps = (r) =>
  pick(r, [
    'movsb %fs:(%esi), %es:(%edi)',
    'movsl (%esi), %es:(%edi)',
    'rep stos %eax, %es:(%edi)',
    'stos %al, %es:(%edi)',
    'lods %ds:(%esi), %ax',
    'lods %gs:(%esi), %eax',
    'scas %es:(%edi), %al',
    'cmpsw %es:(%edi), %ds:(%esi)',
    'xlat',
    'xlatb',
    'xlat %es:(%ebx)',
    'outsb %ds:(%esi), (%dx)',
    'insl (%dx), %es:(%edi)',
  ]);

GENERATORS.inout = (r) => {
  const acc = pick(r, ['%al', '%ax', '%eax']);
  const port = pick(r, ['$0x60', '$0x20', '%dx', '(%dx)', '$0xff']);
  return r() < 0.5 ? `in ${port}, ${acc}` : `out ${acc}, ${port}`;
};

GENERATORS.inoutShort = (r) => `${pick(r, ['inb', 'inw', 'inl', 'outb', 'outw', 'outl'])} ${pick(r, ['$0x71', '%dx'])}`;

GENERATORS.indirect = (r) => {
  const op = pick(r, ['jmp', 'call']);
  return r() < 0.5 ? `${op} *${reg(r, 32)}` : `${op}${pick(r, ['', 'l', 'w'])} *${mem(r)}`;
};

GENERATORS.far = (r) =>
  pick(r, [
    `ljmp $${pick(r, ['0x8', '0x10', '0x1b'])}, $${pick(r, ['0x1000', '0x100000', '0'])}`,
    `lcall $${pick(r, ['0x8', '0x23'])}, $${pick(r, ['0x1234', '0x0'])}`,
    `ljmp *${mem(r)}`,
    `lcall *${mem(r)}`,
    `ljmpw *${mem(r)}`,
    `lcalll *${mem(r)}`,
  ]);

GENERATORS.fixed = (r) =>
  pick(r, [
    'hlt', 'cli', 'sti', 'cld', 'std', 'clc', 'stc', 'cmc', 'int3', 'into', 'iret', 'iretw', 'iretl', 'leave', 'lahf', 'sahf',
    'pause', 'ud2', 'cpuid', 'rdtsc', 'rdmsr', 'wrmsr', 'sysenter', 'sysexit', 'wbinvd', 'invd', 'clts', 'nop',
    'pusha', 'pushal', 'pushaw', 'popa', 'popal', 'popaw', 'pushf', 'pushfl', 'pushfw', 'popf', 'popfl', 'popfw',
    'cwtl', 'cltd', 'cbtw', 'cwtd', 'ret', 'lret', 'retl', 'retw', 'lretl', 'lretw', 'aaa', 'aas', 'daa', 'das', 'aam', 'aad',
    'vmrun', 'vmload', 'vmsave', 'vmmcall', 'stgi', 'clgi', 'invlpga', 'skinit', 'vmrun %eax', 'invlpga %eax, %ecx', 'skinit %eax',
    'rdpmc', 'rsm', 'cwde', 'cdq', 'lock', 'rep', 'repne',
  ]);

GENERATORS.immOps = (r) =>
  pick(r, [
    `int ${pick(r, ['$3', '$0x80', '$0', '$0x30', '$255'])}`,
    `ret $${pick(r, ['4', '8', '0x100', '0'])}`,
    `lret $${pick(r, ['4', '12'])}`,
    `enter $${pick(r, ['16', '0x100', '0'])}, $${pick(r, ['0', '1', '3'])}`,
    `aam $${pick(r, ['16', '10'])}`,
    `aad $${pick(r, ['16', '10'])}`,
  ]);

GENERATORS.nopForms = (r) => `${pick(r, ['nopl', 'nopw'])} ${pick(r, [mem(r), pick(r, ['(%eax)', '0x0(%eax,%eax,1)', '0x0(%eax)'])])}`;

GENERATORS.prefixed = (r) =>
  pick(r, [
    `lock ${pick(r, ['incl', 'decl', 'notl', 'negl'])} ${mem(r)}`,
    `lock ${pick(r, ['addl', 'orl', 'andl', 'subl', 'xorl'])} ${imm(r, 32)}, ${mem(r)}`,
    `lock ${pick(r, ['btsl', 'btrl', 'btcl'])} $${pick(r, ['1', '5'])}, ${mem(r)}`,
    `${pick(r, ['addr16', 'data16'])} ${pick(r, ['nop', 'ret', 'lodsb'])}`,
  ]);

/** Branch forms that GNU as relaxes: each batch gets its own labels. */
export function branchCorpus(r: Rand, count: number): string[] {
  const lines: string[] = ['1:', '2:'];
  for (let i = 0; i < count; i++) {
    const target = r() < 0.5 ? `L${Math.floor(r() * count)}` : `${pick(r, ['1', '2'])}${pick(r, ['b', 'f'])}`;
    lines.push(`L${i}:`);
    if (r() < 0.3) lines.push(`${pick(r, ['1', '2'])}:`);
    const gap = Math.floor(r() * 4);
    for (let g = 0; g < gap; g++) lines.push(`.fill ${pick(r, [1, 10, 60, 120])}, 1, 0x90`);
    const op = pick(r, ['jmp', 'jmp', ...CC.map((c) => 'j' + c), 'call', 'loop', 'jecxz']);
    lines.push(`${op} ${op === 'loop' || op === 'jecxz' ? 'L' + Math.min(count - 1, i + 1) : target}`);
  }
  lines.push('1:', '2:', 'ret');
  return lines;
}

export function instructionCorpus(seed: number, perGenerator: number): string[] {
  const r = rng(seed);
  const lines: string[] = [];
  for (const [name, gen] of Object.entries(GENERATORS)) {
    const n = name === 'fixed' || name === 'immOps' ? perGenerator * 2 : perGenerator;
    for (let i = 0; i < n; i++) lines.push(gen(r));
  }
  return lines;
}

/** 16-bit code (boot trampolines): the same families under `.code16`. */
export function code16Corpus(seed: number, count: number): string[] {
  const r = rng(seed);
  const lines = ['.code16'];
  const m16 = () => pick(r, ['(%bx)', '(%si)', '(%di)', '4(%bp)', '(%bx,%si)', '0x10(%bx,%di)', '-2(%bp,%si)', '0x1234', '0x200(%bp,%di)', '(%eax)', '8(%esp)']);
  for (let i = 0; i < count; i++) {
    const size = pick(r, [8, 16, 32]);
    lines.push(
      pick(r, [
        `mov${SUFFIX[size]} ${imm(r, size)}, ${m16()}`,
        `mov ${reg(r, size)}, ${reg(r, size)}`,
        `add${SUFFIX[size]} ${m16()}, ${reg(r, size)}`,
        `lea ${m16()}, ${reg(r, 16)}`,
        `push${pick(r, ['', 'l', 'w'])} ${imm(r, 16)}`,
        `mov %ax, %${pick(r, ['ds', 'es', 'ss'])}`,
        `ljmp $0x8, $0x7c00`,
        `ljmpl $0x8, $0x100000`,
        `lgdtl ${m16()}`,
        `lgdt ${m16()}`,
        `movl %cr0, %eax`,
        `orl $1, %eax`,
        `int $0x10`,
        `rep movsw`,
        `inb $0x64, %al`,
        `iret`,
        `ret`,
        `pushf`,
        `pushal`,
        `cwtl`,
        `xlat`,
        `jmp *%ax`,
        `call *${m16()}`,
      ]),
    );
  }
  lines.push('.code32');
  return lines;
}
