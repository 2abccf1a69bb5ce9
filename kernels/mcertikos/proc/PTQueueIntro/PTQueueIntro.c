/* PTQueueIntro: the heads and tails of the thread queues: one sleep queue per
   id, then the ready queue. NUM_IDS stands for "empty". */
#include "kconst.h"
#include "import.h"
#include "export.h"

static unsigned int tdq_head[NUM_QUEUES];
static unsigned int tdq_tail[NUM_QUEUES];

unsigned int tdq_get_head(unsigned int q) { return q < NUM_QUEUES ? tdq_head[q] : NUM_IDS; }
void tdq_set_head(unsigned int q, unsigned int id) { if (q < NUM_QUEUES) tdq_head[q] = id; }
unsigned int tdq_get_tail(unsigned int q) { return q < NUM_QUEUES ? tdq_tail[q] : NUM_IDS; }
void tdq_set_tail(unsigned int q, unsigned int id) { if (q < NUM_QUEUES) tdq_tail[q] = id; }

void tdq_init(unsigned int q)
{
    tdq_set_head(q, NUM_IDS);
    tdq_set_tail(q, NUM_IDS);
}
