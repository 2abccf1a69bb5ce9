/* MContainer's self-test: quotas split off the root bound allocation.
   It keeps id NUM_IDS-1 as a child of the root (ids are never recycled). */
#include "kconst.h"
#include "selftest.h"
#include "export.h"

#define MCONTAINER_CHECK(c) SELFTEST_CHECK("MContainer", c)

int test_MContainer(void)
{
    unsigned int child = NUM_IDS - 1, pages[10], i;
    unsigned int root_usage = container_get_usage(0), root_children = container_get_nchildren(0);

    MCONTAINER_CHECK(container_get_quota(0) > 10000);
    MCONTAINER_CHECK(!container_can_consume(0, container_get_quota(0) - root_usage + 1));
    MCONTAINER_CHECK(container_split(0, child, 10) == 0);
    MCONTAINER_CHECK(container_get_parent(child) == 0 && container_get_quota(child) == 10);
    MCONTAINER_CHECK(container_get_usage(0) == root_usage + 10);
    MCONTAINER_CHECK(container_get_nchildren(0) == root_children + 1);
    MCONTAINER_CHECK(container_split(0, child, 1) != 0);        /* already a container */
    MCONTAINER_CHECK(container_split(child, NUM_IDS, 1) != 0);  /* no such id */
    MCONTAINER_CHECK(container_can_consume(child, 10) && !container_can_consume(child, 11));
    for (i = 0; i < 10; i++) {
        pages[i] = container_alloc(child);
        MCONTAINER_CHECK(pages[i] != 0);
    }
    MCONTAINER_CHECK(container_alloc(child) == 0);               /* quota spent */
    MCONTAINER_CHECK(container_get_usage(child) == 10);
    for (i = 0; i < 10; i++)
        container_free(child, pages[i]);
    MCONTAINER_CHECK(container_get_usage(child) == 0);
    SELFTEST_PASS("MContainer");
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    container_init(mbi);
    machine_exit(test_MContainer() == 0 ? 0 : 1);
}
#endif
