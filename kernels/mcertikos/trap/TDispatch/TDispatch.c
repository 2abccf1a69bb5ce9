/* TDispatch: from the system call number to its implementation. */
#include "kconst.h"
#include "import.h"
#include "export.h"

void syscall_dispatch(void)
{
    switch (uctx_arg1()) {
    case SYS_puts:    sys_puts(); break;
    case SYS_yield:   sys_yield(); break;
    case SYS_spawn:   sys_spawn(); break;
    case SYS_getpid:  sys_getpid(); break;
    case SYS_getppid: sys_getppid(); break;
    case SYS_send:    sys_send(); break;
    case SYS_recv:    sys_recv(); break;
    case SYS_exit:    sys_exit(); break;
    default:          uctx_set_errno(E_NOSYS); break;
    }
}
