/* Alloc: pages from MemInit's allocation table. Page 0 is never free, so 0 can
 * mean "no page". */
#include "export.h"

u32 at_get(u32 page);
void at_set(u32 page, u32 state);
u32 mem_npages(void);

u32 palloc(void)
{
	u32 page;
	u32 n = mem_npages();

	for (page = 1; page < n; page++) {
		if (at_get(page) == 0) {
			at_set(page, 1);
			return page;
		}
	}
	return NO_PAGE;
}

void pfree(u32 page)
{
	if (page != NO_PAGE && page < mem_npages())
		at_set(page, 0);
}
