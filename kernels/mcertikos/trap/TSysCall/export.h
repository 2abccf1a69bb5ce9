/* TSysCall: trap entry, the trap handler, timer preemption and faults. */
#ifndef MCERTIKOS_TSYSCALL_EXPORT_H
#define MCERTIKOS_TSYSCALL_EXPORT_H

/* fresh */
void trap_init(unsigned int mbi);
unsigned int preempt_count(unsigned int id);
unsigned int syscall_count(unsigned int id);
unsigned int kernel_trap_count(void);
int tests_upto_TDispatch(void);

/* passed through from MBoot */
void machine_exit(int code);

/* passed through from MConsole */
void dprintf(const char *fmt, ...);

/* passed through from PThread */
void thread_yield(void);

/* passed through from PProc */
unsigned int proc_create(unsigned int elf, unsigned int quota);
int proc_kill(unsigned int id);
unsigned int proc_nlive(void);
unsigned int proc_nkilled(void);
unsigned int proc_nfailed(void);

/* passed through from TTrap */
void register_program(unsigned int idx, unsigned int elf);

#endif
