/* MPTKern's self-test: inserting and removing user mappings (id NUM_IDS-5),
   and the kernel id's identity-mapped user half. */
#include "kconst.h"
#include "selftest.h"
#include "export.h"

#define MPTKERN_CHECK(c) SELFTEST_CHECK("MPTKern", c)

int test_MPTKern(void)
{
    unsigned int id = NUM_IDS - 5;

    MPTKERN_CHECK(PTE_NO_AD(pt_read(0, 0x50000000)) == (0x50000000 | PTE_P | PTE_W));
    MPTKERN_CHECK(container_split(0, id, 8) == 0);
    MPTKERN_CHECK(pt_insert(id, 0x40000000, 0x00200000, PT_PERM_UP) == 0);
    MPTKERN_CHECK(pt_read(id, 0x40000000) == (0x00200000 | PT_PERM_UP));
    MPTKERN_CHECK(container_get_usage(id) == 1);                  /* the page table */
    MPTKERN_CHECK(pt_insert(id, 0x40001000, 0x00201000, PTE_P | PTE_U) == 0);
    MPTKERN_CHECK(container_get_usage(id) == 1);                  /* same table */
    MPTKERN_CHECK(pt_insert(id, 0x00100000, 0x00200000, PT_PERM_UP) != 0);   /* kernel half */
    MPTKERN_CHECK(pt_insert(id, VM_USERHI, 0x00200000, PT_PERM_UP) != 0);
    MPTKERN_CHECK(pt_insert(0, 0x40000000, 0x00200000, PT_PERM_UP) != 0);    /* kernel id */
    pt_rmv(id, 0x40000000);
    MPTKERN_CHECK(pt_read(id, 0x40000000) == 0 && pt_read(id, 0x40001000) == (0x00201000 | PTE_P | PTE_U));
    pt_rmv(id, 0x40001000);
    MPTKERN_CHECK(pt_read(id, 0x40001000) == 0);
    SELFTEST_PASS("MPTKern");
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    pt_init_kern(mbi);
    machine_exit(test_MPTKern() == 0 ? 0 : 1);
}
#endif
