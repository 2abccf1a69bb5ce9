/*
 * PIPCIntro: the synchronous channels. Channel `id` is the outgoing slot of
 * sender id: the receiver it is addressed to (CHAN_NONE when empty), a word
 * count and the words.
 */
#include "kconst.h"
#include "import.h"
#include "export.h"

struct sync_chan {
    unsigned int to;
    unsigned int count;
    unsigned int words[IPC_MAX_WORDS];
};

static struct sync_chan chans[NUM_IDS];

unsigned int get_sync_chan_to(unsigned int id) { return id < NUM_IDS ? chans[id].to : CHAN_NONE; }
void set_sync_chan_to(unsigned int id, unsigned int to) { if (id < NUM_IDS) chans[id].to = to; }
unsigned int get_sync_chan_count(unsigned int id) { return id < NUM_IDS ? chans[id].count : 0; }
void set_sync_chan_count(unsigned int id, unsigned int count) { if (id < NUM_IDS) chans[id].count = count; }

unsigned int get_sync_chan_word(unsigned int id, unsigned int i)
{
    return id < NUM_IDS && i < IPC_MAX_WORDS ? chans[id].words[i] : 0;
}

void set_sync_chan_word(unsigned int id, unsigned int i, unsigned int word)
{
    if (id < NUM_IDS && i < IPC_MAX_WORDS)
        chans[id].words[i] = word;
}

void init_sync_chan(unsigned int id)
{
    unsigned int i;

    set_sync_chan_to(id, CHAN_NONE);
    set_sync_chan_count(id, 0);
    for (i = 0; i < IPC_MAX_WORDS; i++)
        set_sync_chan_word(id, i, 0);
}
