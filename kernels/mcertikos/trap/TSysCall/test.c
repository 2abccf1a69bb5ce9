/* TSysCall's self-test: the IDT holds its gates (system calls open to ring
   3, exceptions not), and a breakpoint in the kernel comes back. */
#include "kconst.h"
#include "selftest.h"
#include "export.h"

#define TSYSCALL_CHECK(c) SELFTEST_CHECK("TSysCall", c)

static unsigned int tsyscall_gate_dpl(const unsigned int *idt, unsigned int v)
{
    return (idt[2 * v + 1] >> 13) & 3;
}

int test_TSysCall(void)
{
    unsigned short pd[3];
    const unsigned int *idt;
    unsigned int before = kernel_trap_count(), v;

    asm volatile("sidt (%0)" : : "r"(pd) : "memory");
    idt = (const unsigned int *)(pd[1] | ((unsigned int)pd[2] << 16));
    for (v = 0; v < NUM_VECTORS; v++) {
        TSYSCALL_CHECK((idt[2 * v + 1] & 0x8000) != 0);          /* present */
        TSYSCALL_CHECK(tsyscall_gate_dpl(idt, v) == (v == T_SYSCALL ? 3u : 0u));
    }
    asm volatile("int3");
    asm volatile("int3");
    TSYSCALL_CHECK(kernel_trap_count() == before + 2);
    TSYSCALL_CHECK(preempt_count(0) == 0 && preempt_count(NUM_IDS) == 0);
    TSYSCALL_CHECK(syscall_count(0) == 0 && syscall_count(NUM_IDS) == 0);
    SELFTEST_PASS("TSysCall");
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    trap_init(mbi);
    machine_exit(test_TSysCall() == 0 ? 0 : 1);
}
#endif
