/*
 * TTrapArg: the system call convention on the current thread's saved user
 * context: number in eax, arguments in ebx, ecx, edx, esi; the error code
 * goes back in eax and one result in ebx.
 */
#include "kconst.h"
#include "import.h"
#include "export.h"

unsigned int uctx_arg1(void) { return uctx_get(get_curid(), U_EAX); }
unsigned int uctx_arg2(void) { return uctx_get(get_curid(), U_EBX); }
unsigned int uctx_arg3(void) { return uctx_get(get_curid(), U_ECX); }
unsigned int uctx_arg4(void) { return uctx_get(get_curid(), U_EDX); }
unsigned int uctx_arg5(void) { return uctx_get(get_curid(), U_ESI); }

void uctx_set_errno(unsigned int err) { uctx_set(get_curid(), U_EAX, err); }
void uctx_set_retval1(unsigned int value) { uctx_set(get_curid(), U_EBX, value); }
