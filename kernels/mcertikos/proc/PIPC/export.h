/* PIPC: synchronous send and receive. */
#ifndef MCERTIKOS_PIPC_EXPORT_H
#define MCERTIKOS_PIPC_EXPORT_H

/* fresh */
void ipc_init(unsigned int mbi);
int syncsend(unsigned int to, const unsigned int *msg, unsigned int count);
int syncrecv(unsigned int from, unsigned int *msg, unsigned int max);
void ipc_release(unsigned int id);
int tests_upto_PIPCIntro(void);

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
unsigned int thread_spawn(unsigned int entry, unsigned int quota);

/* passed through from PThread */
void thread_yield(void);
void thread_exit(void);
int thread_kill(unsigned int id);

#endif
