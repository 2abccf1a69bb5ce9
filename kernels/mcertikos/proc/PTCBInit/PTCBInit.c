/* PTCBInit: address spaces up, every TCB reset. */
#include "kconst.h"
#include "import.h"
#include "export.h"

void thread_init(unsigned int mbi)
{
    unsigned int id;

    pmap_init(mbi);
    for (id = 0; id < NUM_IDS; id++)
        tcb_init(id);
}
