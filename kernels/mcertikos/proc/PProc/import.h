/* What PProc uses from its underlay, PUCtxtIntro: nothing more. */
#ifndef MCERTIKOS_PPROC_IMPORT_H
#define MCERTIKOS_PPROC_IMPORT_H

void ipc_init(unsigned int mbi);
void ipc_release(unsigned int id);
unsigned int thread_spawn(unsigned int entry, unsigned int quota);
void uctx_set(unsigned int id, unsigned int idx, unsigned int value);
unsigned int elf_load(unsigned int elf, unsigned int id);
int pt_resv(unsigned int id, unsigned int va, unsigned int perm);
unsigned int get_curid(void);
void tss_set_esp0(unsigned int esp0);
unsigned int kstack_top(unsigned int id);
void set_pdir_base(unsigned int id);
void restore_uctx(unsigned int id);
void thread_exit(void);
int thread_kill(unsigned int id);
int tests_upto_PIPC(void);

#endif
