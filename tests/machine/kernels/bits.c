/* Bit instructions and conditionals: bt bts btr btc (register and immediate), bsf bsr,
 * bswap, setcc and cmovcc for all sixteen conditions, cmpxchg, xadd, cmpxchg8b. */
#include "ops.h"

#define SIZES(name, insn, DEF) DEF(name##16, insn "w", "w") DEF(name##32, insn "l", "k")
/* bt with a register bit offset: the offset is taken modulo the operand size for registers. */
#define DEF_BT(fn, insn, m)                                                               \
    static u32 fn(u32 a, u32 b, u32 *flags) {                                             \
        u32 f = *flags;                                                                   \
        __asm__ volatile(SET_FLAGS insn " %" m "[b], %" m "[a]" GET_FLAGS                 \
                         : [a] "+r"(a), [f] "+r"(f) : [b] "r"(b) : "cc");                 \
        *flags = f;                                                                       \
        return a;                                                                         \
    }
SIZES(bt, "bt", DEF_BT)
SIZES(bts, "bts", DEF_BT)
SIZES(btr, "btr", DEF_BT)
SIZES(btc, "btc", DEF_BT)
DEF_IMM(bti32, "btl", 31, "k")
DEF_IMM(btsi16, "btsw", 7, "w")
DEF_IMM(btci32, "btcl", 45, "k")

/* bsf/bsr: the destination starts with a marker, since a zero source leaves it undefined. */
#define DEF_SCAN(fn, insn, m)                                                             \
    static u32 fn(u32 a, u32 b, u32 *flags) {                                             \
        u32 f = *flags, r = 0x5a5a5a5a;                                                   \
        (void)b;                                                                          \
        __asm__ volatile(SET_FLAGS insn " %" m "[a], %" m "[r]" GET_FLAGS                 \
                         : [r] "+r"(r), [f] "+r"(f) : [a] "r"(a) : "cc");                 \
        *flags = f;                                                                       \
        return r;                                                                         \
    }
SIZES(bsf, "bsf", DEF_SCAN)
SIZES(bsr, "bsr", DEF_SCAN)

static u32 bswap32(u32 a, u32 b, u32 *flags) {
    (void)b;
    (void)flags;
    __asm__("bswap %0" : "+r"(a));
    return a;
}

/* cmpxchg: compare EAX with dst; equal: dst = src, else EAX = dst. Returns dst ^ (EAX << 1). */
#define DEF_CMPXCHG(fn, insn, m)                                                          \
    static u32 fn(u32 a, u32 b, u32 *flags) {                                             \
        u32 f = *flags, acc = (rand32() & 1) ? a : b, src = rand32();                     \
        __asm__ volatile(SET_FLAGS insn " %" m "[s], %" m "[a]" GET_FLAGS                 \
                         : [a] "+q"(a), [f] "+r"(f), "+a"(acc) : [s] "q"(src) : "cc");    \
        *flags = f;                                                                       \
        return a ^ (acc << 1);                                                            \
    }
DEF_CMPXCHG(cmpxchg8, "cmpxchgb", "b")
DEF_CMPXCHG(cmpxchg16, "cmpxchgw", "w")
DEF_CMPXCHG(cmpxchg32, "cmpxchgl", "k")

/* xadd: dst = dst + src, src = old dst. Returns dst ^ (src << 3). */
#define DEF_XADD(fn, insn, m)                                                             \
    static u32 fn(u32 a, u32 b, u32 *flags) {                                             \
        u32 f = *flags;                                                                   \
        __asm__ volatile(SET_FLAGS insn " %" m "[b], %" m "[a]" GET_FLAGS                 \
                         : [a] "+q"(a), [b] "+q"(b), [f] "+r"(f) : : "cc");               \
        *flags = f;                                                                       \
        return a ^ (b << 3);                                                              \
    }
DEF_XADD(xadd8, "xaddb", "b")
DEF_XADD(xadd16, "xaddw", "w")
DEF_XADD(xadd32, "xaddl", "k")

