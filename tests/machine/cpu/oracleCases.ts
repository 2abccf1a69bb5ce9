// Pseudo-random instruction cases for the native-CPU oracle.
//
// Each case is a snippet of AT&T assembly (one instruction or a short idiom) with
// random initial registers, flags and memory. The host runs it natively and the
// emulator runs the same text assembled for i386; results must agree on registers,
// memory and the flags the manuals define for that instruction.
//
// The host kernel cannot execute 32-bit binaries, so the native side is assembled
// with `as --64`: for these integer instructions with 8/16/32-bit operands the two
// modes compute the same results and flags. Instructions that do not exist in 64-bit
// mode (BCD adjust, PUSHA, 16-bit addressing…) are tested elsewhere.

import { AF, CF, DF, OF, PF, SF, ZF } from '../../../src/machine/cpu/flags.js';

export interface OracleCase {
  /** Assembly with %BP (the buffer base register), %SI and %DI (string pointers). */
  body: string;
  /** Initial EAX, EBX, ECX, EDX, ESI, EDI. */
  regs: number[];
  flags: number;
  /** Flags compared (the ones defined after this instruction), plus DF. */
  mask: number;
  /** String instructions: ESI/EDI are pointers and are stored relative to the buffer. */
  pointers: boolean;
}

const ALL = CF | PF | AF | ZF | SF | OF | DF;

