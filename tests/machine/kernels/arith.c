/* Integer arithmetic: add adc sub sbb cmp neg inc dec, at 8, 16 and 32 bits. */
#include "ops.h"

#define SIZES(name, insn, DEF) DEF(name##8, insn "b", "b") DEF(name##16, insn "w", "w") DEF(name##32, insn "l", "k")
SIZES(add, "add", DEF_BIN)
SIZES(adc, "adc", DEF_BIN)
SIZES(sub, "sub", DEF_BIN)
SIZES(sbb, "sbb", DEF_BIN)
SIZES(cmp, "cmp", DEF_BIN)
SIZES(neg, "neg", DEF_UN)
SIZES(inc, "inc", DEF_UN)
SIZES(dec, "dec", DEF_UN)
DEF_IMM(addi32, "addl", 0x7fffffff, "k")
DEF_IMM(subi8, "subb", 0x80, "b")
DEF_IMM(adci16, "adcw", -1, "w")
DEF_IMM(cmpi32, "cmpl", -128, "k")

#define OPS(name) {#name "8", name##8, 0xff, 0}, {#name "16", name##16, 0xffff, 0}, {#name "32", name##32, 0xffffffff, 0}
static const struct op ops[] = {
    OPS(add), OPS(adc), OPS(sub), OPS(sbb), OPS(cmp), OPS(neg), OPS(inc), OPS(dec),
    {"addi32", addi32, 0xffffffff, 0}, {"subi8", subi8, 0xff, 0}, {"adci16", adci16, 0xffff, 0}, {"cmpi32", cmpi32, 0xffffffff, 0},
};

u32 kmain(void) {
    srand32(0xa5a5a5a5);
    run_ops(ops, sizeof ops / sizeof ops[0], 40);
    puts("arith done\n");
    return 0;
}
