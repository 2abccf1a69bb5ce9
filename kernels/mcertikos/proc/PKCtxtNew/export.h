/* PKCtxtNew: a new kernel context in a new address space. */
#ifndef MCERTIKOS_PKCTXTNEW_EXPORT_H
#define MCERTIKOS_PKCTXTNEW_EXPORT_H

/* fresh */
unsigned int kctxt_new(unsigned int entry, unsigned int parent, unsigned int quota);
int tests_upto_PKCtxtIntro(void);

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
void pmap_init(unsigned int mbi);
int pt_resv(unsigned int id, unsigned int va, unsigned int perm);

/* passed through from PKCtxtIntro */
void kctxt_switch(unsigned int from, unsigned int to);
unsigned int kstack_top(unsigned int id);

#endif
