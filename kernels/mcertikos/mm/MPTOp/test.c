/* MPTOp's self-test: the identity map idpde_init builds, and page-table
   operations by virtual address on id NUM_IDS-3. */
#include "kconst.h"
#include "selftest.h"
#include "export.h"

#define MPTOP_CHECK(c) SELFTEST_CHECK("MPTOp", c)

int test_MPTOp(void)
{
    unsigned int id = NUM_IDS - 3, va = 0x40000000, page, i;

    idpde_init();
    MPTOP_CHECK(get_IDPTE(0, 0) == PT_PERM_KERN);
    MPTOP_CHECK(PTE_NO_AD(get_IDPTE(0, 0x100)) == (0x00100000 | PT_PERM_KERN));
    MPTOP_CHECK(get_IDPTE(VM_USERLO_PDE, 1) == (0x40001000 | PTE_P | PTE_W));
    MPTOP_CHECK(get_IDPTE(1023, 1023) == (0xFFFFF000 | PT_PERM_KERN));

    page = container_alloc(0);
    MPTOP_CHECK(page != 0);
    pt_insert_pde(id, va, page);
    for (i = 0; i < NPTENTRIES; i++)
        pt_rmv_aux(id, va + i * PAGESIZE);
    MPTOP_CHECK((pt_read_pde(id, va + 0x3FF000) & PTE_ADDR_MASK) == page << PAGE_SHIFT);
    pt_insert_aux(id, va + 0x3000, 0x00abc000, PT_PERM_UP);
    MPTOP_CHECK(pt_read(id, va + 0x3000) == (0x00abc000 | PT_PERM_UP));
    MPTOP_CHECK(pt_read(id, va + 0x3FFF) == (0x00abc000 | PT_PERM_UP));
    MPTOP_CHECK(pt_read(id, va + 0x4000) == 0);
    pt_rmv_aux(id, va + 0x3000);
    MPTOP_CHECK(pt_read(id, va + 0x3000) == 0);
    pt_rmv_pde(id, va);
    MPTOP_CHECK(pt_read_pde(id, va) == 0 && pt_read(id, va + 0x3000) == 0);
    container_free(0, page);
    SELFTEST_PASS("MPTOp");
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    container_init(mbi);
    machine_exit(test_MPTOp() == 0 ? 0 : 1);
}
#endif
