/* MALT's self-test: pages come out distinct, normal, usable and go back. */
#include "kconst.h"
#include "selftest.h"
#include "export.h"

#define MALT_CHECK(c) SELFTEST_CHECK("MALT", c)

int test_MALT(void)
{
    unsigned int a = palloc(), b = palloc(), c;
    unsigned int *pa, *pb;

    MALT_CHECK(a != 0 && b != 0 && a != b);
    MALT_CHECK(is_norm(a) && is_norm(b) && at_get(a) && at_get(b));
    pa = (unsigned int *)(a * PAGESIZE);
    pb = (unsigned int *)(b * PAGESIZE);
    pa[0] = 0x11111111;
    pa[PAGESIZE / 4 - 1] = 0x22222222;
    pb[0] = 0x33333333;
    MALT_CHECK(pa[0] == 0x11111111 && pa[PAGESIZE / 4 - 1] == 0x22222222 && pb[0] == 0x33333333);
    pfree(a);
    MALT_CHECK(!at_get(a) && at_get(b));
    pfree(b);
    MALT_CHECK(!at_get(b));
    pfree(3);   /* reserved page: ignored */
    MALT_CHECK(!at_get(3));
    c = palloc();
    MALT_CHECK(c != 0 && c != a && c != b);   /* next-fit moves on */
    pfree(c);
    SELFTEST_PASS("MALT");
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    mem_init(mbi);
    machine_exit(test_MALT() == 0 ? 0 : 1);
}
#endif
