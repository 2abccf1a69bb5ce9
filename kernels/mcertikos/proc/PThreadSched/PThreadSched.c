/*
 * PThreadSched: the scheduler's mechanism. thread_sched switches to the head
 * of the ready queue; its caller has already put the current thread where it
 * belongs (back on the ready queue, on a sleep queue, or nowhere).
 */
#include "kconst.h"
#include "import.h"
#include "export.h"

void sched_init(unsigned int mbi)
{
    tdqueue_init(mbi);
    set_curid(0);
    tcb_set_state(0, TSTATE_RUN);
}

/* A new ready thread, child of the current one, that will start at entry. */
unsigned int thread_spawn(unsigned int entry, unsigned int quota)
{
    unsigned int id = kctxt_new(entry, get_curid(), quota);

    if (id == NUM_IDS)
        return NUM_IDS;
    tcb_set_state(id, TSTATE_READY);
    tdq_enqueue(READY_QUEUE, id);
    return id;
}

/* Moves the head of queue q to the ready queue; returns it (NUM_IDS if none). */
unsigned int thread_wakeup(unsigned int q)
{
    unsigned int id = tdq_dequeue(q);

    if (id != NUM_IDS) {
        tcb_set_state(id, TSTATE_READY);
        tdq_enqueue(READY_QUEUE, id);
    }
    return id;
}

void thread_sched(void)
{
    unsigned int cur = get_curid();
    unsigned int next = tdq_dequeue(READY_QUEUE);

    if (next == NUM_IDS) {
        dprintf("kernel panic: no thread is ready to run\n");
        machine_exit(1);
    }
    tcb_set_state(next, TSTATE_RUN);
    set_curid(next);
    if (next != cur)
        kctxt_switch(cur, next);
}
