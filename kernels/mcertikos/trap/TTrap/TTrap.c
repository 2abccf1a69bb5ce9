/*
 * TTrap: the system calls, each reading its arguments from and writing its
 * results to the caller's saved context. User memory is reached by
 * translating each address through the caller's page tables, never by
 * dereferencing a user pointer, so a bad pointer is an error, not a fault.
 */
#include "kconst.h"
#include "import.h"
#include "export.h"

#define PUTS_MAX    1024
#define PUTS_CHUNK  128

static unsigned int programs[NUM_PROGRAMS];

void register_program(unsigned int idx, unsigned int elf)
{
    if (idx < NUM_PROGRAMS)
        programs[idx] = elf;
}

/* The kernel address of user byte va in the current space, or 0 if the page
   is not a present user page (writable too when `write`). */
static unsigned char *user_byte(unsigned int va, int write)
{
    unsigned int pte, need = PTE_P | PTE_U | (write ? PTE_W : 0);

    if (va < VM_USERLO || va >= VM_USERHI)
        return 0;
    pte = pt_read(get_curid(), va);
    if ((pte & need) != need)
        return 0;
    return (unsigned char *)((pte & PTE_ADDR_MASK) | (va & (PAGESIZE - 1)));
}

static int copy_from_user(void *dst, unsigned int va, unsigned int n)
{
    unsigned char *d = dst;
    unsigned int i;

    for (i = 0; i < n; i++) {
        unsigned char *p = user_byte(va + i, 0);
        if (p == 0)
            return -1;
        d[i] = *p;
    }
    return 0;
}

static int copy_to_user(unsigned int va, const void *src, unsigned int n)
{
    const unsigned char *s = src;
    unsigned int i;

    for (i = 0; i < n; i++) {
        unsigned char *p = user_byte(va + i, 1);
        if (p == 0)
            return -1;
        *p = s[i];
    }
    return 0;
}

/* puts(va, len): writes len bytes of user memory to the console. */
void sys_puts(void)
{
    unsigned int va = uctx_arg2(), len = uctx_arg3(), done = 0;
    char buf[PUTS_CHUNK + 1];

    if (len > PUTS_MAX) {
        uctx_set_errno(E_INVAL);
        return;
    }
    while (done < len) {
        unsigned int n = len - done > PUTS_CHUNK ? PUTS_CHUNK : len - done;
        if (copy_from_user(buf, va + done, n) != 0) {
            uctx_set_errno(E_BADADDR);
            return;
        }
        buf[n] = '\0';
        dprintf("%s", buf);
        done += n;
    }
    uctx_set_errno(E_SUCC);
}

void sys_yield(void)
{
    uctx_set_errno(E_SUCC);
    thread_yield();
}

/* spawn(program, quota) -> pid */
void sys_spawn(void)
{
    unsigned int idx = uctx_arg2(), quota = uctx_arg3(), id;

    if (idx >= NUM_PROGRAMS || programs[idx] == 0) {
        uctx_set_errno(E_INVAL);
        return;
    }
    id = proc_create(programs[idx], quota);
    if (id == NUM_IDS) {
        uctx_set_errno(E_NOMEM);
        return;
    }
    uctx_set_retval1(id);
    uctx_set_errno(E_SUCC);
}

void sys_getpid(void)
{
    uctx_set_retval1(get_curid());
    uctx_set_errno(E_SUCC);
}

void sys_getppid(void)
{
    uctx_set_retval1(container_get_parent(get_curid()));
    uctx_set_errno(E_SUCC);
}

/* send(to, va, nwords) -> words taken by the receiver */
void sys_send(void)
{
    unsigned int to = uctx_arg2(), va = uctx_arg3(), count = uctx_arg4();
    unsigned int msg[IPC_MAX_WORDS];
    int n;

    if (count > IPC_MAX_WORDS) {
        uctx_set_errno(E_INVAL);
        return;
    }
    if (copy_from_user(msg, va, count * 4) != 0) {
        uctx_set_errno(E_BADADDR);
        return;
    }
    n = syncsend(to, msg, count);
    if (n < 0) {
        uctx_set_errno(E_INVAL);
        return;
    }
    uctx_set_retval1((unsigned int)n);
    uctx_set_errno(E_SUCC);
}

/* recv(from, va, maxwords) -> words received */
void sys_recv(void)
{
    unsigned int from = uctx_arg2(), va = uctx_arg3(), max = uctx_arg4(), i;
    unsigned int msg[IPC_MAX_WORDS];
    int n;

    if (max > IPC_MAX_WORDS)
        max = IPC_MAX_WORDS;
    /* Check the buffer before taking a message that could not be delivered. */
    for (i = 0; i < max * 4; i += 4)
        if (user_byte(va + i, 1) == 0 || user_byte(va + i + 3, 1) == 0) {
            uctx_set_errno(E_BADADDR);
            return;
        }
    n = syncrecv(from, msg, max);
    if (n < 0) {
        uctx_set_errno(E_INVAL);
        return;
    }
    if (copy_to_user(va, msg, (unsigned int)n * 4) != 0) {
        uctx_set_errno(E_BADADDR);
        return;
    }
    uctx_set_retval1((unsigned int)n);
    uctx_set_errno(E_SUCC);
}

void sys_exit(void)
{
    proc_exit((int)uctx_arg2());
}

/* A not-present fault in the user range: back it with a fresh zeroed page. */
int ptfault_resv(unsigned int va)
{
    if (va < VM_USERLO || va >= VM_USERHI)
        return -1;
    return pt_resv(get_curid(), va & PTE_ADDR_MASK, PT_PERM_UP);
}
