/* What PTQueueInit uses from its underlay, PTQueueIntro: nothing more. */
#ifndef MCERTIKOS_PTQUEUEINIT_IMPORT_H
#define MCERTIKOS_PTQUEUEINIT_IMPORT_H

void thread_init(unsigned int mbi);
unsigned int tdq_get_head(unsigned int q);
void tdq_set_head(unsigned int q, unsigned int id);
unsigned int tdq_get_tail(unsigned int q);
void tdq_set_tail(unsigned int q, unsigned int id);
void tdq_init(unsigned int q);
unsigned int tcb_get_prev(unsigned int id);
void tcb_set_prev(unsigned int id, unsigned int prev);
unsigned int tcb_get_next(unsigned int id);
void tcb_set_next(unsigned int id, unsigned int next);
int tests_upto_PTCBInit(void);

#endif