/** Small, fast, seeded PRNG (mulberry32) so every run tests the same cases. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const EDGES = [0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffe, 0x8001];

export function generateCases(seed: number, perFamily: number): OracleCase[] {
  const next = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[next() % xs.length];
  const value = () => {
    const k = next() % 8;
    if (k < 2) return pick(EDGES) | 0;
    if (k === 2) return (next() & 0xff) | 0;
    if (k === 3) return (next() & 0xffff) | 0;
    return next() | 0;
  };
  const randomFlags = () => (next() & (CF | PF | AF | ZF | SF | OF)) | 0x202;
  const cases: OracleCase[] = [];
  const add = (body: string, mask: number, regs?: number[], flags?: number, pointers = false) =>
    cases.push({ body, regs: regs ?? [value(), value(), value(), value(), value(), value()], flags: flags ?? randomFlags(), mask, pointers });

  const R = {
    b: ['%al', '%bl', '%cl', '%dl', '%ah', '%bh', '%ch', '%dh'],
    w: ['%ax', '%bx', '%cx', '%dx', '%si', '%di'],
    l: ['%eax', '%ebx', '%ecx', '%edx', '%esi', '%edi'],
  } as const;
  type Size = keyof typeof R;
  const sizes: Size[] = ['b', 'w', 'l'];
  const bitsOf = (s: Size) => (s === 'b' ? 8 : s === 'w' ? 16 : 32);
  const imm = (s: Size) => (s === 'l' ? value() : value() & (s === 'b' ? 0xff : 0xffff));
  const M = '64(%BP)';

  for (let i = 0; i < perFamily * 3; i++) {
    const op = pick(['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp', 'test']);
    const s = pick(sizes);
    const logic = op === 'or' || op === 'and' || op === 'xor' || op === 'test';
    const mask = logic ? ALL & ~AF : ALL;
    const form = next() % 5;
    const a = pick(R[s]), b = pick(R[s]);
    if (form === 0) add(`${op}${s} ${a}, ${b}`, mask);
    else if (form === 1) add(`${op}${s} $${imm(s)}, ${b}`, mask);
    else if (form === 2 && op !== 'test') add(`${op}${s} ${M}, ${b}`, mask);
    else if (form === 3) add(`${op}${s} ${a}, ${M}`, mask);
    else add(`${op}${s} $${imm(s)}, ${M}`, mask);
    if (s === 'l' && next() % 4 === 0) add(`${op}l $${(next() % 256) - 128}, ${b}`, mask); // sign-extended imm8
  }
  for (let i = 0; i < perFamily; i++) {
    const op = pick(['inc', 'dec', 'neg', 'not']);
    const s = pick(sizes);
    add(`${op}${s} ${next() % 3 === 0 ? M : pick(R[s])}`, ALL);
  }
  for (let i = 0; i < perFamily * 2; i++) {
    const op = pick(['rol', 'ror', 'rcl', 'rcr', 'shl', 'shr', 'sar']);
    const s = pick(sizes);
    const bits = bitsOf(s);
    const dst = next() % 3 === 0 ? M : pick(R[s].filter((r) => !r.startsWith('%c')));
    const regs = [value(), value(), value(), value(), value(), value()];
    const useCl = next() % 2 === 0;
    const count = next() % 4 === 0 ? 1 : useCl ? next() & 0xff : next() % 32;
    if (useCl) regs[2] = (regs[2] & ~0xff) | count;
    const c = count & 31;
    let mask = ALL;
    if (c !== 0) {
      if (c !== 1) mask &= ~OF;
      if (op === 'shl' || op === 'shr' || op === 'sar') {
        mask &= ~AF;
        if (c >= bits) mask &= ~CF;
      }
    }
    const src = useCl ? '%cl, ' : count === 1 && next() % 2 === 0 ? '' : `$${count}, `;
    add(`${op}${s} ${src}${dst}`, mask, regs);
  }
  for (let i = 0; i < perFamily; i++) {
    const op = pick(['shld', 'shrd']);
    const s = pick(['w', 'l'] as const);
    const bits = bitsOf(s);
    const regs = [value(), value(), value(), value(), value(), value()];
    const count = next() % (s === 'w' ? 17 : 32);
    const useCl = next() % 2 === 0;
    if (useCl) regs[2] = (regs[2] & ~0xff) | count;
    let mask = ALL;
    if (count !== 0) {
      mask &= ~AF;
      if (count !== 1) mask &= ~OF;
      if (count > bits) mask &= ~CF;
    }
    const src = pick(R[s].filter((r) => !r.startsWith('%c')));
    const dst = next() % 3 === 0 ? M : pick(R[s].filter((r) => !r.startsWith('%c')));
    add(`${op}${s} ${useCl ? '%cl' : '$' + count}, ${src}, ${dst}`, mask, regs);
  }
  for (let i = 0; i < perFamily; i++) {
    const op = pick(['mul', 'imul']);
    const s = pick(sizes);
    add(`${op}${s} ${next() % 3 === 0 ? M : pick(R[s])}`, CF | OF | DF);
  }
  for (let i = 0; i < perFamily; i++) divisionCase(pick(['div', 'idiv']), pick(sizes));
  for (let i = 0; i < perFamily; i++) {
    const s = pick(['w', 'l'] as const);
    const dst = pick(R[s]);
    const src = next() % 3 === 0 ? M : pick(R[s]);
    if (next() % 2 === 0) add(`imul${s} ${src}, ${dst}`, CF | OF | DF);
    else add(`imul${s} $${next() % 2 ? (next() % 256) - 128 : value() & (s === 'w' ? 0x7fff : -1)}, ${src}, ${dst}`, CF | OF | DF);
  }
  for (let i = 0; i < perFamily; i++) {
    const s = pick(['w', 'l'] as const);
    const regs = [value(), value(), value(), value(), value(), value()];
    if (next() % 5 === 0) regs[1] = 0;
    add(`${pick(['bsf', 'bsr'])}${s} ${next() % 4 === 0 ? M : R[s][1]}, ${pick(R[s])}`, ZF | DF, regs);
  }
  for (let i = 0; i < perFamily; i++) {
    const op = pick(['bt', 'bts', 'btr', 'btc']);
    const s = pick(['w', 'l'] as const);
    const regs = [value(), value(), value(), value(), value(), value()];
    const memory = next() % 2 === 0;
    if (next() % 2 === 0) {
      add(`${op}${s} $${next() & 0xff}, ${memory ? M : pick(R[s])}`, CF | DF, regs);
    } else {
      if (memory) regs[1] = (next() % 700) - 256; // keeps the addressed unit inside the buffer
      add(`${op}${s} ${R[s][1]}, ${memory ? M : pick(R[s])}`, CF | DF, regs);
    }
  }
  for (let i = 0; i < perFamily; i++) {
    const k = next() % 12;
    const s = pick(['w', 'l'] as const);
    switch (k) {
      case 0: add(`bswap ${pick(R.l)}`, ALL); break;
      case 1: add(`movzb${s} ${next() % 2 ? M : pick(R.b)}, ${pick(R[s])}`, ALL); break;
      case 2: add(`movzwl ${next() % 2 ? M : pick(R.w)}, ${pick(R.l)}`, ALL); break;
      case 3: add(`movsb${s} ${next() % 2 ? M : pick(R.b)}, ${pick(R[s])}`, ALL); break;
      case 4: add(`movswl ${next() % 2 ? M : pick(R.w)}, ${pick(R.l)}`, ALL); break;
      case 5: { const z = pick(sizes); add(`xchg${z} ${pick(R[z])}, ${next() % 2 ? M : pick(R[z])}`, ALL); break; }
      case 6: add(`cmov${pick(CONDITIONS)}${s === 'w' ? 'w' : 'l'} ${next() % 2 ? M : pick(R[s])}, ${pick(R[s])}`, ALL); break;
      case 7: add(`set${pick(CONDITIONS)} ${next() % 2 ? M : pick(R.b)}`, ALL); break;
      case 8: add(pick(['cbtw', 'cwtl', 'cwtd', 'cltd']), ALL); break;
      case 9: {
        const scale = pick([1, 2, 4, 8]);
        const disp = (next() % 4096) - 2048;
        add(`lea${s} ${disp}(${pick(R.l)},${pick(R.l)},${scale}), ${pick(R[s])}`, ALL);
        break;
      }
      case 10: add(pick(['lahf', 'sahf', 'cmc', 'clc', 'stc']), ALL); break;
      default: add(`${pick(['jmp', 'j' + pick(CONDITIONS)])} 1f\n movl $0x1234, %esi\n1:`, ALL);
    }
  }
  for (let i = 0; i < perFamily; i++) {
    const s = pick(sizes);
    const k = next() % 3;
    const regs = [value(), value(), value(), value(), value(), value()];
    // Make the comparisons of CMPXCHG succeed half of the time.
    const pattern = new Uint8Array(256);
    fillPattern(pattern, cases.length);
    const memoryWord = (at: number) => pattern[at] | (pattern[at + 1] << 8) | (pattern[at + 2] << 16) | (pattern[at + 3] << 24);
    const equal = next() % 2 === 0;
    if (k === 0) add(`xadd${s} ${pick(R[s])}, ${next() % 2 ? M : pick(R[s])}`, ALL, regs);
    else if (k === 1) {
      const memory = next() % 2 === 0;
      const d = 1 + (next() % 5);
      if (equal) regs[0] = memory ? memoryWord(64) : regs[d];
      add(`cmpxchg${s} ${pick(R[s].slice(1))}, ${memory ? M : R[s][d]}`, ALL, regs);
    } else {
      if (equal) {
        regs[0] = memoryWord(64);
        regs[3] = memoryWord(68);
      }
      add(`cmpxchg8b ${M}`, ALL, regs);
    }
  }
  for (let i = 0; i < perFamily; i++) {
    const regs = [value(), value(), next() % 6, value(), value(), value()];
    const op = pick(['loop', 'loope', 'loopne', 'jecxz']);
    if (next() % 3 === 0) regs[2] = 0;
    add(`${op} 1f\n movl $0x1234, %esi\n1:`, ALL, regs);
  }
  for (let i = 0; i < perFamily; i++) {
    const op = pick(['movs', 'cmps', 'stos', 'lods', 'scas']);
    const s = pick(sizes);
    const prefix = op === 'cmps' || op === 'scas' ? pick(['', 'repe ', 'repne ']) : pick(['', 'rep ']);
    const regs = [value(), value(), next() % 9, value(), 0, 0];
    const flags = randomFlags() | (next() % 3 === 0 ? DF : 0);
    add(`${prefix}${op}${s}`, ALL, regs, flags, true);
  }
  return cases;

  function divisionCase(op: string, s: Size): void {
    const bits = BigInt(bitsOf(s));
    const regs = [value(), value(), value(), value(), value(), value()];
    const divisorReg = pick(s === 'b' ? ['%bl', '%cl', '%bh', '%ch'] : s === 'w' ? ['%bx', '%cx', '%si', '%di'] : ['%ebx', '%ecx', '%esi', '%edi']);
    const letter = s === 'l' ? divisorReg[2] : divisorReg[1];
    const idx = { b: 1, c: 2, s: 4, d: 5 }[letter as 'b' | 'c' | 's' | 'd'];
    const high = divisorReg.endsWith('h');
    const signed = op === 'idiv';
    for (;;) {
      regs[0] = value();
      regs[3] = next() % 4 === 0 ? (regs[0] < 0 ? -1 : 0) : value();
      regs[idx] = value() || 3;
      const mask = (1n << bits) - 1n;
      const u = (v: number) => BigInt(v >>> 0);
      const divisorRaw = (high ? u(regs[idx]) >> 8n : u(regs[idx])) & mask;
      let dividend: bigint;
      if (s === 'b') dividend = u(regs[0]) & 0xffffn;
      else dividend = ((u(regs[3]) & mask) << bits) | (u(regs[0]) & mask);
      const dividendBits = bits * 2n;
      const toSigned = (v: bigint, n: bigint) => (v >= 1n << (n - 1n) ? v - (1n << n) : v);
      const d = signed ? toSigned(divisorRaw, bits) : divisorRaw;
      const n = signed ? toSigned(dividend, dividendBits) : dividend;
      if (d === 0n) continue;
      const q = n / d;
      const fits = signed ? q >= -(1n << (bits - 1n)) && q < 1n << (bits - 1n) : q < 1n << bits;
      if (fits) break;
    }
    add(`${op}${s} ${divisorReg}`, DF, regs);
  }
}

/**
 * Instructions that exist only in 32-bit mode (BCD adjust, PUSHA/POPA, 16-bit
 * addressing, ENTER/LEAVE, XLAT…): QEMU is their oracle.
 */
