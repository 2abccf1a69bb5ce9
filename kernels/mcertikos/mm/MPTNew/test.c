/* MPTNew's self-test: a new address space with a quota; reserved pages are
   mapped, zeroed and charged until the quota runs out. */
#include "kconst.h"
#include "selftest.h"
#include "export.h"

#define MPTNEW_CHECK(c) SELFTEST_CHECK("MPTNew", c)

int test_MPTNew(void)
{
    unsigned int id = pt_new(0, 16), pte, i, n = 0;
    unsigned int *mem;

    MPTNEW_CHECK(id != NUM_IDS && id != 0);
    MPTNEW_CHECK(ptbit_get(id) && container_get_parent(id) == 0 && container_get_quota(id) == 16);
    MPTNEW_CHECK(pt_resv(id, 0x40001234, PT_PERM_UP) == 0);
    pte = pt_read(id, 0x40001000);
    MPTNEW_CHECK((pte & PT_PERM_UP) == PT_PERM_UP);
    mem = (unsigned int *)(pte & PTE_ADDR_MASK);
    for (i = 0; i < PAGESIZE / 4; i++)
        MPTNEW_CHECK(mem[i] == 0);
    MPTNEW_CHECK(container_get_usage(id) == 2);     /* page table + page */
    while (pt_resv(id, 0x40002000 + n * PAGESIZE, PT_PERM_UP) == 0)
        n++;
    MPTNEW_CHECK(n == 14 && container_get_usage(id) == 16);
    MPTNEW_CHECK(pt_new(0, 0x7FFFFFFF) == NUM_IDS);
    SELFTEST_PASS("MPTNew");
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    pmap_init(mbi);
    machine_exit(test_MPTNew() == 0 ? 0 : 1);
}
#endif
