/* What TSysCall uses from its underlay, TDispatch: nothing more. */
#ifndef MCERTIKOS_TSYSCALL_IMPORT_H
#define MCERTIKOS_TSYSCALL_IMPORT_H

void proc_init(unsigned int mbi);
void idt_set_gate(unsigned int vector, unsigned int handler, unsigned int dpl);
void save_uctx(unsigned int id, unsigned int *tf);
unsigned int get_curid(void);
void proc_start_user(void);
void syscall_dispatch(void);
int ptfault_resv(unsigned int va);
unsigned int get_cr2(void);
void intr_eoi(unsigned int irq);
void thread_yield(void);
void proc_exit(int status);
void dprintf(const char *fmt, ...);
void machine_exit(int code);
int tests_upto_TTrap(void);

#endif
