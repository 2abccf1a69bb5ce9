/* MALInit's self-test: the allocation table's getters and setters. */
#include "kconst.h"
#include "selftest.h"
#include "export.h"

#define MALINIT_CHECK(c) SELFTEST_CHECK("MALInit", c)

int test_MALInit(void)
{
    unsigned int saved_nps = get_nps(), page = 5;

    set_nps(7);
    MALINIT_CHECK(get_nps() == 7);
    set_nps(0xFFFFFFFF);
    MALINIT_CHECK(get_nps() == VM_USERLO / PAGESIZE);   /* clamped to the table */
    set_nps(saved_nps);

    /* Page 5 lies in the kernel's reserve: never normal, never allocated. */
    MALINIT_CHECK(!is_norm(page) && !at_get(page));
    set_norm(page, 1);
    at_set(page, 7);
    MALINIT_CHECK(is_norm(page) == 1 && at_get(page) == 1);
    set_norm(page, 0);
    at_set(page, 0);
    MALINIT_CHECK(!is_norm(page) && !at_get(page));

    /* Out of range: ignored, and reads say "reserved". */
    set_norm(VM_USERLO / PAGESIZE, 1);
    MALINIT_CHECK(!is_norm(VM_USERLO / PAGESIZE) && !at_get(0xFFFFFFFF));
    SELFTEST_PASS("MALInit");
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    machine_init(mbi);
    intr_init();
    machine_exit(test_MALInit() == 0 ? 0 : 1);
}
#endif
