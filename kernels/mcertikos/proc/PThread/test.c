/* PThread's self-test: yield interleaves, sleep waits for a wake-up, exit
   and kill end threads. */
#include "kconst.h"
#include "selftest.h"
#include "export.h"

#define PTHREAD_CHECK(c) SELFTEST_CHECK("PThread", c)

static volatile unsigned int pthread_count;
static volatile unsigned int pthread_woke;

static void pthread_counter(void)
{
    unsigned int i;

    for (i = 0; i < 3; i++) {
        pthread_count++;
        thread_yield();
    }
    thread_exit();
}

static void pthread_sleeper(void)
{
    thread_sleep(get_curid());
    pthread_woke = 1;
    thread_exit();
}

int test_PThread(void)
{
    unsigned int t, s, k, i;

    pthread_count = 0;
    t = thread_spawn((unsigned int)pthread_counter, 4);
    PTHREAD_CHECK(t != NUM_IDS);
    for (i = 1; i <= 3; i++) {
        thread_yield();
        PTHREAD_CHECK(pthread_count == i);
    }
    PTHREAD_CHECK(tcb_get_state(t) == TSTATE_READY);
    thread_yield();
    PTHREAD_CHECK(tcb_get_state(t) == TSTATE_DEAD && pthread_count == 3);

    pthread_woke = 0;
    s = thread_spawn((unsigned int)pthread_sleeper, 4);
    PTHREAD_CHECK(s != NUM_IDS);
    thread_yield();
    PTHREAD_CHECK(tcb_get_state(s) == TSTATE_SLEEP);
    thread_yield();                         /* nobody woke it: still asleep */
    PTHREAD_CHECK(tcb_get_state(s) == TSTATE_SLEEP && pthread_woke == 0);
    PTHREAD_CHECK(thread_wakeup(s) == s);
    thread_yield();
    PTHREAD_CHECK(pthread_woke == 1 && tcb_get_state(s) == TSTATE_DEAD);

    k = thread_spawn((unsigned int)pthread_counter, 4);
    PTHREAD_CHECK(k != NUM_IDS);
    PTHREAD_CHECK(thread_kill(k) == 0 && tcb_get_state(k) == TSTATE_DEAD);
    PTHREAD_CHECK(thread_kill(k) != 0 && thread_kill(0) != 0 && thread_kill(get_curid()) != 0);
    PTHREAD_CHECK(pthread_count == 3);      /* the killed thread never ran */
    SELFTEST_PASS("PThread");
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    sched_init(mbi);
    machine_exit(test_PThread() == 0 ? 0 : 1);
}
#endif
