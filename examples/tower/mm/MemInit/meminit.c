/* MemInit: one state word per physical page, and how many pages there are. */
#include "export.h"

/* Not static: at_get and at_set are inlined into the layer above, and their
   bodies name it there (the linker allows exactly those references). */
u32 allocation_table[MAX_PAGES];
static u32 page_count;

u32 at_get(u32 page)
{
	return allocation_table[page];
}

void at_set(u32 page, u32 state)
{
	allocation_table[page] = state;
}

void mem_init(u32 npages)
{
	u32 page;

	if (npages > MAX_PAGES)
		npages = MAX_PAGES;
	page_count = npages;
	for (page = 0; page < npages; page++)
		at_set(page, PAGE_FREE);
	at_set(0, PAGE_USED);   /* page 0 stays reserved, as on a PC */
}

u32 mem_npages(void)
{
	return page_count;
}
