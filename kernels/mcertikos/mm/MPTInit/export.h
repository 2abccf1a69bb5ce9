/* MPTInit: turns paging on over the kernel's address space. */
#ifndef MCERTIKOS_MPTINIT_EXPORT_H
#define MCERTIKOS_MPTINIT_EXPORT_H

/* fresh */
void pt_init(unsigned int mbi);
int tests_upto_MPTKern(void);

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
unsigned int container_can_consume(unsigned int id, unsigned int n);
int container_split(unsigned int parent, unsigned int child, unsigned int quota);
unsigned int container_alloc(unsigned int id);
void container_free(unsigned int id, unsigned int page);
unsigned int container_get_parent(unsigned int id);
unsigned int container_get_quota(unsigned int id);
unsigned int container_get_usage(unsigned int id);

/* passed through from MPTIntro */
void set_pdir_base(unsigned int id);

/* passed through from MPTOp */
unsigned int pt_read(unsigned int id, unsigned int va);

/* passed through from MPTKern */
int pt_insert(unsigned int id, unsigned int va, unsigned int pa, unsigned int perm);

#endif
