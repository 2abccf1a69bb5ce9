/* faulter: writes to kernel memory from ring 3; the kernel must kill it. */
#include "ulib.h"

int main(void)
{
    volatile unsigned int *kernel = (volatile unsigned int *)0x00100000;

    uprintf("faulter: writing to kernel memory\n");
    *kernel = 0xdead;
    uprintf("faulter: still alive, the kernel did not stop me\n");
    return 1;
}
