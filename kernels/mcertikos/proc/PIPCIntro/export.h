/* PIPCIntro: the synchronous channels, one per sender id. */
#ifndef MCERTIKOS_PIPCINTRO_EXPORT_H
#define MCERTIKOS_PIPCINTRO_EXPORT_H

/* fresh */
unsigned int get_sync_chan_to(unsigned int id);
void set_sync_chan_to(unsigned int id, unsigned int to);
unsigned int get_sync_chan_count(unsigned int id);
void set_sync_chan_count(unsigned int id, unsigned int count);
unsigned int get_sync_chan_word(unsigned int id, unsigned int i);
void set_sync_chan_word(unsigned int id, unsigned int i, unsigned int word);
void init_sync_chan(unsigned int id);
int tests_upto_PThread(void);

/* passed through from MBoot */
void machine_exit(int code);
void trap_return(unsigned int *tf);
void tss_set_esp0(unsigned int esp0);
void idt_set_gate(unsigned int vector, unsigned int handler, unsigned int dpl);
unsigned int get_cr2(void);

/* passed through from MConsole */
void dprintf(const char *fmt, ...);

/* passed through from MIntr */
void intr_eoi(unsigned int irq);

/* passed through from MContainer */
unsigned int container_get_parent(unsigned int id);

/* passed through from MPTIntro */
void set_pdir_base(unsigned int id);

/* passed through from MPTOp */
unsigned int pt_read(unsigned int id, unsigned int va);

/* passed through from MPTNew */
int pt_resv(unsigned int id, unsigned int va, unsigned int perm);

/* passed through from PKCtxtIntro */
unsigned int kstack_top(unsigned int id);

/* passed through from PTCBIntro */
unsigned int tcb_get_state(unsigned int id);

/* passed through from PCurID */
unsigned int get_curid(void);

/* passed through from PThreadSched */
void sched_init(unsigned int mbi);
unsigned int thread_wakeup(unsigned int q);
unsigned int thread_spawn(unsigned int entry, unsigned int quota);

/* passed through from PThread */
void thread_sleep(unsigned int q);
void thread_yield(void);
void thread_exit(void);
int thread_kill(unsigned int id);

#endif
