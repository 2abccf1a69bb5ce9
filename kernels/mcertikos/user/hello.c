/* hello: system calls from ring 3, and yielding. */
#include "ulib.h"

int main(void)
{
    unsigned int cs, i;

    asm volatile("movl %%cs, %0" : "=r"(cs));
    printf("hello: hello from user space, pid %u\n", sys_getpid());
    printf("hello: running in ring %u\n", cs & 3);
    for (i = 1; i <= 3; i++) {
        printf("hello: yield %u\n", i);
        sys_yield();
    }
    printf("hello: done\n");
    return (cs & 3) == 3 ? 0 : 1;
}
