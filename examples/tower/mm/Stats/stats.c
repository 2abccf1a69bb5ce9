/* Stats: counts free pages; knows nothing of Alloc (they sit side by side). */
#include "export.h"

u32 at_get(u32 page);
u32 mem_npages(void);

u32 mem_free_count(void)
{
	u32 page;
	u32 free_pages = 0;

	for (page = 0; page < mem_npages(); page++)
		if (at_get(page) == 0)
			free_pages++;
	return free_pages;
}
