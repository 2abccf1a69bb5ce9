/*
 * PIPC: synchronous message passing. A sender fills its own channel and
 * sleeps (on its own queue) until the receiver has taken the message; a
 * receiver waiting for a sender sleeps on its own queue until woken. Both
 * re-check their condition after every wake-up, so a stray wake-up is harmless,
 * and a thread that ends wakes everyone (ipc_release) rather than track who
 * waits for it.
 */
#include "kconst.h"
#include "import.h"
#include "export.h"

void ipc_init(unsigned int mbi)
{
    unsigned int id;

    sched_init(mbi);
    for (id = 0; id < NUM_IDS; id++)
        init_sync_chan(id);
}

/* Returns the number of words the receiver took, or -1. */
int syncsend(unsigned int to, const unsigned int *msg, unsigned int count)
{
    unsigned int cur = get_curid(), i;

    if (to >= NUM_IDS || to == cur || count > IPC_MAX_WORDS || tcb_get_state(to) == TSTATE_DEAD)
        return -1;
    for (i = 0; i < count; i++)
        set_sync_chan_word(cur, i, msg[i]);
    set_sync_chan_count(cur, count);
    set_sync_chan_to(cur, to);
    thread_wakeup(to);
    while (get_sync_chan_to(cur) == to) {
        if (tcb_get_state(to) == TSTATE_DEAD) {
            set_sync_chan_to(cur, CHAN_NONE);
            return -1;
        }
        thread_sleep(cur);
    }
    return (int)get_sync_chan_count(cur);
}

/* Waits for `from` to send to the current thread; returns the words copied. */
int syncrecv(unsigned int from, unsigned int *msg, unsigned int max)
{
    unsigned int cur = get_curid(), n, i;

    if (from >= NUM_IDS || from == cur)
        return -1;
    for (;;) {
        if (get_sync_chan_to(from) == cur) {
            n = get_sync_chan_count(from);
            if (n > max)
                n = max;
            for (i = 0; i < n; i++)
                msg[i] = get_sync_chan_word(from, i);
            set_sync_chan_count(from, n);
            set_sync_chan_to(from, CHAN_NONE);
            thread_wakeup(from);
            return (int)n;
        }
        if (tcb_get_state(from) == TSTATE_DEAD)
            return -1;
        thread_sleep(cur);
    }
}

/* Thread id is ending: its unserved message is dropped, and every sleeper
   (a sender it has not served, a receiver waiting for its message) wakes up
   to re-check and finds it gone. */
void ipc_release(unsigned int id)
{
    unsigned int q;

    set_sync_chan_to(id, CHAN_NONE);
    for (q = 0; q < NUM_IDS; q++)
        if (q != id)
            while (thread_wakeup(q) != NUM_IDS)
                ;
}
