/* MPTComm's self-test: every id's kernel half, and page-table pages charged
   to an id's quota (id NUM_IDS-4, kept as a child of the root). */
#include "kconst.h"
#include "selftest.h"
#include "export.h"

#define MPTCOMM_CHECK(c) SELFTEST_CHECK("MPTComm", c)

int test_MPTComm(void)
{
    unsigned int id = NUM_IDS - 4, va = 0x80000000;

    MPTCOMM_CHECK(PTE_NO_AD(pt_read(id, 0x00100000)) == (0x00100000 | PT_PERM_KERN));
    MPTCOMM_CHECK(PTE_NO_AD(pt_read(id, 0xFEC00000)) == (0xFEC00000 | PT_PERM_KERN));
    MPTCOMM_CHECK(pt_read_pde(id, va) == 0);
    MPTCOMM_CHECK(container_split(0, id, 1) == 0);
    MPTCOMM_CHECK(pt_alloc_pde(id, va) != 0);
    MPTCOMM_CHECK((pt_read_pde(id, va) & PT_PERM_UP) == PT_PERM_UP);
    MPTCOMM_CHECK(pt_read(id, va + 0x5000) == 0 && pt_read(id, va + 0x3FF000) == 0);
    MPTCOMM_CHECK(container_get_usage(id) == 1);
    MPTCOMM_CHECK(pt_alloc_pde(id, va + 0x400000) == 0);          /* over quota */
    pt_free_pde(id, va);
    MPTCOMM_CHECK(pt_read_pde(id, va) == 0 && container_get_usage(id) == 0);
    SELFTEST_PASS("MPTComm");
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    pt_init_comm(mbi);
    machine_exit(test_MPTComm() == 0 ? 0 : 1);
}
#endif
