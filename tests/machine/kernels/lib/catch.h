/* Catching exceptions in the test kernels: TRY runs a snippet of assembly with
 * resume_eip set to the end of the snippet; the catcher records the vector, error
 * code, faulting EIP and CR2, and resumes there. CHECK prints the record and whether
 * it is what the manuals say it must be. */
#ifndef CATCH_H
#define CATCH_H
#include "x86.h"

extern volatile u32 resume_eip, got_vector, got_error, got_eip, got_cr2, got_cs, trap_count;
void catcher(struct frame *f);
void catch_all(void); /* installs the catcher on vectors 0-31 */
int check(const char *name, u32 vector, u32 error);
extern int failures;

#define NO_TRAP 0xff

#define TRY(code, ...)                                                                    \
    do {                                                                                  \
        got_vector = NO_TRAP;                                                             \
        got_error = 0xffffffff;                                                           \
        __asm__ volatile("movl $1f, resume_eip\n\t" code "\n1:" : : : "memory", "cc", ##__VA_ARGS__); \
    } while (0)

#endif
