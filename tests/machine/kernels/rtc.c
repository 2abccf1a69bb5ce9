/* The RTC's periodic interrupt on IRQ 8, through the slave PIC and the cascade:
 * register C in the handler, EOI to both chips, ISR on both while in service, and
 * ten interrupts at 1024 Hz while halting. */
#include "x86.h"

/* Ten ticks are counted and no more: QEMU's RTC follows the host clock, so an 11th could
 * otherwise land between the last wake-up and the cli after it. */
enum { TICKS_WANTED = 10 };

static volatile u32 ticks, reg_c, master_isr, slave_isr;

static u8 cmos_read(u8 reg) {
    outb(0x70, reg);
    return inb(0x71);
}

static void rtc_irq(struct frame *f) {
    (void)f;
    if (ticks < TICKS_WANTED) ticks++;
    reg_c = cmos_read(0x0c);
    outb(0x20, 0x0b);
    master_isr = inb(0x20);
    outb(0xa0, 0x0b);
    slave_isr = inb(0xa0);
    outb(0xa0, 0x20);
    outb(0x20, 0x20);
}

static void show(const char *label, u32 value) {
    put_label_hex(label, value);
    newline();
}

u32 kmain(void) {
    gdt_init();
    idt_init();
    trap_handlers[0x28] = rtc_irq;
    outb(0x20, 0x11); outb(0x21, 0x20); outb(0x21, 0x04); outb(0x21, 0x01);
    outb(0xa0, 0x11); outb(0xa1, 0x28); outb(0xa1, 0x02); outb(0xa1, 0x01);
    outb(0x21, 0xfb); /* only the cascade */
    outb(0xa1, 0xfe); /* only IRQ 8 */
    show("rate", cmos_read(0x0a) & 0x0f);
    cmos_read(0x0c);
    outb(0x70, 0x0b);
    outb(0x71, inb(0x71) | 0x40);
    while (ticks < TICKS_WANTED) __asm__ volatile("sti; hlt; cli");
    outb(0x70, 0x0b);
    outb(0x71, inb(0x71) & ~0x40);
    show("ticks", ticks);
    show("register c", reg_c & 0xc0);
    show("master isr in handler", master_isr);
    show("slave isr in handler", slave_isr);
    outb(0x20, 0x0b);
    show("master isr after", inb(0x20));
    puts("rtc done\n");
    return 0;
}
