/* MPTBit: one bit per id, set while the id's address space is in use. */
#include "kconst.h"
#include "import.h"
#include "export.h"

static unsigned int ptbits[NUM_IDS / 32];

unsigned int ptbit_get(unsigned int id)
{
    if (id >= NUM_IDS)
        return 1;
    return (ptbits[id / 32] >> (id % 32)) & 1;
}

void ptbit_set(unsigned int id, unsigned int used)
{
    unsigned int mask;

    if (id >= NUM_IDS)
        return;
    mask = 1u << (id % 32);
    if (used)
        ptbits[id / 32] |= mask;
    else
        ptbits[id / 32] &= ~mask;
}
