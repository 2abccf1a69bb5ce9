/* MPTOp: page-table operations by virtual address, and the identity map. */
#ifndef MCERTIKOS_MPTOP_EXPORT_H
#define MCERTIKOS_MPTOP_EXPORT_H

/* fresh */
unsigned int pt_read(unsigned int id, unsigned int va);
unsigned int pt_read_pde(unsigned int id, unsigned int va);
void pt_insert_aux(unsigned int id, unsigned int va, unsigned int pa, unsigned int perm);
void pt_insert_pde(unsigned int id, unsigned int va, unsigned int page);
void pt_rmv_aux(unsigned int id, unsigned int va);
void pt_rmv_pde(unsigned int id, unsigned int va);
void idpde_init(void);
int tests_upto_MPTIntro(void);

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
unsigned int container_alloc(unsigned int id);
void container_free(unsigned int id, unsigned int page);
void container_init(unsigned int mbi);
int container_split(unsigned int parent, unsigned int child, unsigned int quota);
unsigned int container_get_usage(unsigned int id);
unsigned int container_can_consume(unsigned int id, unsigned int n);
unsigned int container_get_parent(unsigned int id);
unsigned int container_get_quota(unsigned int id);

/* passed through from MPTIntro */
unsigned int get_IDPTE(unsigned int pde, unsigned int pte);
void set_IDPDE(unsigned int id, unsigned int pde);
void rmv_PDE(unsigned int id, unsigned int pde);
void set_pdir_base(unsigned int id);

#endif
