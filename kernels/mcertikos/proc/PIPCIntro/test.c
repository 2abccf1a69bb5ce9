/* PIPCIntro's self-test: channel fields on id NUM_IDS-10's channel. */
#include "kconst.h"
#include "selftest.h"
#include "export.h"

#define PIPCINTRO_CHECK(c) SELFTEST_CHECK("PIPCIntro", c)

int test_PIPCIntro(void)
{
    unsigned int id = NUM_IDS - 10, i;

    init_sync_chan(id);
    PIPCINTRO_CHECK(get_sync_chan_to(id) == CHAN_NONE && get_sync_chan_count(id) == 0);
    set_sync_chan_to(id, 3);
    set_sync_chan_count(id, IPC_MAX_WORDS);
    for (i = 0; i < IPC_MAX_WORDS; i++)
        set_sync_chan_word(id, i, 100 + i);
    PIPCINTRO_CHECK(get_sync_chan_to(id) == 3 && get_sync_chan_count(id) == IPC_MAX_WORDS);
    for (i = 0; i < IPC_MAX_WORDS; i++)
        PIPCINTRO_CHECK(get_sync_chan_word(id, i) == 100 + i);
    set_sync_chan_word(id, IPC_MAX_WORDS, 7);
    PIPCINTRO_CHECK(get_sync_chan_word(id, IPC_MAX_WORDS) == 0);
    init_sync_chan(id);
    PIPCINTRO_CHECK(get_sync_chan_to(id) == CHAN_NONE && get_sync_chan_word(id, 0) == 0);
    SELFTEST_PASS("PIPCIntro");
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    sched_init(mbi);
    machine_exit(test_PIPCIntro() == 0 ? 0 : 1);
}
#endif
