/* PThreadSched's self-test: spawned threads run when scheduled, a woken
   sleeper becomes ready, and a thread that leaves no queue is not resumed. */
#include "kconst.h"
#include "selftest.h"
#include "export.h"

#define PTHREADSCHED_CHECK(c) SELFTEST_CHECK("PThreadSched", c)

static volatile unsigned int pthreadsched_seen;

/* Records who ran, then ends: state DEAD, on no queue, never resumed. */
static void pthreadsched_entry(void)
{
    pthreadsched_seen = get_curid();
    tcb_set_state(get_curid(), TSTATE_DEAD);
    thread_sched();
}

/* The current thread goes to the back of the ready queue and the next runs. */
static void pthreadsched_yield(void)
{
    tcb_set_state(get_curid(), TSTATE_READY);
    tdq_enqueue(READY_QUEUE, get_curid());
    thread_sched();
}

int test_PThreadSched(void)
{
    unsigned int me = get_curid(), t, u;

    PTHREADSCHED_CHECK(tcb_get_state(me) == TSTATE_RUN);
    t = thread_spawn((unsigned int)pthreadsched_entry, 4);
    PTHREADSCHED_CHECK(t != NUM_IDS && tcb_get_state(t) == TSTATE_READY);
    pthreadsched_seen = NUM_IDS;
    pthreadsched_yield();
    PTHREADSCHED_CHECK(pthreadsched_seen == t && get_curid() == me);
    PTHREADSCHED_CHECK(tcb_get_state(t) == TSTATE_DEAD && tcb_get_state(me) == TSTATE_RUN);

    /* Put a second thread to sleep on its own queue by hand, then wake it. */
    u = thread_spawn((unsigned int)pthreadsched_entry, 4);
    PTHREADSCHED_CHECK(u != NUM_IDS);
    tdq_remove(READY_QUEUE, u);
    tcb_set_state(u, TSTATE_SLEEP);
    tdq_enqueue(u, u);
    PTHREADSCHED_CHECK(thread_wakeup(u) == u && tcb_get_state(u) == TSTATE_READY);
    PTHREADSCHED_CHECK(thread_wakeup(u) == NUM_IDS);
    pthreadsched_yield();
    PTHREADSCHED_CHECK(pthreadsched_seen == u && tcb_get_state(u) == TSTATE_DEAD);
    SELFTEST_PASS("PThreadSched");
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    sched_init(mbi);
    machine_exit(test_PThreadSched() == 0 ? 0 : 1);
}
#endif
