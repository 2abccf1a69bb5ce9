/*
 * MPTComm: the parts common to every address space. Each id's kernel half
 * (below VM_USERLO and from VM_USERHI up) points at the identity tables; its
 * user half starts empty and gets page-table pages, charged to the id's
 * container, as mappings arrive.
 */
#include "kconst.h"
#include "import.h"
#include "export.h"

void pt_init_comm(unsigned int mbi)
{
    unsigned int id, pde;

    container_init(mbi);
    idpde_init();
    for (id = 0; id < NUM_IDS; id++)
        for (pde = 0; pde < NPDENTRIES; pde++) {
            if (pde < VM_USERLO_PDE || pde >= VM_USERHI_PDE)
                set_IDPDE(id, pde);
            else
                rmv_PDE(id, pde);
        }
}

/* A fresh, empty page table for va's 4 MiB range; returns its page or 0. */
unsigned int pt_alloc_pde(unsigned int id, unsigned int va)
{
    unsigned int page = container_alloc(id), i;
    unsigned int base = va & 0xFFC00000;

    if (page == 0)
        return 0;
    pt_insert_pde(id, va, page);
    for (i = 0; i < NPTENTRIES; i++)
        pt_rmv_aux(id, base + (i << PAGE_SHIFT));
    return page;
}

void pt_free_pde(unsigned int id, unsigned int va)
{
    unsigned int pde = pt_read_pde(id, va);

    if ((pde & PTE_P) == 0)
        return;
    pt_rmv_pde(id, va);
    container_free(id, pde >> PAGE_SHIFT);
}
