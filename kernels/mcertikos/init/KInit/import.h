/* What KInit uses from its underlay, TSysCall: nothing more. */
#ifndef MCERTIKOS_KINIT_IMPORT_H
#define MCERTIKOS_KINIT_IMPORT_H

void trap_init(unsigned int mbi);
int tests_upto_TDispatch(void);
void dprintf(const char *fmt, ...);
void machine_exit(int code);
void register_program(unsigned int idx, unsigned int elf);
unsigned int proc_create(unsigned int elf, unsigned int quota);
void thread_yield(void);
int proc_kill(unsigned int id);
unsigned int proc_nlive(void);
unsigned int proc_nkilled(void);
unsigned int proc_nfailed(void);
unsigned int preempt_count(unsigned int id);
unsigned int syscall_count(unsigned int id);

#endif
