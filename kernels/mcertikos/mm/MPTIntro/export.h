/* MPTIntro: the page directories of every id and the identity page tables,
   behind getters and setters. */
#ifndef MCERTIKOS_MPTINTRO_EXPORT_H
#define MCERTIKOS_MPTINTRO_EXPORT_H

/* fresh */
void set_pdir_base(unsigned int id);
unsigned int get_PDE(unsigned int id, unsigned int pde);
void set_PDE(unsigned int id, unsigned int pde, unsigned int page);
void set_IDPDE(unsigned int id, unsigned int pde);
void rmv_PDE(unsigned int id, unsigned int pde);
unsigned int get_PTE(unsigned int id, unsigned int pde, unsigned int pte);
void set_PTE(unsigned int id, unsigned int pde, unsigned int pte, unsigned int pa, unsigned int perm);
void rmv_PTE(unsigned int id, unsigned int pde, unsigned int pte);
void set_IDPTE(unsigned int pde, unsigned int pte, unsigned int perm);
unsigned int get_IDPTE(unsigned int pde, unsigned int pte);
int tests_upto_MContainer(void);

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

#endif
