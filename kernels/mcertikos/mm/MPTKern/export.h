/* MPTKern: insert and remove mappings, allocating page tables on demand. */
#ifndef MCERTIKOS_MPTKERN_EXPORT_H
#define MCERTIKOS_MPTKERN_EXPORT_H

/* fresh */
void pt_init_kern(unsigned int mbi);
int pt_insert(unsigned int id, unsigned int va, unsigned int pa, unsigned int perm);
void pt_rmv(unsigned int id, unsigned int va);
int tests_upto_MPTComm(void);

/* passed through from MBoot */
void machine_exit(int code);
void enable_paging(void);
void trap_return(unsigned int *tf);
void tss_set_esp0(unsigned int esp0);
void idt_set_gate(unsigned int vector, unsigned int handler, unsigned int dpl);
unsigned int get_cr2(void);

/* passed through from MConsole */
void dprintf(const char *fmt, ...);

/* passed through from MIntr */
void intr_eoi(unsigned int irq);

/* passed through from MContainer */
int container_split(unsigned int parent, unsigned int child, unsigned int quota);
unsigned int container_get_usage(unsigned int id);
unsigned int container_can_consume(unsigned int id, unsigned int n);
unsigned int container_alloc(unsigned int id);
void container_free(unsigned int id, unsigned int page);
unsigned int container_get_parent(unsigned int id);
unsigned int container_get_quota(unsigned int id);

/* passed through from MPTIntro */
void set_pdir_base(unsigned int id);

/* passed through from MPTOp */
unsigned int pt_read(unsigned int id, unsigned int va);

#endif