export function generate32BitOnlyCases(seed: number, perFamily: number): OracleCase[] {
  const next = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[next() % xs.length];
  const value = () => (next() % 4 === 0 ? pick(EDGES) | 0 : next() | 0);
  const cases: OracleCase[] = [];
  const add = (body: string, mask: number, regs?: number[]) =>
    cases.push({ body, regs: regs ?? [value(), value(), value(), value(), value(), value()], flags: (next() & (CF | PF | AF | ZF | SF | OF)) | 0x202, mask, pointers: false });
  for (let i = 0; i < perFamily * 2; i++) {
    const op = pick(['daa', 'das', 'aaa', 'aas', 'aam', 'aad']);
    const regs = [value(), value(), value(), value(), value(), value()];
    if (op === 'aam' || op === 'aad') add(`${op} $${op === 'aam' ? 1 + (next() % 255) : next() & 0xff}`, ALL, regs);
    else add(op, ALL, regs);
  }
  for (let i = 0; i < perFamily; i++) {
    const k = next() % 8;
    switch (k) {
      case 0: add('pusha\n addl $3, 12(%esp)\n popa', ALL); break;
      case 1: add('pushw $0x1234\n pushl %eax\n popw %bx\n popl %ecx', ALL); break;
      case 2: {
        const base = pick(['(%bx,%si)', '(%bx,%di)', '(%bp,%si)', '(%bp,%di)', '(%si)', '(%di)', '(%bx)', '(%bp)']);
        add(`addr16 lea${pick(['w', 'l'])} ${(next() % 512) - 256}${base}, ${pick(['%ax', '%dx'])}`.replace(/leal (.*), %(ax|dx)$/, 'leal $1, %e$2'), ALL);
        break;
      }
      case 3: add(`push %ebp\n mov %esp, %ebp\n enter $${next() % 64}, $${next() % 4}\n mov %esp, %eax\n sub %ebp, %eax\n leave\n pop %ebp`, ALL); break;
      case 4: add('lea 64(%ebp), %ebx\n xlat', ALL, [value() & 0x3f, value(), value(), value(), value(), value()]); break;
      case 5: add(`${pick(['inc', 'dec'])}${pick(['w', 'l'])} ${pick(['%ax', '%cx', '%si'])}`.replace(/l %(..)$/, 'l %e$1'), ALL); break;
      case 6: add(`${pick(['bt', 'bts', 'btr', 'btc', 'bsf', 'bsr'])}l ${pick(['%eax', '%ecx'])}, %edx`, ALL); break;
      default: add(`${pick(['shl', 'shr', 'sar', 'rol', 'ror', 'rcl', 'rcr'])}${pick(['b', 'w', 'l'])} $${next() % 32}, ${pick(['%bl', '%bx', '%ebx'])}`.replace(/([bwl]) \$(\d+), %(e?b[xl])$/, (m, s, n) => `${s} $${n}, ${s === 'b' ? '%bl' : s === 'w' ? '%bx' : '%ebx'}`), ALL);
    }
  }
  for (let i = 0; i < perFamily; i++) {
    const op = pick(['mul', 'imul', 'bsf', 'bsr', 'shld', 'shrd']);
    const s = pick(['w', 'l'] as const);
    if (op === 'shld' || op === 'shrd') add(`${op}${s} $${next() % (s === 'w' ? 17 : 32)}, %${s === 'w' ? '' : 'e'}bx, %${s === 'w' ? '' : 'e'}dx`, ALL);
    else if (op === 'mul' || op === 'imul') add(`${op}${s} %${s === 'w' ? '' : 'e'}cx`, ALL);
    else add(`${op}${s} %${s === 'w' ? '' : 'e'}cx, %${s === 'w' ? '' : 'e'}dx`, ALL);
  }
  return cases;
}

