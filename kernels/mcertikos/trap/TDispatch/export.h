/* TDispatch: system call dispatch. */
#ifndef MCERTIKOS_TDISPATCH_EXPORT_H
#define MCERTIKOS_TDISPATCH_EXPORT_H

/* fresh */
void syscall_dispatch(void);
int tests_upto_TTrap(void);

/* passed through from MBoot */
void machine_exit(int code);
void idt_set_gate(unsigned int vector, unsigned int handler, unsigned int dpl);
unsigned int get_cr2(void);

/* passed through from MConsole */
void dprintf(const char *fmt, ...);

/* passed through from MIntr */
void intr_eoi(unsigned int irq);

/* passed through from PCurID */
unsigned int get_curid(void);

/* passed through from PThread */
void thread_yield(void);

/* passed through from PUCtxtIntro */
void uctx_set(unsigned int id, unsigned int idx, unsigned int value);
unsigned int uctx_get(unsigned int id, unsigned int idx);
void save_uctx(unsigned int id, unsigned int *tf);

/* passed through from PProc */
void proc_init(unsigned int mbi);
void proc_start_user(void);
void proc_exit(int status);
unsigned int proc_create(unsigned int elf, unsigned int quota);
int proc_kill(unsigned int id);
unsigned int proc_nlive(void);
unsigned int proc_nkilled(void);
unsigned int proc_nfailed(void);

/* passed through from TTrap */
int ptfault_resv(unsigned int va);
void register_program(unsigned int idx, unsigned int elf);

#endif