#define OPS(name) {#name "16", name##16, 0xffff, 0}, {#name "32", name##32, 0xffffffff, 0}
static const struct op ops[] = {
    {"bt16", bt16, 0xffff, 0}, {"bt32", bt32, 0xffffffff, 0}, {"bts16", bts16, 0xffff, 0}, {"bts32", bts32, 0xffffffff, 0},
    {"btr16", btr16, 0xffff, 0}, {"btr32", btr32, 0xffffffff, 0}, {"btc16", btc16, 0xffff, 0}, {"btc32", btc32, 0xffffffff, 0},
    {"bti32", bti32, 0xffffffff, 0}, {"btsi16", btsi16, 0xffff, 0}, {"btci32", btci32, 0xffffffff, 0},
    OPS(bsf), OPS(bsr), {"bswap32", bswap32, 0xffffffff, 0},
    {"cmpxchg8", cmpxchg8, 0xff, 0}, {"cmpxchg16", cmpxchg16, 0xffff, 0}, {"cmpxchg32", cmpxchg32, 0xffffffff, 0},
    {"xadd8", xadd8, 0xff, 0}, {"xadd16", xadd16, 0xffff, 0}, {"xadd32", xadd32, 0xffffffff, 0},
};

/* All sixteen setcc results for the given flags, one bit each. */
static u32 setcc_all(u32 flags) {
    u8 r[16];
    __asm__ volatile("pushl %[f]\n\tpopfl\n\t"
                     "seto 0(%[r])\n\tsetno 1(%[r])\n\tsetb 2(%[r])\n\tsetae 3(%[r])\n\t"
                     "sete 4(%[r])\n\tsetne 5(%[r])\n\tsetbe 6(%[r])\n\tseta 7(%[r])\n\t"
                     "sets 8(%[r])\n\tsetns 9(%[r])\n\tsetp 10(%[r])\n\tsetnp 11(%[r])\n\t"
                     "setl 12(%[r])\n\tsetge 13(%[r])\n\tsetle 14(%[r])\n\tsetg 15(%[r])"
                     : : [f] "r"(flags), [r] "r"(r) : "memory", "cc");
    u32 bits = 0;
    for (int i = 0; i < 16; i++) bits |= (u32)r[i] << i;
    return bits;
}

/* cmovcc for all sixteen conditions: bit i set when condition i moved. */
static u32 cmov_all(u32 flags) {
    u32 bits = 0, one = 1;
#define CMOV(cc, i)                                                                       \
    {                                                                                     \
        u32 r = 0;                                                                        \
        __asm__ volatile("pushl %[f]\n\tpopfl\n\tcmov" cc " %[one], %[r]"                 \
                         : [r] "+r"(r) : [f] "r"(flags), [one] "r"(one) : "cc");          \
        bits |= r << i;                                                                   \
    }
    CMOV("o", 0) CMOV("no", 1) CMOV("b", 2) CMOV("ae", 3) CMOV("e", 4) CMOV("ne", 5) CMOV("be", 6) CMOV("a", 7)
    CMOV("s", 8) CMOV("ns", 9) CMOV("p", 10) CMOV("np", 11) CMOV("l", 12) CMOV("ge", 13) CMOV("le", 14) CMOV("g", 15)
    return bits;
}

u32 kmain(void) {
    srand32(0x0badf00d);
    run_ops(ops, sizeof ops / sizeof ops[0], 40);
    for (u32 f = 0; f < 64; f++) {
        /* every combination of CF PF AF ZF SF OF */
        u32 flags = (f & 1) | ((f & 2) << 1) | ((f & 4) << 2) | ((f & 8) << 3) | ((f & 16) << 3) | ((f & 32) << 6);
        puts("cc ");
        put_hex(flags, 3);
        putc(' ');
        put_hex(setcc_all(flags), 4);
        putc(' ');
        put_hex(cmov_all(flags), 4);
        newline();
    }
    for (int i = 0; i < 24; i++) {
        u64 mem = ((u64)operand32() << 32) | operand32();
        u32 eax = (u32)mem, edx = (u32)(mem >> 32), ebx = rand32(), ecx = rand32(), f = random_flags();
        if (rand32() & 1) eax ^= 1 << (rand32() & 31);
        __asm__ volatile("pushl %[f]\n\tpopfl\n\tcmpxchg8b %[m]\n\tpushfl\n\tpopl %[f]"
                         : [m] "+m"(mem), "+a"(eax), "+d"(edx), [f] "+r"(f) : "b"(ebx), "c"(ecx) : "cc");
        puts("cmpxchg8b ");
        put_hex32((u32)(mem >> 32));
        put_hex32((u32)mem);
        putc(' ');
        put_hex32(edx);
        put_hex32(eax);
        putc(' ');
        put_hex(f & FLAGS_ARITH, 3);
        newline();
    }
    puts("bits done\n");
    return 0;
}
