/* MBoot's self-test: the memory map, port I/O on the UART's scratch
   register, and the IDT gate encoding. Prints through serial_putc only. */
#include "kconst.h"
#include "export.h"

static void mboot_test_puts(const char *s)
{
    while (*s)
        serial_putc(*s++);
}

static void mboot_test_putdec(unsigned int v)
{
    char buf[12];
    int n = 0;
    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0)
        serial_putc(buf[--n]);
}

static int mboot_test_fail(const char *what, unsigned int line)
{
    mboot_test_puts("MBoot: FAIL (");
    mboot_test_puts(what);
    mboot_test_puts(" at line ");
    mboot_test_putdec(line);
    mboot_test_puts(")\n");
    return 1;
}

#define MBOOT_CHECK(c) do { if (!(c)) return mboot_test_fail(#c, __LINE__); } while (0)

int test_MBoot(void)
{
    unsigned int i, usable_above_1m = 0;
    unsigned short pd[3];
    unsigned int *idt;

    /* The loader's memory map: some usable memory above 1 MiB, enough for the
       kernel's 16 MiB reserve and user pages. */
    MBOOT_CHECK(get_size() >= 1);
    for (i = 0; i < get_size(); i++)
        if (is_usable(i) && get_mms(i) >= 0x100000)
            usable_above_1m += get_mml(i) / 1024;
    MBOOT_CHECK(usable_above_1m >= 32 * 1024);
    MBOOT_CHECK(get_mml(get_size()) == 0);

    /* Port I/O round trip through the 16550's scratch register. */
    outb(0x3FF, 0x5A);
    MBOOT_CHECK(inb(0x3FF) == 0x5A);
    outb(0x3FF, 0xA5);
    MBOOT_CHECK(inb(0x3FF) == 0xA5);

    /* A gate lands in the IDT the CPU uses, encoded as an interrupt gate. */
    idt_set_gate(200, 0x12345678, 3);
    asm volatile("sidt (%0)" : : "r"(pd) : "memory");
    idt = (unsigned int *)(pd[1] | ((unsigned int)pd[2] << 16));
    MBOOT_CHECK(pd[0] == 256 * 8 - 1);
    MBOOT_CHECK(idt[400] == (0x5678 | (SEG_KCODE << 16)));
    MBOOT_CHECK(idt[401] == (0x12340000 | 0x8E00 | (3 << 13)));
    idt[400] = 0;
    idt[401] = 0;

    mboot_test_puts("MBoot: PASS\n");
    return 0;
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    machine_init(mbi);
    machine_exit(test_MBoot() == 0 ? 0 : 1);
}
#endif
