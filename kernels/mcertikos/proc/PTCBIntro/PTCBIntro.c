/* PTCBIntro: thread control blocks: a state and the links of the one queue
   a thread may be on. NUM_IDS stands for "none". */
#include "kconst.h"
#include "import.h"
#include "export.h"

struct tcb {
    unsigned int state;
    unsigned int prev;
    unsigned int next;
};

static struct tcb tcb_pool[NUM_IDS];

unsigned int tcb_get_state(unsigned int id) { return id < NUM_IDS ? tcb_pool[id].state : TSTATE_DEAD; }
void tcb_set_state(unsigned int id, unsigned int state) { if (id < NUM_IDS) tcb_pool[id].state = state; }
unsigned int tcb_get_prev(unsigned int id) { return id < NUM_IDS ? tcb_pool[id].prev : NUM_IDS; }
void tcb_set_prev(unsigned int id, unsigned int prev) { if (id < NUM_IDS) tcb_pool[id].prev = prev; }
unsigned int tcb_get_next(unsigned int id) { return id < NUM_IDS ? tcb_pool[id].next : NUM_IDS; }
void tcb_set_next(unsigned int id, unsigned int next) { if (id < NUM_IDS) tcb_pool[id].next = next; }

void tcb_init(unsigned int id)
{
    tcb_set_state(id, TSTATE_DEAD);
    tcb_set_prev(id, NUM_IDS);
    tcb_set_next(id, NUM_IDS);
}
