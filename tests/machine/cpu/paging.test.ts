// Paging: page faults with CR2 and error codes, U/S and R/W with CR0.WP, accessed and
// dirty bits, 4 MiB pages, and the TLB (stale until INVLPG or a CR3 write, as on
// hardware). Expectations follow the Intel SDM, vol. 3, chapter 4.
import { describe, expect, test } from '@jest/globals';
import { runKernel, SEL, toRing3 } from './testKernel.js';

const PD = 0x200000, PT = 0x201000;
const pte = (page: number) => PT + page * 4;

/** Identity-maps 0–4 MiB with user, writable 4 KiB pages, plus special pages. */
const SETUP = `
  mov $${PD}, %edi
  mov $1024, %ecx
  xor %eax, %eax
  rep stosl
  movl $${PT | 7}, ${PD}
  mov $${PT}, %edi
  mov $7, %eax
  mov $1024, %ecx
0:
  mov %eax, (%edi)
  add $4, %edi
  add $0x1000, %eax
  loop 0b
  movl $0x300001, ${pte(0x300)}   # supervisor, read-only
  movl $0x301005, ${pte(0x301)}   # user, read-only
  movl $0x302003, ${pte(0x302)}   # supervisor, writable
  movl $0, ${pte(0x303)}          # not present
  mov $${PD}, %eax
  mov %eax, %cr3
  mov %cr0, %eax
  or $0x80000000, %eax
  mov %eax, %cr0
`;

const FAULT = (label: string) => `movl $${label}, resume`;

describe('paging', () => {
  test('page faults: CR2 and error codes for not-present, write-protect (WP) and reads', () => {
    const k = runKernel(`${SETUP}
      ${FAULT('1f')}
    np_read: mov 0x303123, %eax
    1: ${FAULT('2f')}
    np_write: movl $1, 0x303456
    2: ${FAULT('3f')}
    pde_np: mov 0x400010, %eax
    3:
      movl $5, 0x300000          # WP=0: the supervisor may write a read-only page
      mov %cr0, %eax
      or $0x10000, %eax
      mov %eax, %cr0
      ${FAULT('4f')}
    wp_write: movl $6, 0x300004
    4:
    `);
    expect(k.cpu.state).toBe('halted');
    expect(k.log.map((e) => [e.vector, e.error, e.cr2])).toEqual([
      [14, 0, 0x303123], [14, 2, 0x303456], [14, 0, 0x400010], [14, 3, 0x300004],
    ]);
    expect(k.log[0].eip).toBe(k.sym('np_read'));
    expect(k.log[3].eip).toBe(k.sym('wp_write'));
    expect(k.word(0x300000)).toBe(5);
    expect(k.word(0x300004)).toBe(0);
  });

  test('user accesses: supervisor pages and read-only pages fault with U set', () => {
    const k = runKernel(`${SETUP}
      ${toRing3('ring3')}
    ring3:
      mov 0x301000, %ebx          # user read-only: reads are fine
      ${FAULT('1f')}
    u_read: mov 0x302000, %eax
    1: ${FAULT('2f')}
    u_write: movl $1, 0x301000
    2: ${FAULT('3f')}
    u_np: movl $1, 0x303000
    3:
      mov $7, %esi
      jmp .
    `, '', undefined, 50_000);
    expect(k.log.map((e) => [e.vector, e.error, e.cr2, e.cs])).toEqual([
      [14, 5, 0x302000, SEL.code3], [14, 7, 0x301000, SEL.code3], [14, 6, 0x303000, SEL.code3],
    ]);
    expect(k.cpu.regs[6]).toBe(7);
  });

  test('accessed and dirty bits are set in the PDE and PTE as the hardware does', () => {
    const k = runKernel(`${SETUP}
      mov 0x302010, %eax
      mov ${pte(0x302)}, %ebx     # after a read: A set, D clear
      movl $1, 0x302010
      mov ${pte(0x302)}, %ecx     # after a write: A and D set
      mov ${PD}, %edx
    `);
    expect(k.cpu.regs[3] & 0x60).toBe(0x20);
    expect(k.cpu.regs[1] & 0x60).toBe(0x60);
    expect(k.cpu.regs[2] & 0x60).toBe(0x20); // a PDE has no dirty bit for 4 KiB pages
  });

  test('4 MiB pages with CR4.PSE, dirty bit in the PDE', () => {
    const k = runKernel(`
      movl $0x12345678, 0x900010   # physical, before paging is on
      ${SETUP}
      movl $0x00800083, ${PD + 3 * 4}   # 0xc00000-0xffffff → 0x800000, 4 MiB, writable
      mov %cr4, %eax
      or $0x10, %eax
      mov %eax, %cr4
      mov 0xd00010, %ebx
      movl $0xabcdef, 0xd00020
      mov ${PD + 3 * 4}, %ecx
    `);
    expect(k.cpu.regs[3] >>> 0).toBe(0x12345678);
    expect(k.word(0x900020)).toBe(0xabcdef);
    expect(k.cpu.regs[1] & 0x60).toBe(0x60);
  });

  test('the TLB keeps a stale translation until INVLPG or a CR3 write', () => {
    const k = runKernel(`${SETUP}
      movl $111, 0x302000
      movl $222, 0x304000
      mov 0x302000, %eax          # caches 0x302000 → 0x302000
      movl $0x304003, ${pte(0x302)}
      mov 0x302000, %ebx          # stale: still 111
      invlpg 0x302000
      mov 0x302000, %ecx          # 222
      movl $0x302003, ${pte(0x302)}
      mov 0x302000, %edx          # stale again: 222
      mov %cr3, %esi
      mov %esi, %cr3
      mov 0x302000, %edi          # 111
    `);
    const r = k.cpu.regs;
    expect([r[0], r[3], r[1], r[2], r[7]]).toEqual([111, 111, 222, 222, 111]);
  });
});

