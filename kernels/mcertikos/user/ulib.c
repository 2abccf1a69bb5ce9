/*
 * The user library, linked into every program: _start, the system call
 * stubs (int $T_SYSCALL, the convention of TTrapArg) and printf.
 */
#include <stdarg.h>
#include "ulib.h"

void _start(void)
{
    sys_exit(main());
}

static unsigned int syscall4(unsigned int nr, unsigned int a, unsigned int b,
                             unsigned int c, unsigned int *ret)
{
    unsigned int err, r;

    asm volatile("int $48"
                 : "=a"(err), "=b"(r)
                 : "a"(nr), "b"(a), "c"(b), "d"(c)
                 : "memory");
    if (ret)
        *ret = r;
    return err;
}

void sys_puts(const char *s, unsigned int len)
{
    syscall4(SYS_puts, (unsigned int)s, len, 0, 0);
}

void sys_yield(void)
{
    syscall4(SYS_yield, 0, 0, 0, 0);
}

int sys_spawn(unsigned int program, unsigned int quota)
{
    unsigned int pid;
    return syscall4(SYS_spawn, program, quota, 0, &pid) == E_SUCC ? (int)pid : -1;
}

unsigned int sys_getpid(void)
{
    unsigned int pid;
    syscall4(SYS_getpid, 0, 0, 0, &pid);
    return pid;
}

unsigned int sys_getppid(void)
{
    unsigned int pid;
    syscall4(SYS_getppid, 0, 0, 0, &pid);
    return pid;
}

int sys_send(unsigned int to, const unsigned int *msg, unsigned int nwords)
{
    unsigned int n;
    return syscall4(SYS_send, to, (unsigned int)msg, nwords, &n) == E_SUCC ? (int)n : -1;
}

int sys_recv(unsigned int from, unsigned int *msg, unsigned int maxwords)
{
    unsigned int n;
    return syscall4(SYS_recv, from, (unsigned int)msg, maxwords, &n) == E_SUCC ? (int)n : -1;
}

void sys_exit(int status)
{
    syscall4(SYS_exit, (unsigned int)status, 0, 0, 0);
    for (;;)
        ;
}

struct line {
    char buf[160];
    unsigned int len;
};

static void put(struct line *l, char c)
{
    if (l->len < sizeof(l->buf))
        l->buf[l->len++] = c;
}

static void put_number(struct line *l, unsigned int v, unsigned int base)
{
    char digits[12];
    int n = 0;

    do {
        unsigned int d = v % base;
        digits[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v /= base;
    } while (v != 0);
    while (n > 0)
        put(l, digits[--n]);
}

void uprintf(const char *fmt, ...)
{
    struct line l;
    va_list ap;

    l.len = 0;
    va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&l, *fmt);
            continue;
        }
        fmt++;
        if (*fmt == 'd') {
            int v = va_arg(ap, int);
            if (v < 0) {
                put(&l, '-');
                put_number(&l, 0u - (unsigned int)v, 10);
            } else {
                put_number(&l, (unsigned int)v, 10);
            }
        } else if (*fmt == 'u') {
            put_number(&l, va_arg(ap, unsigned int), 10);
        } else if (*fmt == 'x') {
            put_number(&l, va_arg(ap, unsigned int), 16);
        } else if (*fmt == 's') {
            const char *s = va_arg(ap, const char *);
            while (*s)
                put(&l, *s++);
        } else if (*fmt == 'c') {
            put(&l, (char)va_arg(ap, int));
        } else if (*fmt == '\0') {
            break;
        } else {
            put(&l, *fmt);
        }
    }
    va_end(ap);
    sys_puts(l.buf, l.len);
}
