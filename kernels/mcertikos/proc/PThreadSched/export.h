/* PThreadSched: spawning threads, waking them, switching to the next ready one. */
#ifndef MCERTIKOS_PTHREADSCHED_EXPORT_H
#define MCERTIKOS_PTHREADSCHED_EXPORT_H

/* fresh */
void sched_init(unsigned int mbi);
unsigned int thread_spawn(unsigned int entry, unsigned int quota);
unsigned int thread_wakeup(unsigned int q);
void thread_sched(void);
int tests_upto_PCurID(void);

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
void tcb_set_state(unsigned int id, unsigned int state);

/* passed through from PTQueueInit */
void tdq_enqueue(unsigned int q, unsigned int id);
void tdq_remove(unsigned int q, unsigned int id);

/* passed through from PCurID */
unsigned int get_curid(void);

#endif
