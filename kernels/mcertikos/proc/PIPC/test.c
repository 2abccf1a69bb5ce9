/* PIPC's self-test: a message and its reply between the boot thread and a
   kernel thread, each side blocking until the other is there; a receiver
   released when its sender ends; and the errors (self, no such id, too
   long, a dead peer). */
#include "kconst.h"
#include "selftest.h"
#include "export.h"

#define PIPC_CHECK(c) SELFTEST_CHECK("PIPC", c)

static volatile unsigned int pipc_main;
static volatile int pipc_got;
static unsigned int pipc_buf[IPC_MAX_WORDS];

static void pipc_echo(void)
{
    unsigned int reply[1];

    pipc_got = syncrecv(pipc_main, pipc_buf, IPC_MAX_WORDS);
    reply[0] = pipc_buf[0] + pipc_buf[1] + pipc_buf[2];
    syncsend(pipc_main, reply, 1);
    thread_exit();
}

static void pipc_quitter(void)
{
    ipc_release(get_curid());
    thread_exit();
}

int test_PIPC(void)
{
    unsigned int msg[3], reply[4], r, q, dead = NUM_IDS - 11;

    pipc_main = get_curid();
    pipc_got = -2;
    r = thread_spawn((unsigned int)pipc_echo, 4);
    PIPC_CHECK(r != NUM_IDS);
    msg[0] = 1;
    msg[1] = 20;
    msg[2] = 300;
    PIPC_CHECK(syncsend(r, msg, 3) == 3);
    PIPC_CHECK(pipc_got == 3 && pipc_buf[2] == 300);
    PIPC_CHECK(syncrecv(r, reply, 4) == 1 && reply[0] == 321);
    thread_yield();                         /* let the echo thread finish */
    PIPC_CHECK(tcb_get_state(r) == TSTATE_DEAD);

    q = thread_spawn((unsigned int)pipc_quitter, 4);
    PIPC_CHECK(q != NUM_IDS);
    PIPC_CHECK(syncrecv(q, reply, 4) == -1);            /* it ended without sending */
    PIPC_CHECK(tcb_get_state(q) == TSTATE_DEAD);

    PIPC_CHECK(syncsend(pipc_main, msg, 1) == -1);
    PIPC_CHECK(syncsend(NUM_IDS, msg, 1) == -1);
    PIPC_CHECK(syncsend(r, msg, 1) == -1);              /* dead receiver */
    PIPC_CHECK(syncsend(r, msg, IPC_MAX_WORDS + 1) == -1);
    PIPC_CHECK(syncrecv(dead, reply, 4) == -1);
    PIPC_CHECK(syncrecv(pipc_main, reply, 4) == -1);
    SELFTEST_PASS("PIPC");
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    ipc_init(mbi);
    machine_exit(test_PIPC() == 0 ? 0 : 1);
}
#endif
