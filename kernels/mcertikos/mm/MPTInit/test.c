/* MPTInit's self-test: paging is on (with write protection), and memory
   is still where it was, through the identity map. */
#include "kconst.h"
#include "selftest.h"
#include "export.h"

#define MPTINIT_CHECK(c) SELFTEST_CHECK("MPTInit", c)

static volatile unsigned int mptinit_probe;

int test_MPTInit(void)
{
    unsigned int cr0;

    asm volatile("movl %%cr0, %0" : "=r"(cr0));
    MPTINIT_CHECK((cr0 & 0x80000000) != 0 && (cr0 & 0x00010000) != 0);
    mptinit_probe = 0x5a5a5a5a;
    MPTINIT_CHECK(mptinit_probe == 0x5a5a5a5a);
    MPTINIT_CHECK(PTE_NO_AD(pt_read(0, (unsigned int)&mptinit_probe)) ==
                  (((unsigned int)&mptinit_probe & PTE_ADDR_MASK) | PT_PERM_KERN));
    MPTINIT_CHECK(*(volatile unsigned int *)((unsigned int)&mptinit_probe) == 0x5a5a5a5a);
    SELFTEST_PASS("MPTInit");
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    pt_init(mbi);
    machine_exit(test_MPTInit() == 0 ? 0 : 1);
}
#endif
