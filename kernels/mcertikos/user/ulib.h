/* The user library: system call wrappers and a little formatting. */
#ifndef MCERTIKOS_ULIB_H
#define MCERTIKOS_ULIB_H

#include "../include/kconst.h"

int main(void);

void sys_puts(const char *s, unsigned int len);
void sys_yield(void);
int sys_spawn(unsigned int program, unsigned int quota);
unsigned int sys_getpid(void);
unsigned int sys_getppid(void);
int sys_send(unsigned int to, const unsigned int *msg, unsigned int nwords);
int sys_recv(unsigned int from, unsigned int *msg, unsigned int maxwords);
void sys_exit(int status);

/* uprintf: printf with %d %u %x %s %c only, one line per call (a single system call). */
void uprintf(const char *fmt, ...);

#endif
