/* PTQueueInit's self-test: FIFO order, removal from the middle, the ends
   and an empty queue, on queue NUM_IDS-9 with idle ids 40..42. */
#include "kconst.h"
#include "selftest.h"
#include "export.h"

#define PTQUEUEINIT_CHECK(c) SELFTEST_CHECK("PTQueueInit", c)

int test_PTQueueInit(void)
{
    unsigned int q = NUM_IDS - 9;

    PTQUEUEINIT_CHECK(tdq_dequeue(q) == NUM_IDS);
    tdq_enqueue(q, 40);
    tdq_enqueue(q, 41);
    tdq_enqueue(q, 42);
    PTQUEUEINIT_CHECK(tdq_get_head(q) == 40 && tdq_get_tail(q) == 42);
    PTQUEUEINIT_CHECK(tcb_get_next(40) == 41 && tcb_get_prev(42) == 41);
    tdq_remove(q, 41);
    PTQUEUEINIT_CHECK(tcb_get_next(40) == 42 && tcb_get_prev(42) == 40);
    PTQUEUEINIT_CHECK(tcb_get_next(41) == NUM_IDS && tcb_get_prev(41) == NUM_IDS);
    tdq_remove(q, 41);                      /* not queued: nothing happens */
    PTQUEUEINIT_CHECK(tdq_get_head(q) == 40 && tdq_get_tail(q) == 42);
    PTQUEUEINIT_CHECK(tdq_dequeue(q) == 40);
    tdq_enqueue(q, 41);
    PTQUEUEINIT_CHECK(tdq_dequeue(q) == 42 && tdq_dequeue(q) == 41);
    PTQUEUEINIT_CHECK(tdq_dequeue(q) == NUM_IDS && tdq_get_tail(q) == NUM_IDS);
    SELFTEST_PASS("PTQueueInit");
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    tdqueue_init(mbi);
    machine_exit(test_PTQueueInit() == 0 ? 0 : 1);
}
#endif
