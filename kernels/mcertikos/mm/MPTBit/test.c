/* MPTBit's self-test: bits are independent, and out-of-range ids read as used. */
#include "kconst.h"
#include "selftest.h"
#include "export.h"

#define MPTBIT_CHECK(c) SELFTEST_CHECK("MPTBit", c)

int test_MPTBit(void)
{
    unsigned int a = 31, b = 32;

    MPTBIT_CHECK(!ptbit_get(a) && !ptbit_get(b));
    ptbit_set(a, 1);
    MPTBIT_CHECK(ptbit_get(a) && !ptbit_get(b) && !ptbit_get(a - 1));
    ptbit_set(b, 1);
    MPTBIT_CHECK(ptbit_get(b) && !ptbit_get(b + 1));
    ptbit_set(a, 0);
    MPTBIT_CHECK(!ptbit_get(a) && ptbit_get(b));
    ptbit_set(b, 0);
    MPTBIT_CHECK(!ptbit_get(b));
    MPTBIT_CHECK(ptbit_get(NUM_IDS) == 1);
    ptbit_set(NUM_IDS, 0);
    MPTBIT_CHECK(ptbit_get(NUM_IDS) == 1);
    SELFTEST_PASS("MPTBit");
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    pt_init(mbi);
    machine_exit(test_MPTBit() == 0 ? 0 : 1);
}
#endif
