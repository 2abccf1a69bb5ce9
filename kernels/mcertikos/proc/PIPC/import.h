/* What PIPC uses from its underlay, PIPCIntro: nothing more. */
#ifndef MCERTIKOS_PIPC_IMPORT_H
#define MCERTIKOS_PIPC_IMPORT_H

void sched_init(unsigned int mbi);
void init_sync_chan(unsigned int id);
unsigned int get_sync_chan_to(unsigned int id);
void set_sync_chan_to(unsigned int id, unsigned int to);
unsigned int get_sync_chan_count(unsigned int id);
void set_sync_chan_count(unsigned int id, unsigned int count);
unsigned int get_sync_chan_word(unsigned int id, unsigned int i);
void set_sync_chan_word(unsigned int id, unsigned int i, unsigned int word);
void thread_sleep(unsigned int q);
unsigned int thread_wakeup(unsigned int q);
unsigned int get_curid(void);
unsigned int tcb_get_state(unsigned int id);
int tests_upto_PThread(void);

#endif
