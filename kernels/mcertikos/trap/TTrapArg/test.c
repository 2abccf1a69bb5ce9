/* TTrapArg's self-test: arguments and results map onto the current thread's
   saved registers as the system call convention says. */
#include "kconst.h"
#include "selftest.h"
#include "export.h"

#define TTRAPARG_CHECK(c) SELFTEST_CHECK("TTrapArg", c)

int test_TTrapArg(void)
{
    unsigned int me = get_curid();

    uctx_set(me, U_EAX, 11);
    uctx_set(me, U_EBX, 22);
    uctx_set(me, U_ECX, 33);
    uctx_set(me, U_EDX, 44);
    uctx_set(me, U_ESI, 55);
    TTRAPARG_CHECK(uctx_arg1() == 11 && uctx_arg2() == 22 && uctx_arg3() == 33);
    TTRAPARG_CHECK(uctx_arg4() == 44 && uctx_arg5() == 55);
    uctx_set_errno(E_NOMEM);
    uctx_set_retval1(0xabcdef);
    TTRAPARG_CHECK(uctx_get(me, U_EAX) == E_NOMEM && uctx_get(me, U_EBX) == 0xabcdef);
    TTRAPARG_CHECK(uctx_get(me, U_ECX) == 33);
    SELFTEST_PASS("TTrapArg");
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    proc_init(mbi);
    machine_exit(test_TTrapArg() == 0 ? 0 : 1);
}
#endif
