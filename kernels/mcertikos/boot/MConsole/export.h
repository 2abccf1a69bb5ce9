/* MConsole: formatted output on the serial console. Beside MIntr over MBoot. */
#ifndef MCERTIKOS_MCONSOLE_EXPORT_H
#define MCERTIKOS_MCONSOLE_EXPORT_H

/* fresh */
void dprintf(const char *fmt, ...);
int dsnprintf(char *buf, int size, const char *fmt, ...);
int tests_upto_MBoot(void);

/* passed through from MBoot */
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

#endif
