/*
 * TSysCall: the trap handler. A trap from ring 3 saves the process's context,
 * is handled (system call, timer preemption, demand paging, or the death of
 * a faulting process), and resumes whichever process is current afterwards.
 * A trap in the kernel is a bug, except a breakpoint, which is counted.
 */
#include "kconst.h"
#include "import.h"
#include "export.h"

extern unsigned int trap_vectors[NUM_VECTORS];

void trap(unsigned int *tf);

static unsigned int preemptions[NUM_IDS];
static unsigned int syscalls[NUM_IDS];
static unsigned int kernel_traps;

void trap_init(unsigned int mbi)
{
    unsigned int v;

    proc_init(mbi);
    for (v = 0; v < NUM_VECTORS; v++)
        idt_set_gate(v, trap_vectors[v], v == T_SYSCALL ? 3 : 0);
}

unsigned int preempt_count(unsigned int id) { return id < NUM_IDS ? preemptions[id] : 0; }
unsigned int syscall_count(unsigned int id) { return id < NUM_IDS ? syscalls[id] : 0; }
unsigned int kernel_trap_count(void) { return kernel_traps; }

static void kernel_trap(unsigned int *tf)
{
    if (tf[U_TRAPNO] == T_BRKPT) {
        kernel_traps++;
        return;
    }
    dprintf("kernel panic: trap %d in the kernel, eip 0x%x, error 0x%x, cr2 0x%x\n",
            tf[U_TRAPNO], tf[U_EIP], tf[U_ERR], get_cr2());
    machine_exit(1);
}

static void page_fault(unsigned int cur, unsigned int *tf)
{
    unsigned int va = get_cr2();

    if ((tf[U_ERR] & PFE_PRESENT) == 0 && ptfault_resv(va) == 0)
        return;
    dprintf("kernel: killed process %d: page fault at 0x%x\n", cur, va);
    proc_exit(STATUS_KILLED);
}

void trap(unsigned int *tf)
{
    unsigned int cur, trapno = tf[U_TRAPNO];

    if ((tf[U_CS] & 3) == 0) {
        kernel_trap(tf);
        return;
    }
    cur = get_curid();
    save_uctx(cur, tf);
    if (trapno == T_SYSCALL) {
        syscalls[cur]++;
        syscall_dispatch();
    } else if (trapno == T_PGFLT) {
        page_fault(cur, tf);
    } else if (trapno == T_TIMER) {
        intr_eoi(0);
        preemptions[cur]++;
        thread_yield();
    } else if (trapno > T_IRQ0 && trapno < T_IRQ0 + 16) {
        intr_eoi(trapno - T_IRQ0);
    } else {
        dprintf("kernel: killed process %d: trap %d\n", cur, trapno);
        proc_exit(STATUS_KILLED);
    }
    proc_start_user();
}
