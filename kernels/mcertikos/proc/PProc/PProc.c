/*
 * PProc: user processes. A process is a thread whose first switch-to enters
 * proc_start_user, which drops to ring 3 with its saved user context. The
 * kernel keeps account of live, killed and failed processes.
 */
#include "kconst.h"
#include "import.h"
#include "export.h"

#define USER_STACK_TOP VM_USERHI

static unsigned int is_user[NUM_IDS];
static unsigned int nlive, nkilled, nfailed;

void proc_init(unsigned int mbi)
{
    ipc_init(mbi);
}

/* Returns the new process's id, or NUM_IDS. */
unsigned int proc_create(unsigned int elf, unsigned int quota)
{
    unsigned int id = thread_spawn((unsigned int)proc_start_user, quota), entry, i;

    if (id == NUM_IDS)
        return NUM_IDS;
    entry = elf_load(elf, id);
    if (entry == 0 || pt_resv(id, USER_STACK_TOP - PAGESIZE, PT_PERM_UP) != 0) {
        thread_kill(id);
        return NUM_IDS;
    }
    for (i = 0; i < UCTX_SIZE; i++)
        uctx_set(id, i, 0);
    uctx_set(id, U_ES, SEG_UDATA);
    uctx_set(id, U_DS, SEG_UDATA);
    uctx_set(id, U_EIP, entry);
    uctx_set(id, U_CS, SEG_UCODE);
    uctx_set(id, U_EFLAGS, FL_IF);
    uctx_set(id, U_ESP, USER_STACK_TOP);
    uctx_set(id, U_SS, SEG_UDATA);
    is_user[id] = 1;
    nlive++;
    return id;
}

/* Enters (or re-enters) the current process in ring 3. Never returns. */
void proc_start_user(void)
{
    unsigned int cur = get_curid();

    tss_set_esp0(kstack_top(cur));
    set_pdir_base(cur);
    restore_uctx(cur);
}

static void account_end(unsigned int id, int status)
{
    is_user[id] = 0;
    nlive--;
    if (status == STATUS_KILLED)
        nkilled++;
    else if (status != 0)
        nfailed++;
}

/* The current process ends with status; the next thread runs. */
void proc_exit(int status)
{
    unsigned int cur = get_curid();

    if (cur < NUM_IDS && is_user[cur])
        account_end(cur, status);
    ipc_release(cur);
    thread_exit();
}

int proc_kill(unsigned int id)
{
    if (id >= NUM_IDS || !is_user[id] || thread_kill(id) != 0)
        return -1;
    account_end(id, STATUS_KILLED);
    ipc_release(id);
    return 0;
}

unsigned int proc_nlive(void) { return nlive; }
unsigned int proc_nkilled(void) { return nkilled; }
unsigned int proc_nfailed(void) { return nfailed; }
