/* hello: system calls from ring 3, yielding, and a stack that grows past
   its first page (the kernel backs each new page on the page fault). */
#include "ulib.h"

#define STACK_PAGES 3

/* Touches STACK_PAGES pages below the caller's frame; returns their sum. */
static unsigned int grow_stack(void)
{
    volatile unsigned char deep[STACK_PAGES * 4096];
    unsigned int i, sum = 0;

    for (i = 0; i < sizeof(deep); i += 4096)
        deep[i] = (unsigned char)(i / 4096 + 1);
    for (i = 0; i < sizeof(deep); i += 4096)
        sum += deep[i];
    return sum;
}

int main(void)
{
    unsigned int cs, i;

    asm volatile("movl %%cs, %0" : "=r"(cs));
    uprintf("hello: hello from user space, pid %u\n", sys_getpid());
    uprintf("hello: running in ring %u\n", cs & 3);
    for (i = 1; i <= 3; i++) {
        uprintf("hello: yield %u\n", i);
        sys_yield();
    }
    uprintf("hello: grew the stack by %u pages (checksum %u)\n", STACK_PAGES, grow_stack());
    uprintf("hello: done\n");
    return (cs & 3) == 3 ? 0 : 1;
}
