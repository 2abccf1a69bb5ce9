/*
 * MPTKern: mapping pages into an id's user half. The kernel's own id 0 maps
 * its user half by identity too, so the kernel reaches all of memory.
 */
#include "kconst.h"
#include "import.h"
#include "export.h"

void pt_init_kern(unsigned int mbi)
{
    unsigned int pde;

    pt_init_comm(mbi);
    for (pde = VM_USERLO_PDE; pde < VM_USERHI_PDE; pde++)
        set_IDPDE(0, pde);
}

static int user_range(unsigned int id, unsigned int va)
{
    return id != 0 && id < NUM_IDS && va >= VM_USERLO && va < VM_USERHI;
}

int pt_insert(unsigned int id, unsigned int va, unsigned int pa, unsigned int perm)
{
    if (!user_range(id, va))
        return -1;
    if ((pt_read_pde(id, va) & PTE_P) == 0 && pt_alloc_pde(id, va) == 0)
        return -1;
    pt_insert_aux(id, va, pa, perm);
    return 0;
}

void pt_rmv(unsigned int id, unsigned int va)
{
    if (user_range(id, va) && (pt_read_pde(id, va) & PTE_P) != 0)
        pt_rmv_aux(id, va);
}
