/* TDispatch's self-test: numbers reach their system calls; unknown ones fail. */
#include "kconst.h"
#include "selftest.h"
#include "export.h"

#define TDISPATCH_CHECK(c) SELFTEST_CHECK("TDispatch", c)

int test_TDispatch(void)
{
    unsigned int me = get_curid();

    uctx_set(me, U_EAX, SYS_getpid);
    uctx_set(me, U_EBX, 12345);
    syscall_dispatch();
    TDISPATCH_CHECK(uctx_get(me, U_EAX) == E_SUCC && uctx_get(me, U_EBX) == me);
    uctx_set(me, U_EAX, SYS_puts);
    uctx_set(me, U_EBX, 0x00100000);
    uctx_set(me, U_ECX, 1);
    syscall_dispatch();
    TDISPATCH_CHECK(uctx_get(me, U_EAX) == E_BADADDR);
    uctx_set(me, U_EAX, 999);
    syscall_dispatch();
    TDISPATCH_CHECK(uctx_get(me, U_EAX) == E_NOSYS);
    uctx_set(me, U_EAX, 0);
    syscall_dispatch();
    TDISPATCH_CHECK(uctx_get(me, U_EAX) == E_NOSYS);
    SELFTEST_PASS("TDispatch");
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    proc_init(mbi);
    machine_exit(test_TDispatch() == 0 ? 0 : 1);
}
#endif
