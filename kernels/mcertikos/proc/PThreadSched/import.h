/* What PThreadSched uses from its underlay, PCurID: nothing more. */
#ifndef MCERTIKOS_PTHREADSCHED_IMPORT_H
#define MCERTIKOS_PTHREADSCHED_IMPORT_H

void tdqueue_init(unsigned int mbi);
void tdq_enqueue(unsigned int q, unsigned int id);
unsigned int tdq_dequeue(unsigned int q);
void tcb_set_state(unsigned int id, unsigned int state);
unsigned int tcb_get_state(unsigned int id);
unsigned int get_curid(void);
void set_curid(unsigned int id);
unsigned int kctxt_new(unsigned int entry, unsigned int parent, unsigned int quota);
void kctxt_switch(unsigned int from, unsigned int to);
void dprintf(const char *fmt, ...);
void machine_exit(int code);
int tests_upto_PTQueueInit(void);

#endif
