/* MContainer: the container tree, one page quota per id. */
#ifndef MCERTIKOS_MCONTAINER_EXPORT_H
#define MCERTIKOS_MCONTAINER_EXPORT_H

/* fresh */
void container_init(unsigned int mbi);
unsigned int container_get_parent(unsigned int id);
unsigned int container_get_nchildren(unsigned int id);
unsigned int container_get_quota(unsigned int id);
unsigned int container_get_usage(unsigned int id);
unsigned int container_can_consume(unsigned int id, unsigned int n);
int container_split(unsigned int parent, unsigned int child, unsigned int quota);
unsigned int container_alloc(unsigned int id);
void container_free(unsigned int id, unsigned int page);
int tests_upto_MALT(void);

/* passed through from MBoot */
void machine_exit(int code);
void set_cr3(unsigned int pdir);
void enable_paging(void);
void trap_return(unsigned int *tf);
void tss_set_esp0(unsigned int esp0);
void idt_set_gate(unsigned int vector, unsigned int handler, unsigned int dpl);
unsigned int get_cr2(void);

/* passed through from MConsole */
void dprintf(const char *fmt, ...);

/* passed through from MIntr */
void intr_eoi(unsigned int irq);

#endif
