/*
 * MPTNew: new address spaces. An id is taken from the bitmap and becomes a
 * child container of its parent with the given quota; pages reserved in it
 * are charged to that quota and zeroed.
 */
#include "kconst.h"
#include "import.h"
#include "export.h"

void pmap_init(unsigned int mbi)
{
    pt_init(mbi);
    ptbit_set(0, 1);
}

/* The new id, or NUM_IDS when none is free or the parent lacks the quota. */
unsigned int pt_new(unsigned int parent, unsigned int quota)
{
    unsigned int id;

    for (id = 1; id < NUM_IDS; id++)
        if (!ptbit_get(id)) {
            if (container_split(parent, id, quota) != 0)
                return NUM_IDS;
            ptbit_set(id, 1);
            return id;
        }
    return NUM_IDS;
}

int pt_resv(unsigned int id, unsigned int va, unsigned int perm)
{
    unsigned int page = container_alloc(id), i;
    unsigned int *mem;

    if (page == 0)
        return -1;
    /* The page is reached through the kernel's identity map. */
    mem = (unsigned int *)(page << PAGE_SHIFT);
    for (i = 0; i < PAGESIZE / 4; i++)
        mem[i] = 0;
    if (pt_insert(id, va & PTE_ADDR_MASK, page << PAGE_SHIFT, perm) != 0) {
        container_free(id, page);
        return -1;
    }
    return 0;
}