const CONDITIONS = ['o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', 'p', 'np', 'l', 'ge', 'le', 'g'];

/** The buffer's initial bytes for a case (same formula on both sides). */
export function fillPattern(buf: Uint8Array, index: number): void {
  let x = (Math.imul(index, 2654435761) + 12345) >>> 0;
  for (let i = 0; i < 256; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    buf[i] = x >>> 16;
  }
}

export const FILL_PATTERN_C = `
static void fill(unsigned char *b, unsigned index) {
  unsigned x = index * 2654435761u + 12345u;
  for (int i = 0; i < 256; i++) { x = x * 1103515245u + 12345u; b[i] = (unsigned char)(x >> 16); }
}`;

/** The case as a function: (buffer) → registers and flags stored into the buffer. */
export function caseFunction(c: OracleCase, index: number, mode: 32 | 64): string {
  const bp = mode === 32 ? '%ebp' : '%rbp';
  const si = mode === 32 ? '%esi' : '%rsi';
  const di = mode === 32 ? '%edi' : '%rdi';
  const names = ['%eax', '%ebx', '%ecx', '%edx', '%esi', '%edi'];
  const lines = [`.globl case_${index}`, `case_${index}:`];
  if (mode === 32) lines.push('push %ebp', 'push %ebx', 'push %esi', 'push %edi', 'mov 20(%esp), %ebp');
  else lines.push('push %rbp', 'push %rbx', 'mov %rdi, %rbp');
  c.regs.forEach((v, i) => lines.push(`movl $${v | 0}, ${names[i]}`));
  if (c.pointers) lines.push(`lea 128(${bp}), ${si}`, `lea 192(${bp}), ${di}`);
  lines.push(mode === 32 ? `pushl $${c.flags}` : `pushq $${c.flags}`, mode === 32 ? 'popfl' : 'popfq');
  lines.push(c.body.replace(/%BP/g, bp).replace(/%SI/g, si).replace(/%DI/g, di));
  lines.push(mode === 32 ? 'pushfl' : 'pushfq', mode === 32 ? 'popl 24(%ebp)' : 'popq 24(%rbp)');
  if (c.pointers) lines.push(`sub ${bp}, ${si}`, `sub ${bp}, ${di}`);
  names.forEach((r, i) => lines.push(`movl ${r}, ${4 * i}(${bp})`));
  lines.push('cld');
  if (mode === 32) lines.push('pop %edi', 'pop %esi', 'pop %ebx', 'pop %ebp');
  else lines.push('pop %rbx', 'pop %rbp');
  lines.push('ret');
  return lines.join('\n');
}
