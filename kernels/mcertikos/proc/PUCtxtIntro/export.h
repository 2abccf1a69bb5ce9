/* PUCtxtIntro: the saved user contexts, and loading an ELF program. */
#ifndef MCERTIKOS_PUCTXTINTRO_EXPORT_H
#define MCERTIKOS_PUCTXTINTRO_EXPORT_H

/* fresh */
unsigned int uctx_get(unsigned int id, unsigned int idx);
void uctx_set(unsigned int id, unsigned int idx, unsigned int value);
void save_uctx(unsigned int id, unsigned int *tf);
void restore_uctx(unsigned int id);
unsigned int elf_load(unsigned int elf, unsigned int id);
int tests_upto_PIPC(void);

/* passed through from MBoot */
void machine_exit(int code);
void tss_set_esp0(unsigned int esp0);
void idt_set_gate(unsigned int vector, unsigned int handler, unsigned int dpl);
unsigned int get_cr2(void);

/* passed through from MConsole */
void dprintf(const char *fmt, ...);

/* passed through from MIntr */
void intr_eoi(unsigned int irq);

/* passed through from MContainer */
unsigned int container_get_parent(unsigned int id);

/* passed through from MPTIntro */
void set_pdir_base(unsigned int id);

/* passed through from MPTOp */
unsigned int pt_read(unsigned int id, unsigned int va);

/* passed through from MPTNew */
int pt_resv(unsigned int id, unsigned int va, unsigned int perm);

/* passed through from PKCtxtIntro */
unsigned int kstack_top(unsigned int id);

/* passed through from PCurID */
unsigned int get_curid(void);

/* passed through from PThreadSched */
unsigned int thread_spawn(unsigned int entry, unsigned int quota);

/* passed through from PThread */
int thread_kill(unsigned int id);
void thread_exit(void);
void thread_yield(void);

/* passed through from PIPC */
void ipc_init(unsigned int mbi);
void ipc_release(unsigned int id);
int syncsend(unsigned int to, const unsigned int *msg, unsigned int count);
int syncrecv(unsigned int from, unsigned int *msg, unsigned int max);

#endif
