/*
 * MContainer: every id is a container with a page quota carved out of its
 * parent's. The root, id 0, owns every free page at boot. A container may
 * allocate pages only within its quota; splitting moves quota to a child.
 */
#include "kconst.h"
#include "import.h"
#include "export.h"

struct container {
    unsigned int used;
    unsigned int quota;
    unsigned int usage;
    unsigned int parent;
    unsigned int nchildren;
};

static struct container cont[NUM_IDS];

void container_init(unsigned int mbi)
{
    unsigned int page, nfree = 0, id;

    mem_init(mbi);
    for (page = 0; page < get_nps(); page++)
        if (is_norm(page) && !at_get(page))
            nfree++;
    for (id = 0; id < NUM_IDS; id++) {
        cont[id].used = 0;
        cont[id].quota = 0;
        cont[id].usage = 0;
        cont[id].parent = 0;
        cont[id].nchildren = 0;
    }
    cont[0].used = 1;
    cont[0].quota = nfree;
}

unsigned int container_get_parent(unsigned int id) { return id < NUM_IDS ? cont[id].parent : 0; }
unsigned int container_get_nchildren(unsigned int id) { return id < NUM_IDS ? cont[id].nchildren : 0; }
unsigned int container_get_quota(unsigned int id) { return id < NUM_IDS ? cont[id].quota : 0; }
unsigned int container_get_usage(unsigned int id) { return id < NUM_IDS ? cont[id].usage : 0; }

unsigned int container_can_consume(unsigned int id, unsigned int n)
{
    return id < NUM_IDS && cont[id].used && n <= cont[id].quota - cont[id].usage;
}

int container_split(unsigned int parent, unsigned int child, unsigned int quota)
{
    if (child >= NUM_IDS || cont[child].used || !container_can_consume(parent, quota))
        return -1;
    cont[parent].usage += quota;
    cont[parent].nchildren++;
    cont[child].used = 1;
    cont[child].quota = quota;
    cont[child].usage = 0;
    cont[child].parent = parent;
    cont[child].nchildren = 0;
    return 0;
}

unsigned int container_alloc(unsigned int id)
{
    unsigned int page;

    if (!container_can_consume(id, 1))
        return 0;
    page = palloc();
    if (page != 0)
        cont[id].usage++;
    return page;
}

void container_free(unsigned int id, unsigned int page)
{
    if (id >= NUM_IDS || page == 0)
        return;
    pfree(page);
    if (cont[id].usage > 0)
        cont[id].usage--;
}
