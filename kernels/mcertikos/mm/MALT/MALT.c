/*
 * MALT: the physical page allocator, next-fit over the allocation table.
 * A page is named by its number (physical address / PAGESIZE); 0 is never
 * normal memory, so it means "no page".
 */
#include "kconst.h"
#include "import.h"
#include "export.h"

static unsigned int next_hint;

unsigned int palloc(void)
{
    unsigned int nps = get_nps(), i;

    for (i = 0; i < nps; i++) {
        unsigned int page = (next_hint + i) % nps;
        if (is_norm(page) && !at_get(page)) {
            at_set(page, 1);
            next_hint = page + 1;
            return page;
        }
    }
    return 0;
}

void pfree(unsigned int page)
{
    if (page < get_nps() && is_norm(page))
        at_set(page, 0);
}
