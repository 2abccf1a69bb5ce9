/* MALOp's self-test: the table mem_init built from the memory map. */
#include "kconst.h"
#include "selftest.h"
#include "export.h"

#define MALOP_CHECK(c) SELFTEST_CHECK("MALOp", c)

int test_MALOp(void)
{
    unsigned int page, nnorm = 0;

    MALOP_CHECK(get_nps() >= (64 << 20) / PAGESIZE);
    for (page = 0; page < get_nps(); page++) {
        if (page < KERN_RESERVED / PAGESIZE)
            MALOP_CHECK(!is_norm(page));
        if (is_norm(page))
            nnorm++;
    }
    /* A 128 MiB machine: everything from 16 MiB to nearly the top is normal. */
    MALOP_CHECK(is_norm(KERN_RESERVED / PAGESIZE));
    MALOP_CHECK(nnorm >= get_nps() - KERN_RESERVED / PAGESIZE - 64);
    MALOP_CHECK(!is_norm(get_nps()));
    SELFTEST_PASS("MALOp");
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    mem_init(mbi);
    machine_exit(test_MALOp() == 0 ? 0 : 1);
}
#endif
