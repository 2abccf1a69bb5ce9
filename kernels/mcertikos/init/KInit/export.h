/* KInit: the kernel's main: boot, run every layer's self-test, run the user programs. */
#ifndef MCERTIKOS_KINIT_EXPORT_H
#define MCERTIKOS_KINIT_EXPORT_H

/* fresh */
void kernel_main(unsigned int mbi);
int tests_upto_TSysCall(void);

#endif
