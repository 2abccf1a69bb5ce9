/* What PThread uses from its underlay, PThreadSched: nothing more. */
#ifndef MCERTIKOS_PTHREAD_IMPORT_H
#define MCERTIKOS_PTHREAD_IMPORT_H

void thread_sched(void);
void tdq_enqueue(unsigned int q, unsigned int id);
void tdq_remove(unsigned int q, unsigned int id);
unsigned int tcb_get_state(unsigned int id);
void tcb_set_state(unsigned int id, unsigned int state);
unsigned int get_curid(void);
int tests_upto_PCurID(void);

#endif
