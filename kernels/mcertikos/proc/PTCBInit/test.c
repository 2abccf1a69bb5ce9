/* PTCBInit's self-test: after thread_init no thread but the boot thread
   lives, and no TCB is linked into a queue. */
#include "kconst.h"
#include "selftest.h"
#include "export.h"

#define PTCBINIT_CHECK(c) SELFTEST_CHECK("PTCBInit", c)

int test_PTCBInit(void)
{
    unsigned int id;

    for (id = 0; id < NUM_IDS; id++) {
        PTCBINIT_CHECK(tcb_get_prev(id) == NUM_IDS && tcb_get_next(id) == NUM_IDS);
        if (id != 0)
            PTCBINIT_CHECK(tcb_get_state(id) == TSTATE_DEAD);
    }
    SELFTEST_PASS("PTCBInit");
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    thread_init(mbi);
    machine_exit(test_PTCBInit() == 0 ? 0 : 1);
}
#endif
