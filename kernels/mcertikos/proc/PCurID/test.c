/* PCurID's self-test. */
#include "kconst.h"
#include "selftest.h"
#include "export.h"

#define PCURID_CHECK(c) SELFTEST_CHECK("PCurID", c)

int test_PCurID(void)
{
    unsigned int saved = get_curid();

    PCURID_CHECK(saved == 0);      /* the boot thread runs the self-tests */
    set_curid(7);
    PCURID_CHECK(get_curid() == 7);
    set_curid(saved);
    PCURID_CHECK(get_curid() == saved);
    SELFTEST_PASS("PCurID");
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    tdqueue_init(mbi);
    machine_exit(test_PCurID() == 0 ? 0 : 1);
}
#endif
