/* PTQueueIntro's self-test: queue heads and tails (queue NUM_IDS-8). */
#include "kconst.h"
#include "selftest.h"
#include "export.h"

#define PTQUEUEINTRO_CHECK(c) SELFTEST_CHECK("PTQueueIntro", c)

int test_PTQueueIntro(void)
{
    unsigned int q = NUM_IDS - 8;

    tdq_init(q);
    PTQUEUEINTRO_CHECK(tdq_get_head(q) == NUM_IDS && tdq_get_tail(q) == NUM_IDS);
    tdq_set_head(q, 1);
    tdq_set_tail(q, 2);
    PTQUEUEINTRO_CHECK(tdq_get_head(q) == 1 && tdq_get_tail(q) == 2);
    tdq_init(q);
    PTQUEUEINTRO_CHECK(tdq_get_head(q) == NUM_IDS && tdq_get_tail(q) == NUM_IDS);
    tdq_set_tail(NUM_QUEUES, 1);                                 /* out of range: ignored */
    PTQUEUEINTRO_CHECK(tdq_get_head(NUM_QUEUES) == NUM_IDS);
    SELFTEST_PASS("PTQueueIntro");
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    thread_init(mbi);
    machine_exit(test_PTQueueIntro() == 0 ? 0 : 1);
}
#endif
