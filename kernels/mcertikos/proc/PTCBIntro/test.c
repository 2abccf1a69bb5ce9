/* PTCBIntro's self-test: TCB fields on id NUM_IDS-7. */
#include "kconst.h"
#include "selftest.h"
#include "export.h"

#define PTCBINTRO_CHECK(c) SELFTEST_CHECK("PTCBIntro", c)

int test_PTCBIntro(void)
{
    unsigned int id = NUM_IDS - 7;

    tcb_init(id);
    PTCBINTRO_CHECK(tcb_get_state(id) == TSTATE_DEAD);
    PTCBINTRO_CHECK(tcb_get_prev(id) == NUM_IDS && tcb_get_next(id) == NUM_IDS);
    tcb_set_state(id, TSTATE_SLEEP);
    tcb_set_prev(id, 3);
    tcb_set_next(id, 4);
    PTCBINTRO_CHECK(tcb_get_state(id) == TSTATE_SLEEP && tcb_get_prev(id) == 3 && tcb_get_next(id) == 4);
    tcb_init(id);
    PTCBINTRO_CHECK(tcb_get_state(id) == TSTATE_DEAD && tcb_get_next(id) == NUM_IDS);
    tcb_set_state(NUM_IDS, TSTATE_RUN);
    PTCBINTRO_CHECK(tcb_get_state(NUM_IDS) == TSTATE_DEAD && tcb_get_next(NUM_IDS) == NUM_IDS);
    SELFTEST_PASS("PTCBIntro");
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    pmap_init(mbi);
    machine_exit(test_PTCBIntro() == 0 ? 0 : 1);
}
#endif
