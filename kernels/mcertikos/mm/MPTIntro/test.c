/* MPTIntro's self-test: directory and table entries through their getters
   and setters, on id NUM_IDS-2 and a page table borrowed from the root. */
#include "kconst.h"
#include "selftest.h"
#include "export.h"

#define MPTINTRO_CHECK(c) SELFTEST_CHECK("MPTIntro", c)

int test_MPTIntro(void)
{
    unsigned int id = NUM_IDS - 2, pde = VM_USERLO_PDE + 3, page, i;
    unsigned int *table, saved = get_IDPTE(1023, 1023);

    set_IDPTE(1023, 1023, PTE_P);
    MPTINTRO_CHECK(get_IDPTE(1023, 1023) == (0xFFFFF000 | PTE_P));
    set_IDPTE(1023, 1023, saved & 0xFFF);        /* back as it was (idpde_init may not have run yet) */
    MPTINTRO_CHECK(get_IDPTE(1023, 1023) == (0xFFFFF000 | (saved & 0xFFF)));

    page = container_alloc(0);
    MPTINTRO_CHECK(page != 0);
    table = (unsigned int *)(page * PAGESIZE);
    for (i = 0; i < NPTENTRIES; i++)
        table[i] = 0;
    set_PDE(id, pde, page);
    MPTINTRO_CHECK(get_PDE(id, pde) == ((page << PAGE_SHIFT) | PT_PERM_UP));
    set_PTE(id, pde, 7, 0x12345678, PT_PERM_UP);
    MPTINTRO_CHECK(get_PTE(id, pde, 7) == (0x12345000 | PT_PERM_UP));
    MPTINTRO_CHECK(table[7] == (0x12345000 | PT_PERM_UP) && get_PTE(id, pde, 8) == 0);
    rmv_PTE(id, pde, 7);
    MPTINTRO_CHECK(get_PTE(id, pde, 7) == 0);
    rmv_PDE(id, pde);
    MPTINTRO_CHECK(get_PDE(id, pde) == 0 && get_PTE(id, pde, 7) == 0);
    container_free(0, page);

    /* A kernel-half entry reads through to the identity tables. */
    set_IDPDE(id, 3);
    MPTINTRO_CHECK((get_PDE(id, 3) & PTE_P) != 0);
    MPTINTRO_CHECK(get_PTE(id, 3, 5) == get_IDPTE(3, 5));
    SELFTEST_PASS("MPTIntro");
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    container_init(mbi);
    machine_exit(test_MPTIntro() == 0 ? 0 : 1);
}
#endif
