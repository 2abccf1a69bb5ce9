/* PThread: the thread operations built on thread_sched. */
#include "kconst.h"
#include "import.h"
#include "export.h"

void thread_yield(void)
{
    unsigned int cur = get_curid();

    tcb_set_state(cur, TSTATE_READY);
    tdq_enqueue(READY_QUEUE, cur);
    thread_sched();
}

/* Sleeps on queue q until thread_wakeup(q) picks this thread. */
void thread_sleep(unsigned int q)
{
    unsigned int cur = get_curid();

    tcb_set_state(cur, TSTATE_SLEEP);
    tdq_enqueue(q, cur);
    thread_sched();
}

/* The current thread ends: it is on no queue, so it is never resumed. */
void thread_exit(void)
{
    tcb_set_state(get_curid(), TSTATE_DEAD);
    thread_sched();
}

/* Ends another thread that is ready to run. Sleeping threads and the boot
   thread cannot be killed (a sleeper's queue is its waker's business). */
int thread_kill(unsigned int id)
{
    if (id == 0 || id >= NUM_IDS || id == get_curid() || tcb_get_state(id) != TSTATE_READY)
        return -1;
    tdq_remove(READY_QUEUE, id);
    tcb_set_state(id, TSTATE_DEAD);
    return 0;
}