// Instruction fetch must see every store to code and every change of the mapping under
// it: the emulator keeps the code page (and may keep decoded instructions) between
// instructions, and these show that nothing stale is executed.
describe('code changes under the instruction stream', () => {
  const RET_WITH = (n: number) => `0x${((n & 0xffffff) << 8 | 0xb8).toString(16)}`; // mov $n,%eax
  const PLANT = (at: number, n: number) => `
      movl $${RET_WITH(n)}, ${at}
      movw $0xc300, ${at + 4}     # imm high byte 0, then ret`;

  test('code written then executed, including the very next instruction', () => {
    const k = runKernel(`
      xor %esi, %esi
      mov $5, %ecx
    0:
      mov %ecx, %eax
      shl $8, %eax
      or $0xb8, %eax
      mov %eax, 0x305000          # mov $ecx, %eax
      movw $0xc300, 0x305004      # ret
      call 0x305000
      add %eax, %esi
      loop 0b
      movb $0x42, 1f+1            # the immediate of the next instruction
    1: mov $0x11, %edi
    `);
    expect(k.cpu.regs[6]).toBe(5 + 4 + 3 + 2 + 1);
    expect(k.cpu.regs[7]).toBe(0x42);
  });

  test('an instruction already run is rewritten ahead of itself, in the same straight run of code', () => {
    // Each pass patches the immediate of the MOV below before it runs again.
    const k = runKernel(`
      xor %edi, %edi
      mov $3, %ecx
    0:
      mov %ecx, %eax
      movb %al, 1f+1
    1: mov $0x11111111, %ebx
      add %ebx, %edi
      loop 0b
    `);
    expect(k.cpu.regs[7] >>> 0).toBe(0x33333300 + 3 + 2 + 1);
  });

  test('REP MOVS copies new code over a routine that has run', () => {
    const k = runKernel(`
      call target
      mov %eax, %ebx
      mov $source, %esi
      mov $target, %edi
      mov $6, %ecx
      cld
      rep movsb
      call target
      mov %eax, %edx
    `, `
    target: mov $1, %eax
      ret
    source: mov $2, %eax
      ret
    `);
    expect([k.cpu.regs[3], k.cpu.regs[2]]).toEqual([1, 2]);
  });

  test('code written through another live virtual alias of its frame runs new, with no TLB flush', () => {
    // 0x305000 maps frame 0x306000, which stays identity-mapped too: both translations
    // are in the TLB when the store goes through the identity one.
    const k = runKernel(`${SETUP}
      ${PLANT(0x306000, 7)}
      movl $0x306003, ${pte(0x305)}
      invlpg 0x305000
      mov $2, %esi
    0:
      call 0x305000
      add %eax, %ebx
      movl $${RET_WITH(8)}, 0x306000
      dec %esi
      jnz 0b
    `);
    expect(k.cpu.regs[3]).toBe(7 + 8);
  });

  test('a page remapped under code runs the new frame after a CR3 reload', () => {
    const k = runKernel(`${SETUP}
      ${PLANT(0x306000, 1)}
      ${PLANT(0x307000, 2)}
      movl $0x306003, ${pte(0x305)}
      mov %cr3, %eax
      mov %eax, %cr3
      call 0x305000
      mov %eax, %ebx
      movl $0x307003, ${pte(0x305)}
      mov %cr3, %eax
      mov %eax, %cr3
      call 0x305000
      mov %eax, %ecx
    `);
    expect([k.cpu.regs[3], k.cpu.regs[1]]).toEqual([1, 2]);
  });

  test('INVLPG on a code page makes the next call fetch through the new mapping', () => {
    const k = runKernel(`${SETUP}
      ${PLANT(0x306000, 3)}
      ${PLANT(0x307000, 4)}
      movl $0x306003, ${pte(0x305)}
      invlpg 0x305000
      call 0x305000
      mov %eax, %ebx
      movl $0x307003, ${pte(0x305)}
      invlpg 0x305000
      call 0x305000
      mov %eax, %ecx
      movl $0x306003, ${pte(0x305)}
      invlpg 0x305000
      movl $${RET_WITH(5)}, 0x306000   # rewrite the code through its physical alias
      call 0x305000
      mov %eax, %edx
    `);
    expect([k.cpu.regs[3], k.cpu.regs[1], k.cpu.regs[2]]).toEqual([3, 4, 5]);
  });
});
