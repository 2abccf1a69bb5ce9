/* Shifts and rotates: shl shr sar rol ror rcl rcr by CL (0..33) and by 1, shld and shrd. */
#include "ops.h"

#define SIZES(name, insn, DEF) DEF(name##8, insn "b", "b") DEF(name##16, insn "w", "w") DEF(name##32, insn "l", "k")
SIZES(shl, "shl", DEF_SHIFT)
SIZES(shr, "shr", DEF_SHIFT)
SIZES(sar, "sar", DEF_SHIFT)
SIZES(rol, "rol", DEF_SHIFT)
SIZES(ror, "ror", DEF_SHIFT)
SIZES(rcl, "rcl", DEF_SHIFT)
SIZES(rcr, "rcr", DEF_SHIFT)
DEF_IMM(shl1_32, "shll", 1, "k")
DEF_IMM(sar1_8, "sarb", 1, "b")
DEF_IMM(rcr1_16, "rcrw", 1, "w")
DEF_IMM(rol1_32, "roll", 1, "k")
DEF_IMM(shr5_32, "shrl", 5, "k")
DEF_SHIFT2(shld16, "shldw", "w")
DEF_SHIFT2(shld32, "shldl", "k")
DEF_SHIFT2(shrd16, "shrdw", "w")
DEF_SHIFT2(shrd32, "shrdl", "k")

#define OPS(name) {#name "8", name##8, 0xff, 34}, {#name "16", name##16, 0xffff, 34}, {#name "32", name##32, 0xffffffff, 34}
static const struct op ops[] = {
    OPS(shl), OPS(shr), OPS(sar), OPS(rol), OPS(ror), OPS(rcl), OPS(rcr),
    {"shl1_32", shl1_32, 0xffffffff, 0}, {"sar1_8", sar1_8, 0xff, 0}, {"rcr1_16", rcr1_16, 0xffff, 0},
    {"rol1_32", rol1_32, 0xffffffff, 0}, {"shr5_32", shr5_32, 0xffffffff, 0},
    {"shld16", shld16, 0xffff, 32}, {"shld32", shld32, 0xffffffff, 32},
    {"shrd16", shrd16, 0xffff, 32}, {"shrd32", shrd32, 0xffffffff, 32},
};

u32 kmain(void) {
    srand32(0x600dcafe);
    run_ops(ops, sizeof ops / sizeof ops[0], 48);
    puts("shifts done\n");
    return 0;
}
