/* MALT: the physical page allocator. */
#ifndef MCERTIKOS_MALT_EXPORT_H
#define MCERTIKOS_MALT_EXPORT_H

/* fresh */
unsigned int palloc(void);
void pfree(unsigned int page);
int tests_upto_MALOp(void);

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

/* passed through from MALInit */
unsigned int is_norm(unsigned int page);
unsigned int at_get(unsigned int page);
unsigned int get_nps(void);

/* passed through from MALOp */
void mem_init(unsigned int mbi);

#endif
