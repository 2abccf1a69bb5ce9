/*
 * PKCtxtNew: a new thread's kernel context: a fresh id with its own address
 * space and quota, whose first switch-to starts `entry` on an empty stack.
 */
#include "kconst.h"
#include "import.h"
#include "export.h"

unsigned int kctxt_new(unsigned int entry, unsigned int parent, unsigned int quota)
{
    unsigned int id = pt_new(parent, quota);

    if (id == NUM_IDS)
        return NUM_IDS;
    /* A little headroom: entry functions never return, but may look at their frame. */
    set_SP(id, kstack_top(id) - 16);
    set_RA(id, entry);
    return id;
}
