/* Runs one instruction on given operands with given incoming flags and captures the
 * result and the outgoing EFLAGS, for the instruction-family kernels. Each DEF_* macro
 * defines a function; the T_* helpers print "name a b flags_in -> r flags_out". */
#ifndef OPS_H
#define OPS_H
#include "lib.h"

/* Incoming arithmetic flags: random, but never TF, IF or DF. */
static inline u32 random_flags(void) { return rand32() & FLAGS_ARITH; }

#define SET_FLAGS "pushl %[f]\n\tpopfl\n\t"
#define GET_FLAGS "\n\tpushfl\n\tpopl %[f]"

/* op src, dst  (dst = dst op src) */
#define DEF_BIN(fn, insn, m)                                                              \
    static u32 fn(u32 a, u32 b, u32 *flags) {                                             \
        u32 f = *flags;                                                                   \
        __asm__ volatile(SET_FLAGS insn " %" m "[b], %" m "[a]" GET_FLAGS                 \
                         : [a] "+q"(a), [f] "+r"(f) : [b] "q"(b) : "cc");                 \
        *flags = f;                                                                       \
        return a;                                                                         \
    }

/* op dst */
#define DEF_UN(fn, insn, m)                                                               \
    static u32 fn(u32 a, u32 b, u32 *flags) {                                             \
        u32 f = *flags;                                                                   \
        (void)b;                                                                          \
        __asm__ volatile(SET_FLAGS insn " %" m "[a]" GET_FLAGS : [a] "+q"(a), [f] "+r"(f) : : "cc"); \
        *flags = f;                                                                       \
        return a;                                                                         \
    }

/* op %cl, dst */
#define DEF_SHIFT(fn, insn, m)                                                            \
    static u32 fn(u32 a, u32 b, u32 *flags) {                                             \
        u32 f = *flags;                                                                   \
        __asm__ volatile(SET_FLAGS insn " %%cl, %" m "[a]" GET_FLAGS                      \
                         : [a] "+q"(a), [f] "+r"(f) : "c"(b) : "cc");                     \
        *flags = f;                                                                       \
        return a;                                                                         \
    }

/* op $imm, dst */
#define DEF_IMM(fn, insn, imm, m)                                                         \
    static u32 fn(u32 a, u32 b, u32 *flags) {                                             \
        u32 f = *flags;                                                                   \
        (void)b;                                                                          \
        __asm__ volatile(SET_FLAGS insn " $" #imm ", %" m "[a]" GET_FLAGS                 \
                         : [a] "+q"(a), [f] "+r"(f) : : "cc");                            \
        *flags = f;                                                                       \
        return a;                                                                         \
    }

/* op %cl, src, dst (shld/shrd) */
#define DEF_SHIFT2(fn, insn, m)                                                           \
    static u32 fn(u32 a, u32 b, u32 *flags) {                                             \
        u32 f = *flags;                                                                   \
        u32 src = rand32();                                                               \
        __asm__ volatile(SET_FLAGS insn " %%cl, %" m "[s], %" m "[a]" GET_FLAGS           \
                         : [a] "+r"(a), [f] "+r"(f) : "c"(b), [s] "r"(src) : "cc");       \
        *flags = f;                                                                       \
        return a ^ src;                                                                   \
    }

typedef u32 (*op_fn)(u32 a, u32 b, u32 *flags);

struct op {
    const char *name;
    op_fn fn;
    u32 mask; /* operand mask (size) */
    int count; /* b is a shift count: 0..count-1 */
};

static inline void run_op(const struct op *o, int iterations) {
    for (int i = 0; i < iterations; i++) {
        u32 a = operand32() & o->mask;
        u32 b = o->count ? rand32() % o->count : operand32() & o->mask;
        u32 fin = random_flags();
        u32 f = fin;
        u32 r = o->fn(a, b, &f);
        puts(o->name);
        putc(' ');
        put_hex32(a);
        putc(' ');
        put_hex32(b);
        putc(' ');
        put_hex(fin, 3);
        puts(" -> ");
        put_hex32(r);
        putc(' ');
        put_hex(f & FLAGS_ARITH, 3);
        newline();
    }
}

static inline void run_ops(const struct op *ops, int n, int iterations) {
    for (int i = 0; i < n; i++) run_op(&ops[i], iterations);
}

#endif
