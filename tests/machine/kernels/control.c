/* Control transfer and odds and ends: loop/loope/loopne/jecxz (and their 16-bit
 * address-size forms), ret imm16, near and far calls through registers and memory,
 * jump tables, enter with nesting levels, xlat, lahf/sahf, cmc/clc/stc, bt on memory
 * bit strings with large offsets, segment-override string moves, and the SYSENTER
 * MSRs read back with rdmsr. */
#include "ops.h"
#include "x86.h"

static void line(const char *name, u32 a, u32 b, u32 c) {
    puts(name);
    putc(' ');
    put_hex32(a);
    putc(' ');
    put_hex32(b);
    putc(' ');
    put_hex32(c);
    newline();
}

static u32 twice(u32 x) { return x * 2; }
static u32 thrice(u32 x) { return x * 3; }
static u32 (*const table[2])(u32) = {twice, thrice};
u32 bits[8];
u8 xlat_table[256];
static u8 copy_src[16] = "segment override", copy_dst[16];

u32 kmain(void) {
    gdt_init(); /* the far calls need a GDT of our own: multiboot leaves GDTR undefined */
    srand32(0xc0ffee11);
    for (int i = 0; i < 16; i++) {
        u32 start = rand32() % 40, stop_at = rand32() % 40, c1, i1, c2, i2, c3, i3;
        /* loop: count down ECX */
        __asm__ volatile("xorl %1, %1\n1:\n\tincl %1\n\tloop 1b" : "=c"(c1), "=&r"(i1) : "0"(start ? start : 1));
        /* loope: stop when ZF clears (at iteration stop_at) */
        __asm__ volatile("xorl %1, %1\n1:\n\tincl %1\n\tcmpl %2, %1\n\tloopne 1b" : "=c"(c2), "=&r"(i2) : "r"(stop_at), "0"(start + 1));
        __asm__ volatile("xorl %1, %1\n1:\n\tincl %1\n\tcmpl %2, %1\n\tloope 1b" : "=c"(c3), "=&r"(i3) : "r"(1u), "0"(start + 1));
        line("loop", c1 << 16 | i1, c2 << 16 | i2, c3 << 16 | i3);
        u32 j1, j2, cx = (rand32() & 1) ? 0 : rand32();
        __asm__ volatile("movl $1, %0\n\tjecxz 1f\n\tmovl $2, %0\n1:" : "=r"(j1) : "c"(cx));
        /* jcxz tests only CX: with ECX = 0x10000 it jumps. */
        __asm__ volatile("movl $1, %0\n\taddr16 jecxz 1f\n\tmovl $2, %0\n1:" : "=r"(j2) : "c"(cx & 0x10000 ? 0x10000 : cx));
        /* loop with a 16-bit counter: CX wraps, the upper half of ECX stays. */
        u32 e = 0xabcd0003, n16 = 0;
        __asm__ volatile("1:\n\tincl %1\n\taddr16 loop 1b" : "+c"(e), "+r"(n16));
        line("jcxz", j1, j2, e ^ (n16 << 4));
    }

    u32 r;
    __asm__ volatile("pushl $7\n\tpushl $9\n\tcall 1f\n\tjmp 2f\n1:\n\tmovl %%esp, %0\n\tret $8\n2:\n\tsubl %%esp, %0" : "=r"(r) : : "memory");
    line("ret imm16: esp moved", r, 0, 0);
    for (u32 i = 0; i < 4; i++) {
        u32 via_reg = table[i & 1](i + 5);
        u32 via_mem;
        __asm__ volatile("pushl %2\n\tcall *%1\n\taddl $4, %%esp" : "=a"(via_mem) : "m"(table[(i + 1) & 1]), "r"(i + 11) : "ecx", "edx", "memory");
        u32 via_far;
        __asm__ volatile("lcall $0x08, $1f\n\tjmp 2f\n1:\n\tmovl %%cs, %0\n\tlret\n2:" : "=r"(via_far));
        line("calls", via_reg, via_mem, via_far);
    }

    /* enter with nesting levels 1-3: how far ESP moves (frame pointers copied, then locals). */
    u32 enter_n[3];
    __asm__ volatile("pushl %%ebp\n\tmovl %%esp, %%ebp\n\tmovl %%esp, %%ecx\n\tenter $8, $1\n\tsubl %%esp, %%ecx\n\tmovl %%ecx, 0(%0)\n\tleave\n\tpopl %%ebp" : : "r"(enter_n) : "ecx", "memory");
    __asm__ volatile("pushl %%ebp\n\tmovl %%esp, %%ebp\n\tmovl %%esp, %%ecx\n\tenter $8, $2\n\tsubl %%esp, %%ecx\n\tmovl %%ecx, 4(%0)\n\tleave\n\tpopl %%ebp" : : "r"(enter_n) : "ecx", "memory");
    __asm__ volatile("pushl %%ebp\n\tmovl %%esp, %%ebp\n\tmovl %%esp, %%ecx\n\tenter $4, $3\n\tsubl %%esp, %%ecx\n\tmovl %%ecx, 8(%0)\n\tleave\n\tpopl %%ebp" : : "r"(enter_n) : "ecx", "memory");
    line("enter", enter_n[0], enter_n[1], enter_n[2]);

    for (int i = 0; i < 256; i++) xlat_table[i] = (u8)(i * 7 + 1);
    for (int i = 0; i < 8; i++) {
        u32 al = rand32(), out;
        __asm__ volatile("xlat" : "=a"(out) : "0"(al), "b"(xlat_table));
        u32 f = random_flags(), ah, back;
        __asm__ volatile("pushl %2\n\tpopfl\n\tlahf\n\tmovl %%eax, %0\n\txorb $0xff, %%ah\n\tsahf\n\tpushfl\n\tpopl %1"
                         : "=&r"(ah), "=&r"(back) : "r"(f) : "eax", "cc");
        u32 c1, c2, c3;
        __asm__ volatile("stc\n\tcmc\n\tsetc %b0\n\tclc\n\tcmc\n\tsetc %b1\n\tstc\n\tsetc %b2" : "=q"(c1), "=q"(c2), "=q"(c3));
        line("xlat lahf", out, (ah >> 8) & 0xff, (back & FLAGS_ARITH) << 8 | (c1 & 1) << 2 | (c2 & 1) << 1 | (c3 & 1));
    }

    for (int i = 0; i < 12; i++) {
        s32 offset = (s32)(rand32() % 256) - 32;
        u32 cf, before = bits[(offset >> 5) + 1];
        __asm__ volatile("btsl %2, bits+4\n\tsetc %b0" : "=q"(cf) : "0"(0), "r"(offset) : "cc", "memory");
        line("bt mem", (u32)offset, cf & 1, bits[(offset >> 5) + 1] ^ before);
    }

    u32 esi = (u32)copy_src, edi = (u32)copy_dst, ecx = 16;
    __asm__ volatile("movw $0x10, %%ax\n\tmovw %%ax, %%fs\n\trep movsb %%fs:(%%esi), %%es:(%%edi)" : "+S"(esi), "+D"(edi), "+c"(ecx) : : "eax", "memory");
    puts("fs movsb ");
    for (int i = 0; i < 16; i++) putc(copy_dst[i]);
    newline();

    u32 lo, hi;
    __asm__ volatile("wrmsr" : : "c"(0x174), "a"(0x08), "d"(0));
    __asm__ volatile("wrmsr" : : "c"(0x175), "a"(0x12345678), "d"(0));
    __asm__ volatile("wrmsr" : : "c"(0x176), "a"(0x9abcdef0), "d"(0));
    for (u32 msr = 0x174; msr <= 0x176; msr++) {
        __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
        line("msr", msr, hi, lo);
    }
    puts("control done\n");
    return 0;
}
