/*
 * PTQueueInit: doubly linked thread queues threaded through the TCBs'
 * prev/next links (a thread is on at most one queue).
 */
#include "kconst.h"
#include "import.h"
#include "export.h"

void tdqueue_init(unsigned int mbi)
{
    unsigned int q;

    thread_init(mbi);
    for (q = 0; q < NUM_QUEUES; q++)
        tdq_init(q);
}

void tdq_enqueue(unsigned int q, unsigned int id)
{
    unsigned int tail = tdq_get_tail(q);

    tcb_set_next(id, NUM_IDS);
    tcb_set_prev(id, tail);
    if (tail == NUM_IDS)
        tdq_set_head(q, id);
    else
        tcb_set_next(tail, id);
    tdq_set_tail(q, id);
}

/* The head of q, unlinked; NUM_IDS if q is empty. */
unsigned int tdq_dequeue(unsigned int q)
{
    unsigned int head = tdq_get_head(q);

    if (head != NUM_IDS)
        tdq_remove(q, head);
    return head;
}

void tdq_remove(unsigned int q, unsigned int id)
{
    unsigned int prev = tcb_get_prev(id), next = tcb_get_next(id);

    if (prev == NUM_IDS) {
        if (tdq_get_head(q) != id)
            return;     /* not on this queue */
        tdq_set_head(q, next);
    } else {
        tcb_set_next(prev, next);
    }
    if (next == NUM_IDS)
        tdq_set_tail(q, prev);
    else
        tcb_set_prev(next, prev);
    tcb_set_prev(id, NUM_IDS);
    tcb_set_next(id, NUM_IDS);
}
