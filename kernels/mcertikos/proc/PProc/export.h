/* PProc: user processes: create, start in ring 3, exit, kill. */
#ifndef MCERTIKOS_PPROC_EXPORT_H
#define MCERTIKOS_PPROC_EXPORT_H

/* fresh */
void proc_init(unsigned int mbi);
unsigned int proc_create(unsigned int elf, unsigned int quota);
void proc_start_user(void);
void proc_exit(int status);
int proc_kill(unsigned int id);
unsigned int proc_nlive(void);
unsigned int proc_nkilled(void);
unsigned int proc_nfailed(void);
int tests_upto_PUCtxtIntro(void);

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

#endif
