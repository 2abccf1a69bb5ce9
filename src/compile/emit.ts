// AsmX for data: sections, symbols with .type/.size, initialized bytes with
// relocations, and the 64-bit division helpers a module carries privately.

import type { Obj } from './ast.js';

/** The section directive for a function or an object. */
export function sectionFor(v: Obj, isCode: boolean): string {
  const name = v.attrs.section;
  if (name !== undefined) {
    const flags = isCode || name.startsWith('.text') ? '"ax",@progbits'
      : name.startsWith('.bss') ? '"aw",@nobits'
      : name.startsWith('.rodata') ? '"a",@progbits'
      : '"aw",@progbits';
    return `\t.section ${name},${flags}`;
  }
  if (isCode) return '\t.text';
  if (v.isStringLiteral || (v.ty.isConst && v.initData && (v.relocs?.length ?? 0) === 0)) return '\t.section .rodata';
  if (!v.initData || (isAllZero(v.initData) && (v.relocs?.length ?? 0) === 0)) return '\t.bss';
  return '\t.data';
}

function isAllZero(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

export function emitData(out: string[], v: Obj): void {
  const size = v.ty.size;
  const section = sectionFor(v, false);
  out.push(section);
  const isLocalLabel = v.asmName.startsWith('.L');
  if (!v.isStatic) out.push(`\t.globl ${v.asmName}`);
  if (v.attrs.weak) out.push(`\t.weak ${v.asmName}`);
  if (!isLocalLabel) out.push(`\t.type ${v.asmName}, @object`, `\t.size ${v.asmName}, ${size}`);
  const align = Math.max(v.align, v.ty.align);
  if (align > 1) out.push(`\t.p2align ${Math.log2(align) | 0}`);
  out.push(`${v.asmName}:`);
  if (section === '\t.bss' || section.endsWith('@nobits')) {
    out.push(`\t.zero ${Math.max(size, 1)}`);
    return;
  }
  const data = v.initData ?? new Uint8Array(size);
  const relocs = [...(v.relocs ?? [])].sort((a, b) => a.offset - b.offset);
  let pos = 0;
  for (const r of relocs) {
    emitBytes(out, data, pos, r.offset);
    out.push(`\t.long ${r.label}${r.addend > 0 ? '+' + r.addend : r.addend < 0 ? String(r.addend) : ''}`);
    pos = r.offset + 4;
  }
  emitBytes(out, data, pos, size);
  if (size === 0) out.push('\t.zero 1');
}

function emitBytes(out: string[], data: Uint8Array, from: number, to: number): void {
  let i = from;
  while (i < to) {
    let z = i;
    while (z < to && data[z] === 0) z++;
    if (z - i >= 8) {
      out.push(`\t.zero ${z - i}`);
      i = z;
      continue;
    }
    const end = Math.min(to, i + 16);
    const bytes: number[] = [];
    for (let k = i; k < end; k++) bytes.push(data[k]);
    out.push(`\t.byte ${bytes.join(',')}`);
    i = end;
  }
}

/**
 * 64-bit division without libgcc (the kernel links without it). Private to the
 * module (.L labels never reach the symbol table). In: %edx:%eax dividend,
 * %ebx:%ecx divisor. Out: %edx:%eax quotient, %ebx:%ecx remainder.
 */
const UDIVMOD64 = `
.Llm_udivmod64:
	pushl %esi
	pushl %edi
	pushl %ebp
	testl %ebx, %ebx
	jnz .Llm_udivmod64_wide
	movl %eax, %esi
	movl %edx, %eax
	xorl %edx, %edx
	divl %ecx
	movl %eax, %edi
	movl %esi, %eax
	divl %ecx
	movl %edx, %ecx
	xorl %ebx, %ebx
	movl %edi, %edx
	jmp .Llm_udivmod64_done
.Llm_udivmod64_wide:
	xorl %esi, %esi
	xorl %edi, %edi
	movl $64, %ebp
.Llm_udivmod64_loop:
	shll $1, %eax
	rcll $1, %edx
	rcll $1, %esi
	rcll $1, %edi
	jc .Llm_udivmod64_sub
	cmpl %ebx, %edi
	jb .Llm_udivmod64_next
	ja .Llm_udivmod64_sub
	cmpl %ecx, %esi
	jb .Llm_udivmod64_next
.Llm_udivmod64_sub:
	subl %ecx, %esi
	sbbl %ebx, %edi
	orl $1, %eax
.Llm_udivmod64_next:
	decl %ebp
	jnz .Llm_udivmod64_loop
	movl %esi, %ecx
	movl %edi, %ebx
.Llm_udivmod64_done:
	popl %ebp
	popl %edi
	popl %esi
	ret`;

const DIVMOD64 = `
.Llm_divmod64:
	pushl %esi
	pushl %edi
	movl %edx, %esi
	movl %ebx, %edi
	xorl %edx, %edi
	testl %edx, %edx
	jns .Llm_divmod64_1
	negl %eax
	adcl $0, %edx
	negl %edx
.Llm_divmod64_1:
	testl %ebx, %ebx
	jns .Llm_divmod64_2
	negl %ecx
	adcl $0, %ebx
	negl %ebx
.Llm_divmod64_2:
	call .Llm_udivmod64
	testl %edi, %edi
	jns .Llm_divmod64_3
	negl %eax
	adcl $0, %edx
	negl %edx
.Llm_divmod64_3:
	testl %esi, %esi
	jns .Llm_divmod64_4
	negl %ecx
	adcl $0, %ebx
	negl %ebx
.Llm_divmod64_4:
	popl %edi
	popl %esi
	ret`;

export function emitHelpers(out: string[], helpers: Set<string>): void {
  if (helpers.size === 0) return;
  out.push('\t.text');
  if (helpers.has('divmod64')) out.push(DIVMOD64);
  out.push(UDIVMOD64);
}
