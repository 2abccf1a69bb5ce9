/*
 * MALOp: brings the machine up and fills the allocation table from its
 * memory map. Pages below KERN_RESERVED hold the kernel image and its static
 * pools and are never normal; the table ends with the last usable page.
 */
#include "kconst.h"
#include "import.h"
#include "export.h"

#define PAGE_LIMIT (VM_USERLO / PAGESIZE)

void mem_init(unsigned int mbi)
{
    unsigned int i, page, nps = 0;

    machine_init(mbi);
    intr_init();
    for (i = 0; i < get_size(); i++) {
        unsigned int start = get_mms(i), len = get_mml(i);
        unsigned int first = (start + PAGESIZE - 1) / PAGESIZE;
        unsigned int last = (start + len) / PAGESIZE;   /* exclusive */

        if (start > 0xFFFFFFFF - (PAGESIZE - 1))
            continue;
        if (last > PAGE_LIMIT)
            last = PAGE_LIMIT;
        if (!is_usable(i))
            continue;
        if (last > nps)
            nps = last;
        for (page = first; page < last; page++) {
            if (page >= KERN_RESERVED / PAGESIZE)
                set_norm(page, 1);
            at_set(page, 0);
        }
    }
    set_nps(nps);
}
