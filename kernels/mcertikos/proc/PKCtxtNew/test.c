/* PKCtxtNew's self-test: a new context starts at its entry on its own stack,
   in a new child container. */
#include "kconst.h"
#include "selftest.h"
#include "export.h"

#define PKCTXTNEW_CHECK(c) SELFTEST_CHECK("PKCtxtNew", c)

static volatile unsigned int pkctxtnew_id;
static volatile unsigned int pkctxtnew_ran;

static void pkctxtnew_entry(void)
{
    pkctxtnew_ran = 1;
    kctxt_switch(pkctxtnew_id, 0);
}

int test_PKCtxtNew(void)
{
    unsigned int id = kctxt_new((unsigned int)pkctxtnew_entry, 0, 4);

    PKCTXTNEW_CHECK(id != NUM_IDS && id != 0);
    PKCTXTNEW_CHECK(container_get_parent(id) == 0);
    pkctxtnew_id = id;
    pkctxtnew_ran = 0;
    kctxt_switch(0, id);
    PKCTXTNEW_CHECK(pkctxtnew_ran == 1);
    PKCTXTNEW_CHECK(kctxt_new((unsigned int)pkctxtnew_entry, 0, 0x7FFFFFFF) == NUM_IDS);
    SELFTEST_PASS("PKCtxtNew");
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    pmap_init(mbi);
    machine_exit(test_PKCtxtNew() == 0 ? 0 : 1);
}
#endif
