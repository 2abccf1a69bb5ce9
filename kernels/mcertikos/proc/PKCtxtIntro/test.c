/* PKCtxtIntro's self-test: round trips through kctxt_switch into a context
   built by hand on id NUM_IDS-6's kernel stack. */
#include "kconst.h"
#include "selftest.h"
#include "export.h"

#define PKCTXTINTRO_CHECK(c) SELFTEST_CHECK("PKCtxtIntro", c)
#define PKCTXTINTRO_ID (NUM_IDS - 6)

static volatile unsigned int pkctxtintro_runs;
static volatile unsigned int pkctxtintro_esp;

static void pkctxtintro_entry(void)
{
    for (;;) {
        unsigned int esp;
        asm volatile("movl %%esp, %0" : "=r"(esp));
        pkctxtintro_esp = esp;
        pkctxtintro_runs++;
        kctxt_switch(PKCTXTINTRO_ID, 0);
    }
}

int test_PKCtxtIntro(void)
{
    unsigned int id = PKCTXTINTRO_ID, top = kstack_top(id);
    unsigned int a = 0x1234, b = 0x5678;

    PKCTXTINTRO_CHECK(kstack_top(id) - kstack_top(id - 1) == KSTACK_SIZE);
    PKCTXTINTRO_CHECK((top & (PAGESIZE - 1)) == 0);
    set_SP(id, top - 16);
    set_RA(id, (unsigned int)pkctxtintro_entry);
    pkctxtintro_runs = 0;
    kctxt_switch(0, id);
    PKCTXTINTRO_CHECK(pkctxtintro_runs == 1);
    PKCTXTINTRO_CHECK(pkctxtintro_esp < top && pkctxtintro_esp >= top - KSTACK_SIZE);
    kctxt_switch(0, id);            /* resumes inside the loop */
    PKCTXTINTRO_CHECK(pkctxtintro_runs == 2);
    PKCTXTINTRO_CHECK(a == 0x1234 && b == 0x5678);
    SELFTEST_PASS("PKCtxtIntro");
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    pmap_init(mbi);
    machine_exit(test_PKCtxtIntro() == 0 ? 0 : 1);
}
#endif
