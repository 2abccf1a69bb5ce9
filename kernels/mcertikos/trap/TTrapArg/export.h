/* TTrapArg: system call arguments and results in the current user context. */
#ifndef MCERTIKOS_TTRAPARG_EXPORT_H
#define MCERTIKOS_TTRAPARG_EXPORT_H

/* fresh */
unsigned int uctx_arg1(void);
unsigned int uctx_arg2(void);
unsigned int uctx_arg3(void);
unsigned int uctx_arg4(void);
unsigned int uctx_arg5(void);
void uctx_set_errno(unsigned int err);
void uctx_set_retval1(unsigned int value);
int tests_upto_PProc(void);

/* passed through from MBoot */
void machine_exit(int code);
void idt_set_gate(unsigned int vector, unsigned int handler, unsigned int dpl);
unsigned int get_cr2(void);

/* passed through from MConsole */
void dprintf(const char *fmt, ...);

/* passed through from MIntr */
void intr_eoi(unsigned int irq);

/* passed through from MContainer */
unsigned int container_get_parent(unsigned int id);

/* passed through from MPTOp */
unsigned int pt_read(unsigned int id, unsigned int va);

/* passed through from MPTNew */
int pt_resv(unsigned int id, unsigned int va, unsigned int perm);

/* passed through from PCurID */
unsigned int get_curid(void);

/* passed through from PThread */
void thread_yield(void);

/* passed through from PIPC */
int syncsend(unsigned int to, const unsigned int *msg, unsigned int count);
int syncrecv(unsigned int from, unsigned int *msg, unsigned int max);

/* passed through from PUCtxtIntro */
unsigned int uctx_get(unsigned int id, unsigned int idx);
void uctx_set(unsigned int id, unsigned int idx, unsigned int value);
void save_uctx(unsigned int id, unsigned int *tf);

/* passed through from PProc */
void proc_init(unsigned int mbi);
unsigned int proc_create(unsigned int elf, unsigned int quota);
void proc_exit(int status);
int proc_kill(unsigned int id);
void proc_start_user(void);
unsigned int proc_nlive(void);
unsigned int proc_nkilled(void);
unsigned int proc_nfailed(void);

#endif
