/*
 * MPTIntro: the page directories of every id and the shared identity page
 * tables, behind getters and setters. The identity tables map all 4 GiB;
 * every id's kernel half points at them, so the kernel runs unchanged
 * whichever id's directory is loaded.
 */
#include "kconst.h"
#include "import.h"
#include "export.h"

static unsigned int pdir_pool[NUM_IDS][NPDENTRIES] __attribute__((aligned(4096)));
/* Not static: set_IDPTE is marked for cross-layer inlining, and its body,
   inlined into MPTOp's idpde_init, must still reach this table. */
unsigned int IDPTbl[NPDENTRIES][NPTENTRIES] __attribute__((aligned(4096)));

void set_pdir_base(unsigned int id)
{
    set_cr3((unsigned int)pdir_pool[id]);
}

unsigned int get_PDE(unsigned int id, unsigned int pde) { return pdir_pool[id][pde]; }

/* A user page table, held in physical page `page`. */
void set_PDE(unsigned int id, unsigned int pde, unsigned int page)
{
    pdir_pool[id][pde] = (page << PAGE_SHIFT) | PT_PERM_UP;
}

/* The identity page table for this 4 MiB range. The PTEs decide access. */
void set_IDPDE(unsigned int id, unsigned int pde)
{
    pdir_pool[id][pde] = (unsigned int)IDPTbl[pde] | PT_PERM_UP;
}

void rmv_PDE(unsigned int id, unsigned int pde) { pdir_pool[id][pde] = 0; }

static unsigned int *page_table(unsigned int id, unsigned int pde)
{
    return (unsigned int *)(pdir_pool[id][pde] & PTE_ADDR_MASK);
}

unsigned int get_PTE(unsigned int id, unsigned int pde, unsigned int pte)
{
    if ((pdir_pool[id][pde] & PTE_P) == 0)
        return 0;
    return page_table(id, pde)[pte];
}

void set_PTE(unsigned int id, unsigned int pde, unsigned int pte, unsigned int pa, unsigned int perm)
{
    page_table(id, pde)[pte] = (pa & PTE_ADDR_MASK) | perm;
}

void rmv_PTE(unsigned int id, unsigned int pde, unsigned int pte)
{
    page_table(id, pde)[pte] = 0;
}

void set_IDPTE(unsigned int pde, unsigned int pte, unsigned int perm)
{
    IDPTbl[pde][pte] = (pde << 22) | (pte << PAGE_SHIFT) | perm;
}

unsigned int get_IDPTE(unsigned int pde, unsigned int pte) { return IDPTbl[pde][pte]; }
