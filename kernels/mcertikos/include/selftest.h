/*
 * For the layers' test.c files: a check that reports "<Layer>: FAIL (...)"
 * through dprintf and makes the test return 1. Macros only, so including it
 * adds no symbols to any layer.
 */
#ifndef MCERTIKOS_SELFTEST_H
#define MCERTIKOS_SELFTEST_H

#define SELFTEST_CHECK(layer, cond)                                             \
    do {                                                                        \
        if (!(cond)) {                                                          \
            dprintf("%s: FAIL (%s, line %d)\n", layer, #cond, __LINE__);       \
            return 1;                                                           \
        }                                                                       \
    } while (0)

#define SELFTEST_PASS(layer)                                                    \
    do {                                                                        \
        dprintf("%s: PASS\n", layer);                                           \
        return 0;                                                               \
    } while (0)

/* A page-table entry without the accessed and dirty bits the CPU sets. */
#define PTE_NO_AD(pte) ((pte) & ~0x60u)

#endif
