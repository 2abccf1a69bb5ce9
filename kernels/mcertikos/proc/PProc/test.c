/* PProc's self-test: a process created from a minimal ELF has its code,
   its stack and a ring-3 context; killing it is accounted for. */
#include "kconst.h"
#include "selftest.h"
#include "test_elf.h"
#include "export.h"

#define PPROC_CHECK(c) SELFTEST_CHECK("PProc", c)

static const unsigned int pproc_elf[] = TEST_ELF_WORDS;

int test_PProc(void)
{
    unsigned int live = proc_nlive(), killed = proc_nkilled(), failed = proc_nfailed(), id;

    id = proc_create((unsigned int)pproc_elf, 16);
    PPROC_CHECK(id != NUM_IDS && proc_nlive() == live + 1);
    PPROC_CHECK(uctx_get(id, U_EIP) == TEST_ELF_ENTRY && uctx_get(id, U_ESP) == VM_USERHI);
    PPROC_CHECK(uctx_get(id, U_CS) == SEG_UCODE && uctx_get(id, U_SS) == SEG_UDATA);
    PPROC_CHECK(uctx_get(id, U_DS) == SEG_UDATA && (uctx_get(id, U_EFLAGS) & FL_IF) != 0);
    PPROC_CHECK((pt_read(id, VM_USERHI - PAGESIZE) & PT_PERM_UP) == PT_PERM_UP);
    PPROC_CHECK((pt_read(id, TEST_ELF_ENTRY) & PT_PERM_UP) == PT_PERM_UP);
    PPROC_CHECK(proc_create((unsigned int)pproc_elf, 0x7FFFFFFF) == NUM_IDS);
    PPROC_CHECK(proc_create((unsigned int)pproc_elf, 2) == NUM_IDS);   /* no room for code and stack */
    PPROC_CHECK(proc_nlive() == live + 1);
    PPROC_CHECK(proc_kill(id) == 0 && proc_kill(id) != 0 && proc_kill(0) != 0);
    PPROC_CHECK(proc_nlive() == live && proc_nkilled() == killed + 1 && proc_nfailed() == failed);
    SELFTEST_PASS("PProc");
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    proc_init(mbi);
    machine_exit(test_PProc() == 0 ? 0 : 1);
}
#endif
