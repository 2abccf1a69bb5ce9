/* MIntr's self-test: the masks it programmed, a running timer, and the
   timer's request reaching the PIC (the CPU, interrupts off, never takes it). */
#include "export.h"

static void mintr_test_puts(const char *s)
{
    while (*s)
        serial_putc(*s++);
}

static int mintr_test_fail(const char *what)
{
    mintr_test_puts("MIntr: FAIL (");
    mintr_test_puts(what);
    mintr_test_puts(")\n");
    return 1;
}

#define MINTR_CHECK(c) do { if (!(c)) return mintr_test_fail(#c); } while (0)

int test_MIntr(void)
{
    unsigned int first, now, spins, changed = 0;

    MINTR_CHECK(intr_get_mask() == 0xFFFE);
    first = pit_read();
    MINTR_CHECK(first <= 11931);
    for (spins = 0; spins < 1000000 && !changed; spins++) {
        now = pit_read();
        changed = now != first;
        MINTR_CHECK(now <= 11931);
    }
    MINTR_CHECK(changed);
    for (spins = 0; spins < 10000000 && (intr_pending() & 1) == 0; spins++)
        ;
    MINTR_CHECK((intr_pending() & 1) != 0);
    MINTR_CHECK((intr_pending() & 0xFFFE) == 0);

    mintr_test_puts("MIntr: PASS\n");
    return 0;
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    (void)mbi;   /* MIntr does not pass machine_init up: the UART needs no set-up to send */
    intr_init();
    machine_exit(test_MIntr() == 0 ? 0 : 1);
}
#endif
