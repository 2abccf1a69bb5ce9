/* TTrap's self-test: system calls made on the boot thread's saved context.
   The boot thread has no user pages, so every user pointer must be refused;
   spawning a registered program must create a process. */
#include "kconst.h"
#include "selftest.h"
#include "test_elf.h"
#include "export.h"

#define TTRAP_CHECK(c) SELFTEST_CHECK("TTrap", c)

static const unsigned int ttrap_elf[] = TEST_ELF_WORDS;

static void ttrap_args(unsigned int nr, unsigned int a, unsigned int b, unsigned int c)
{
    unsigned int me = get_curid();

    uctx_set(me, U_EAX, nr);
    uctx_set(me, U_EBX, a);
    uctx_set(me, U_ECX, b);
    uctx_set(me, U_EDX, c);
}

int test_TTrap(void)
{
    unsigned int me = get_curid(), child;

    ttrap_args(SYS_getpid, 0, 0, 0);
    sys_getpid();
    TTRAP_CHECK(uctx_get(me, U_EAX) == E_SUCC && uctx_get(me, U_EBX) == me);
    ttrap_args(SYS_getppid, 0, 0, 0);
    sys_getppid();
    TTRAP_CHECK(uctx_get(me, U_EAX) == E_SUCC && uctx_get(me, U_EBX) == container_get_parent(me));

    ttrap_args(SYS_puts, 0x00100000, 4, 0);         /* kernel memory: not the caller's */
    sys_puts();
    TTRAP_CHECK(uctx_get(me, U_EAX) == E_BADADDR);
    ttrap_args(SYS_puts, VM_USERLO, 100000, 0);
    sys_puts();
    TTRAP_CHECK(uctx_get(me, U_EAX) == E_INVAL);
    ttrap_args(SYS_send, 1, VM_USERLO, IPC_MAX_WORDS + 1);
    sys_send();
    TTRAP_CHECK(uctx_get(me, U_EAX) == E_INVAL);
    ttrap_args(SYS_recv, 1, 0x00100000, 1);
    sys_recv();
    TTRAP_CHECK(uctx_get(me, U_EAX) == E_BADADDR);
    TTRAP_CHECK(ptfault_resv(0x00100000) != 0);
    TTRAP_CHECK(ptfault_resv(VM_USERHI) != 0);

    ttrap_args(SYS_spawn, NUM_PROGRAMS, 16, 0);
    sys_spawn();
    TTRAP_CHECK(uctx_get(me, U_EAX) == E_INVAL);
    register_program(PROG_SPINNER, (unsigned int)ttrap_elf);
    ttrap_args(SYS_spawn, PROG_SPINNER, 16, 0);
    sys_spawn();
    child = uctx_get(me, U_EBX);
    TTRAP_CHECK(uctx_get(me, U_EAX) == E_SUCC && child != me && child < NUM_IDS);
    TTRAP_CHECK(container_get_parent(child) == me && proc_kill(child) == 0);
    register_program(PROG_SPINNER, 0);
    SELFTEST_PASS("TTrap");
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    proc_init(mbi);
    machine_exit(test_TTrap() == 0 ? 0 : 1);
}
#endif
