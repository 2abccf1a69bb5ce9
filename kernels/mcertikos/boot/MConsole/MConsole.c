/*
 * MConsole: printf-style formatting for the kernel, written to the serial
 * console a line at a time. Conversions: %d %u %x %p %s %c %%, with an
 * optional '0' flag and field width; an 'l' length modifier is accepted and
 * ignored (ILP32).
 */
#include <stdarg.h>
#include "import.h"
#include "export.h"

#define CONS_LINE 256

/* A bounded output buffer: characters past the end are counted, not stored. */
struct outbuf {
    char *buf;
    int size;
    int len;
};

static void out_char(struct outbuf *o, char c)
{
    if (o->len < o->size - 1)
        o->buf[o->len] = c;
    o->len++;
}

static void out_number(struct outbuf *o, unsigned int v, unsigned int base,
                       int negative, int width, char pad)
{
    char digits[12];
    int n = 0;

    do {
        unsigned int d = v % base;
        digits[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v /= base;
    } while (v != 0);
    if (negative && pad == '0')
        out_char(o, '-');
    width -= n + negative;
    while (width-- > 0)
        out_char(o, pad);
    if (negative && pad != '0')
        out_char(o, '-');
    while (n > 0)
        out_char(o, digits[--n]);
}

static void vformat(struct outbuf *o, const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        char pad = ' ';
        int width = 0;

        if (*fmt != '%') {
            out_char(o, *fmt);
            continue;
        }
        fmt++;
        if (*fmt == '0') {
            pad = '0';
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        if (*fmt == 'l')
            fmt++;
        switch (*fmt) {
        case 'd': {
            int v = va_arg(ap, int);
            if (v < 0)
                out_number(o, 0u - (unsigned int)v, 10, 1, width, pad);
            else
                out_number(o, (unsigned int)v, 10, 0, width, pad);
            break;
        }
        case 'u':
            out_number(o, va_arg(ap, unsigned int), 10, 0, width, pad);
            break;
        case 'x':
            out_number(o, va_arg(ap, unsigned int), 16, 0, width, pad);
            break;
        case 'p':
            out_char(o, '0');
            out_char(o, 'x');
            out_number(o, (unsigned int)va_arg(ap, void *), 16, 0, 8, '0');
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            int len = 0;
            if (s == 0)
                s = "(null)";
            while (s[len])
                len++;
            for (width -= len; width > 0; width--)
                out_char(o, ' ');
            while (*s)
                out_char(o, *s++);
            break;
        }
        case 'c':
            out_char(o, (char)va_arg(ap, int));
            break;
        case '%':
            out_char(o, '%');
            break;
        case '\0':
            return;
        default:
            out_char(o, '%');
            out_char(o, *fmt);
            break;
        }
    }
}

int dsnprintf(char *buf, int size, const char *fmt, ...)
{
    struct outbuf o;
    va_list ap;

    o.buf = buf;
    o.size = size;
    o.len = 0;
    va_start(ap, fmt);
    vformat(&o, fmt, ap);
    va_end(ap);
    if (size > 0)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return o.len;
}

void dprintf(const char *fmt, ...)
{
    char line[CONS_LINE];
    struct outbuf o;
    va_list ap;
    int i, n;

    o.buf = line;
    o.size = CONS_LINE;
    o.len = 0;
    va_start(ap, fmt);
    vformat(&o, fmt, ap);
    va_end(ap);
    n = o.len < CONS_LINE - 1 ? o.len : CONS_LINE - 1;
    for (i = 0; i < n; i++)
        serial_putc(line[i]);
}
