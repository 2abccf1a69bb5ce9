/* MALInit: the physical page allocation table (AT) and the page count. */
#ifndef MCERTIKOS_MALINIT_EXPORT_H
#define MCERTIKOS_MALINIT_EXPORT_H

/* fresh */
unsigned int get_nps(void);
void set_nps(unsigned int nps);
unsigned int is_norm(unsigned int page);
void set_norm(unsigned int page, unsigned int norm);
unsigned int at_get(unsigned int page);
void at_set(unsigned int page, unsigned int allocated);
int tests_upto_MDev(void);

/* passed through from MBoot */
void machine_exit(int code);
void machine_init(unsigned int mbi);
unsigned int get_size(void);
unsigned int get_mms(unsigned int i);
unsigned int get_mml(unsigned int i);
unsigned int is_usable(unsigned int i);
void set_cr3(unsigned int pdir);
void enable_paging(void);
void trap_return(unsigned int *tf);
void tss_set_esp0(unsigned int esp0);
void idt_set_gate(unsigned int vector, unsigned int handler, unsigned int dpl);
unsigned int get_cr2(void);

/* passed through from MConsole */
void dprintf(const char *fmt, ...);

/* passed through from MIntr */
void intr_init(void);
void intr_eoi(unsigned int irq);

#endif
