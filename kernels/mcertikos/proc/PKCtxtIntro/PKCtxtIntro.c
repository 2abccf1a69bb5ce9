/*
 * PKCtxtIntro: the kernel context of every id (what kctxt_switch saves) and
 * its kernel stack.
 */
#include "kconst.h"
#include "import.h"
#include "export.h"

#define KCTXT_SP 0
#define KCTXT_RA 5

/* Read and written by kctxt_switch.S. */
unsigned int kctxt_pool[NUM_IDS][6];

static unsigned char kstack_pool[NUM_IDS][KSTACK_SIZE] __attribute__((aligned(4096)));

void set_SP(unsigned int id, unsigned int sp) { kctxt_pool[id][KCTXT_SP] = sp; }
void set_RA(unsigned int id, unsigned int ra) { kctxt_pool[id][KCTXT_RA] = ra; }

unsigned int kstack_top(unsigned int id)
{
    return (unsigned int)kstack_pool[id] + KSTACK_SIZE;
}
