/* PTCBInit: initialises every TCB. */
#ifndef MCERTIKOS_PTCBINIT_EXPORT_H
#define MCERTIKOS_PTCBINIT_EXPORT_H

/* fresh */
void thread_init(unsigned int mbi);
int tests_upto_PTCBIntro(void);

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
void kctxt_switch(unsigned int from, unsigned int to);
unsigned int kstack_top(unsigned int id);

/* passed through from PKCtxtNew */
unsigned int kctxt_new(unsigned int entry, unsigned int parent, unsigned int quota);

/* passed through from PTCBIntro */
unsigned int tcb_get_prev(unsigned int id);
unsigned int tcb_get_next(unsigned int id);
unsigned int tcb_get_state(unsigned int id);
void tcb_set_prev(unsigned int id, unsigned int prev);
void tcb_set_next(unsigned int id, unsigned int next);
void tcb_set_state(unsigned int id, unsigned int state);

#endif
