/*
 * MALInit: the allocation table. For every physical page below VM_USERLO (the
 * memory the kernel reaches through its identity map): whether it is normal
 * memory the allocator may hand out, and whether it is allocated.
 */
#include "kconst.h"
#include "import.h"
#include "export.h"

#define MAX_PHYS_PAGES (VM_USERLO / PAGESIZE)

static unsigned char at_norm[MAX_PHYS_PAGES];
static unsigned char at_allocated[MAX_PHYS_PAGES];
static unsigned int nps;

unsigned int get_nps(void) { return nps; }

void set_nps(unsigned int n) { nps = n <= MAX_PHYS_PAGES ? n : MAX_PHYS_PAGES; }

unsigned int is_norm(unsigned int page) { return page < MAX_PHYS_PAGES ? at_norm[page] : 0; }

void set_norm(unsigned int page, unsigned int norm)
{
    if (page < MAX_PHYS_PAGES)
        at_norm[page] = norm != 0;
}

unsigned int at_get(unsigned int page) { return page < MAX_PHYS_PAGES ? at_allocated[page] : 0; }

void at_set(unsigned int page, unsigned int allocated)
{
    if (page < MAX_PHYS_PAGES)
        at_allocated[page] = allocated != 0;
}
