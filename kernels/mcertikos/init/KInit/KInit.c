/*
 * KInit: the kernel's main. Brings every layer up (trap_init's init chain
 * reaches down to MBoot), runs every layer's self-test bottom to top, then
 * the user programs one after another: hello (system calls from ring 3,
 * yield, a growing stack), ping (spawns pong and talks to it over IPC),
 * faulter (killed for a bad access) and spinner (never yields: the timer
 * must preempt it, and the kernel kills it).
 */
#include "kconst.h"
#include "import.h"
#include "export.h"

/* The user programs, embedded in the image by the linker. */
extern char _binary_hello_start[];
extern char _binary_ping_start[];
extern char _binary_pong_start[];
extern char _binary_faulter_start[];
extern char _binary_spinner_start[];

#define USER_QUOTA  128     /* pages: enough for pong's quota inside ping's */

static void fail(const char *why)
{
    dprintf("mCertiKOS: FAILED: %s\n", why);
    machine_exit(1);
}

/* Runs one program (and whatever it spawns) to the end. The boot thread
   runs in the kernel with interrupts off and only yields meanwhile. One
   program at a time keeps the transcript the same whatever moment the
   timer interrupts at, under QEMU or any other machine. */
static void run_program(const char *name, const char *elf)
{
    dprintf("mCertiKOS: running %s\n", name);
    if (proc_create((unsigned int)elf, USER_QUOTA) == NUM_IDS)
        fail("cannot create a user process");
    while (proc_nlive() > 0)
        thread_yield();
}

void kernel_main(unsigned int mbi)
{
    unsigned int spinner, preempted, killed_before, failed_before;

    trap_init(mbi);
    dprintf("mCertiKOS: layers up, running the self-tests\n");
    if (tests_upto_TSysCall() != 0)
        fail("a layer's self-test");
    dprintf("mCertiKOS: every layer passed its self-test\n");

    register_program(PROG_HELLO, (unsigned int)_binary_hello_start);
    register_program(PROG_PING, (unsigned int)_binary_ping_start);
    register_program(PROG_PONG, (unsigned int)_binary_pong_start);
    register_program(PROG_FAULTER, (unsigned int)_binary_faulter_start);
    register_program(PROG_SPINNER, (unsigned int)_binary_spinner_start);
    /* Some self-tests end processes of their own: count from here. */
    killed_before = proc_nkilled();
    failed_before = proc_nfailed();

    run_program("hello", _binary_hello_start);
    run_program("ping", _binary_ping_start);
    run_program("faulter", _binary_faulter_start);

    /* After its one system call (its line) the spinner never enters the
       kernel again: the boot thread runs again only once the timer has
       taken the CPU from it. */
    dprintf("mCertiKOS: running spinner\n");
    spinner = proc_create((unsigned int)_binary_spinner_start, USER_QUOTA);
    if (spinner == NUM_IDS)
        fail("cannot create the spinner");
    while (syscall_count(spinner) == 0)
        thread_yield();
    preempted = preempt_count(spinner);
    while (preempt_count(spinner) == preempted)
        thread_yield();
    dprintf("kernel: the timer preempted the spinning process; killing it\n");
    if (proc_kill(spinner) != 0)
        fail("cannot kill the spinner");

    if (proc_nlive() != 0 || proc_nfailed() != failed_before || proc_nkilled() != killed_before + 2)
        fail("the user programs did not end as expected");
    dprintf("mCertiKOS: all tests passed\n");
    machine_exit(0);
}
