/* Logic: and or xor test not, at 8, 16 and 32 bits, with register and immediate forms. */
#include "ops.h"

#define SIZES(name, insn, DEF) DEF(name##8, insn "b", "b") DEF(name##16, insn "w", "w") DEF(name##32, insn "l", "k")
SIZES(and, "and", DEF_BIN)
SIZES(or, "or", DEF_BIN)
SIZES(xor, "xor", DEF_BIN)
SIZES(test, "test", DEF_BIN)
SIZES(not, "not", DEF_UN)
DEF_IMM(andi32, "andl", 0xf0f0f0f0, "k")
DEF_IMM(ori8, "orb", 0x81, "b")
DEF_IMM(xori16, "xorw", 0x8000, "w")
DEF_IMM(testi32, "testl", 0x80000001, "k")

#define OPS(name) {#name "8", name##8, 0xff, 0}, {#name "16", name##16, 0xffff, 0}, {#name "32", name##32, 0xffffffff, 0}
static const struct op ops[] = {
    OPS(and), OPS(or), OPS(xor), OPS(test), OPS(not),
    {"andi32", andi32, 0xffffffff, 0}, {"ori8", ori8, 0xff, 0}, {"xori16", xori16, 0xffff, 0}, {"testi32", testi32, 0xffffffff, 0},
};

u32 kmain(void) {
    srand32(0x1f2e3d4c);
    run_ops(ops, sizeof ops / sizeof ops[0], 40);
    puts("logic done\n");
    return 0;
}
