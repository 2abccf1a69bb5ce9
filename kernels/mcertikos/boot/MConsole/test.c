/* MConsole's self-test: the formatter, checked through dsnprintf. */
#include "export.h"

static int mconsole_streq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

#define MCONSOLE_CHECK(c) do { if (!(c)) { dprintf("MConsole: FAIL (%s at line %d)\n", #c, __LINE__); return 1; } } while (0)

int test_MConsole(void)
{
    char buf[64];
    int n;

    n = dsnprintf(buf, sizeof(buf), "%d %u %x %s %c%%", -42, 42u, 0xbeefu, "ok", 'z');
    MCONSOLE_CHECK(mconsole_streq(buf, "-42 42 beef ok z%"));
    MCONSOLE_CHECK(n == 17);
    dsnprintf(buf, sizeof(buf), "[%5d|%05d|%3x|%08x|%q]", 42, -42, 0xau, 0x1234u);
    MCONSOLE_CHECK(mconsole_streq(buf, "[   42|-0042|  a|00001234|%q]"));
    dsnprintf(buf, sizeof(buf), "%d %u", -2147483647 - 1, 4294967295u);
    MCONSOLE_CHECK(mconsole_streq(buf, "-2147483648 4294967295"));
    dsnprintf(buf, sizeof(buf), "%p %s", (void *)0x100000, (char *)0);
    MCONSOLE_CHECK(mconsole_streq(buf, "0x00100000 (null)"));
    /* Truncation: the result counts every character, the buffer keeps size-1. */
    n = dsnprintf(buf, 6, "abcdefghij");
    MCONSOLE_CHECK(n == 10 && mconsole_streq(buf, "abcde"));

    dprintf("MConsole: PASS\n");
    return 0;
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    machine_init(mbi);
    test_MConsole();
    /* MConsole passes no exit primitive up (MIntr beside it does): stop here. */
    for (;;)
        ;
}
#endif
