/* MALOp: fills the allocation table from the machine's memory map. */
#ifndef MCERTIKOS_MALOP_EXPORT_H
#define MCERTIKOS_MALOP_EXPORT_H

/* fresh */
void mem_init(unsigned int mbi);
int tests_upto_MALInit(void);

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
unsigned int get_nps(void);
unsigned int is_norm(unsigned int page);
unsigned int at_get(unsigned int page);
void at_set(unsigned int page, unsigned int allocated);

#endif
