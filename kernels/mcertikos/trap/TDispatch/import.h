/* What TDispatch uses from its underlay, TTrap: nothing more. */
#ifndef MCERTIKOS_TDISPATCH_IMPORT_H
#define MCERTIKOS_TDISPATCH_IMPORT_H

unsigned int uctx_arg1(void);
void uctx_set_errno(unsigned int err);
void sys_puts(void);
void sys_yield(void);
void sys_spawn(void);
void sys_getpid(void);
void sys_getppid(void);
void sys_send(void);
void sys_recv(void);
void sys_exit(void);
int tests_upto_TTrapArg(void);

#endif
