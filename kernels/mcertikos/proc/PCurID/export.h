/* PCurID: the id of the running thread. */
#ifndef MCERTIKOS_PCURID_EXPORT_H
#define MCERTIKOS_PCURID_EXPORT_H

/* fresh */
unsigned int get_curid(void);
void set_curid(unsigned int id);
int tests_upto_PTQueueInit(void);

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
void tcb_set_state(unsigned int id, unsigned int state);
unsigned int tcb_get_state(unsigned int id);

/* passed through from PTQueueInit */
void tdqueue_init(unsigned int mbi);
void tdq_enqueue(unsigned int q, unsigned int id);
unsigned int tdq_dequeue(unsigned int q);
void tdq_remove(unsigned int q, unsigned int id);

#endif
