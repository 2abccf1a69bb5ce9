/* Multiplication and division: mul imul (one, two and three operands) div idiv,
 * at 8, 16 and 32 bits. Divisions never fault here (see exceptions.c for #DE). */
#include "ops.h"

static void show(const char *name, u32 a, u32 b, u32 fin, u32 lo, u32 hi, u32 f) {
    puts(name);
    putc(' ');
    put_hex32(a);
    putc(' ');
    put_hex32(b);
    putc(' ');
    put_hex(fin, 3);
    puts(" -> ");
    put_hex32(lo);
    putc(' ');
    put_hex32(hi);
    putc(' ');
    put_hex(f & FLAGS_ARITH, 3);
    newline();
}

/* One-operand forms: EDX:EAX (or AX, DX:AX) op src. */
#define DEF_ACC(fn, insn)                                                                 \
    static void fn(const char *name, u32 a, u32 d, u32 b) {                               \
        u32 fin = random_flags(), f = fin, lo = a, hi = d;                                \
        __asm__ volatile(SET_FLAGS insn GET_FLAGS : "+a"(lo), "+d"(hi), [f] "+r"(f) : [b] "b"(b) : "cc"); \
        show(name, a, b, fin, lo, hi, f);                                                 \
    }

DEF_ACC(mul8, "mulb %%bl")
DEF_ACC(mul16, "mulw %%bx")
DEF_ACC(mul32, "mull %%ebx")
DEF_ACC(imul8, "imulb %%bl")
DEF_ACC(imul16, "imulw %%bx")
DEF_ACC(imul32, "imull %%ebx")
DEF_ACC(div8, "divb %%bl")
DEF_ACC(div16, "divw %%bx")
DEF_ACC(div32, "divl %%ebx")
DEF_ACC(idiv8, "idivb %%bl")
DEF_ACC(idiv16, "idivw %%bx")
DEF_ACC(idiv32, "idivl %%ebx")

#define DEF_IMUL2(fn, insn)                                                               \
    static void fn(const char *name, u32 a, u32 b) {                                      \
        u32 fin = random_flags(), f = fin, r = a;                                         \
        __asm__ volatile(SET_FLAGS insn GET_FLAGS : [r] "+r"(r), [f] "+r"(f) : [b] "r"(b) : "cc"); \
        show(name, a, b, fin, r, 0, f);                                                   \
    }
DEF_IMUL2(imul2_16, "imulw %w[b], %w[r]")
DEF_IMUL2(imul2_32, "imull %[b], %[r]")
DEF_IMUL2(imul3_32, "imull $-77777, %[b], %[r]")
DEF_IMUL2(imul3_16, "imulw $300, %w[b], %w[r]")
DEF_IMUL2(imul3_8, "imull $-3, %[b], %[r]")

static s32 sext8(u32 v) { return (s32)(signed char)v; }
static s32 sext16(u32 v) { return (s32)(short)v; }

u32 kmain(void) {
    srand32(0xdeadbeef);
    for (int i = 0; i < 40; i++) {
        u32 a = operand32(), d = operand32(), b = operand32();
        mul8("mul8", a, d, b);
        mul16("mul16", a, d, b);
        mul32("mul32", a, d, b);
        imul8("imul8", a, d, b);
        imul16("imul16", a, d, b);
        imul32("imul32", a, d, b);
        imul2_16("imul2_16", a, b);
        imul2_32("imul2_32", a, b);
        imul3_32("imul3_32", a, b);
        imul3_16("imul3_16", a, b);
        imul3_8("imul3_8", a, b);
    }
    for (int i = 0; i < 60; i++) {
        u32 b = operand32();
        if ((b & 0xff) == 0) b |= 1 + (rand32() & 0x7f);
        /* Unsigned: keep the quotient within the destination. */
        u32 a8 = (rand32() % (b & 0xff)) << 8 | (rand32() & 0xff);
        div8("div8", a8, 0, b);
        u32 b16 = (b & 0xffff) ? b : b | 1;
        div16("div16", rand32() & 0xffff, rand32() % (b16 & 0xffff), b16);
        u32 b32 = b ? b : 1;
        div32("div32", rand32(), rand32() % b32, b32);
        /* Signed: a sign-extended dividend never overflows except MIN / -1, avoided. */
        u32 n = operand32();
        u32 n8 = (u32)sext8(n) & 0xffff;
        if (!((n & 0xff) == 0x80 && (b & 0xff) == 0xff)) idiv8("idiv8", n8, 0, b);
        u32 d16 = sext16(n) < 0 ? 0xffff : 0;
        if (!((n & 0xffff) == 0x8000 && (b16 & 0xffff) == 0xffff)) idiv16("idiv16", n & 0xffff, d16, b16);
        u32 d32 = (s32)n < 0 ? 0xffffffff : 0;
        if (!(n == 0x80000000 && b32 == 0xffffffff)) idiv32("idiv32", n, d32, b32);
    }
    puts("muldiv done\n");
    return 0;
}
