/* What TTrap uses from its underlay, TTrapArg: nothing more. */
#ifndef MCERTIKOS_TTRAP_IMPORT_H
#define MCERTIKOS_TTRAP_IMPORT_H

unsigned int uctx_arg1(void);
unsigned int uctx_arg2(void);
unsigned int uctx_arg3(void);
unsigned int uctx_arg4(void);
void uctx_set_errno(unsigned int err);
void uctx_set_retval1(unsigned int value);
void dprintf(const char *fmt, ...);
void thread_yield(void);
unsigned int proc_create(unsigned int elf, unsigned int quota);
unsigned int get_curid(void);
unsigned int container_get_parent(unsigned int id);
int syncsend(unsigned int to, const unsigned int *msg, unsigned int count);
int syncrecv(unsigned int from, unsigned int *msg, unsigned int max);
void proc_exit(int status);
unsigned int pt_read(unsigned int id, unsigned int va);
int pt_resv(unsigned int id, unsigned int va, unsigned int perm);
int tests_upto_PProc(void);

#endif
