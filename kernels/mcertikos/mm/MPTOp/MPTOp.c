/*
 * MPTOp: page-table operations by virtual address, and the construction of
 * the identity map.
 */
#include "kconst.h"
#include "import.h"
#include "export.h"

#define PDE_INDEX(va) ((va) >> 22)
#define PTE_INDEX(va) (((va) >> PAGE_SHIFT) & 0x3FF)

/* The PTE mapping va in id's space (physical address | permissions), or 0. */
unsigned int pt_read(unsigned int id, unsigned int va)
{
    return get_PTE(id, PDE_INDEX(va), PTE_INDEX(va));
}

unsigned int pt_read_pde(unsigned int id, unsigned int va)
{
    return get_PDE(id, PDE_INDEX(va));
}

/* Requires the page table for va to be present. */
void pt_insert_aux(unsigned int id, unsigned int va, unsigned int pa, unsigned int perm)
{
    set_PTE(id, PDE_INDEX(va), PTE_INDEX(va), pa, perm);
}

void pt_insert_pde(unsigned int id, unsigned int va, unsigned int page)
{
    set_PDE(id, PDE_INDEX(va), page);
}

void pt_rmv_aux(unsigned int id, unsigned int va)
{
    rmv_PTE(id, PDE_INDEX(va), PTE_INDEX(va));
}

void pt_rmv_pde(unsigned int id, unsigned int va)
{
    rmv_PDE(id, PDE_INDEX(va));
}

/* The identity map: kernel ranges global and kernel-only; the user range is
   mapped too (for the kernel's own id 0), also kernel-only. One set_IDPTE per
   entry, 1024 x 1024 calls: the case for cross-layer inlining. */
void idpde_init(void)
{
    unsigned int i, j;

    for (i = 0; i < NPDENTRIES; i++) {
        unsigned int perm = (i < VM_USERLO_PDE || i >= VM_USERHI_PDE) ? PT_PERM_KERN : (PTE_P | PTE_W);
        for (j = 0; j < NPTENTRIES; j++)
            set_IDPTE(i, j, perm);
    }
}
