/* The PIC and the PIT: remap the 8259As, run channel 0 in modes 2, 3 and 0 and count
 * IRQ 0s while halting; EOI discipline (no second IRQ until EOI), masking with IRR
 * still latching, automatic EOI, latch and read-back commands, and channel 2 through
 * port 0x61. Everything printed is the same however fast the machine runs: QEMU's PIT
 * follows the host clock, so a check that counts ticks caps the count (tick_cap) instead
 * of hoping that no further tick lands between the event and the following cli. */
#include "x86.h"

static volatile u32 ticks;
static volatile u32 tick_cap = ~0u;
static volatile u32 isr_in_handler;
static volatile int send_eoi = 1;
static int failures;

static void verdict(const char *what, int ok) {
    puts(what);
    puts(ok ? " ok\n" : " FAIL\n");
    if (!ok) failures++;
}

static u8 read_isr(void) {
    outb(0x20, 0x0b);
    u8 v = inb(0x20);
    outb(0x20, 0x0a);
    return v;
}

static u8 read_irr(void) {
    outb(0x20, 0x0a);
    return inb(0x20);
}

static void timer_irq(struct frame *f) {
    (void)f;
    if (ticks < tick_cap) ticks++;
    isr_in_handler = read_isr();
    if (send_eoi) outb(0x20, 0x20);
}

static void pic_init(int auto_eoi) {
    outb(0x20, 0x11);
    outb(0x21, 0x20);
    outb(0x21, 0x04);
    outb(0x21, auto_eoi ? 0x03 : 0x01);
    outb(0xa0, 0x11);
    outb(0xa1, 0x28);
    outb(0xa1, 0x02);
    outb(0xa1, 0x01);
    outb(0x21, 0xfe); /* only IRQ 0 */
    outb(0xa1, 0xff);
}

static void pit_start(int mode, u32 count) {
    outb(0x43, 0x30 | (mode << 1));
    outb(0x40, count & 0xff);
    outb(0x40, count >> 8);
}

/* Counts ticks from zero up to n and no further. */
static void count_ticks_up_to(u32 n) {
    ticks = 0;
    tick_cap = n;
}

static void wait_ticks(u32 n) {
    while (ticks < n) __asm__ volatile("sti; hlt; cli");
}

static u32 latch_count(void) {
    outb(0x43, 0x00);
    u32 lo = inb(0x40);
    return lo | inb(0x40) << 8;
}

u32 kmain(void) {
    gdt_init();
    idt_init();
    trap_handlers[0x20] = timer_irq;
    pic_init(0);
    put_label_hex("imr", inb(0x21));
    put_label_hex("simr", inb(0xa1));
    newline();

    count_ticks_up_to(5);
    pit_start(2, 11932); /* 100 Hz */
    wait_ticks(5);
    cli();
    verdict("mode 2: 5 ticks while halting", ticks == 5);
    verdict("mode 2: ISR bit 0 set in the handler", isr_in_handler == 0x01);
    verdict("mode 2: ISR clear after EOI", read_isr() == 0);

    u32 c = latch_count();
    verdict("mode 2: latched count below the reload value", c < 11932);
    outb(0x43, 0xe2); /* read back status of channel 0 */
    u8 status = inb(0x40);
    put_label_hex("status", status & 0x3f);
    newline();

    count_ticks_up_to(4);
    pit_start(3, 5966);
    wait_ticks(4);
    cli();
    verdict("mode 3: 4 ticks", ticks == 4);
    outb(0x43, 0xe2);
    put_label_hex("status", inb(0x40) & 0x3f);
    newline();

    /* Without EOI, the next tick stays in IRR behind the in-service IRQ 0 (at 1 kHz,
     * so that the polling below is short). */
    pit_start(2, 1193);
    count_ticks_up_to(2);
    send_eoi = 0;
    wait_ticks(1);
    while ((read_irr() & 1) == 0) {}
    sti();
    for (volatile int i = 0; i < 1000; i++) {}
    cli();
    verdict("no EOI: one tick, the next waits in IRR", ticks == 1 && (read_irr() & 1) && read_isr() == 1);
    send_eoi = 1;
    outb(0x20, 0x20);
    sti();
    __asm__ volatile("nop");
    cli();
    verdict("after EOI: the waiting tick is delivered", ticks == 2);

    /* Masked: IRR latches, nothing is delivered; unmasking delivers it. */
    outb(0x21, 0xff);
    count_ticks_up_to(1);
    outb(0x20, 0x0a);
    while ((read_irr() & 1) == 0) {}
    sti();
    for (volatile int i = 0; i < 1000; i++) {}
    cli();
    verdict("masked: IRR set, no delivery", ticks == 0);
    outb(0x21, 0xfe);
    sti();
    __asm__ volatile("nop");
    cli();
    verdict("unmasked: delivered", ticks == 1);

    /* Mode 0: one interrupt at terminal count, then none. */
    pit_start(0, 2000);
    count_ticks_up_to(~0u);
    wait_ticks(1);
    /* Channel 2, gated by port 0x61, times a wait of about 5 ms in mode 0. */
    outb(0x61, (inb(0x61) & ~0x02) | 0x01);
    outb(0x43, 0xb0);
    outb(0x42, 0x00);
    outb(0x42, 0x18);
    sti();
    while ((inb(0x61) & 0x20) == 0) {}
    cli();
    verdict("mode 0: exactly one tick", ticks == 1);
    outb(0x43, 0xe8);
    put_label_hex("ch2 status", inb(0x42));
    newline();

    /* Automatic EOI: ISR stays clear in the handler. */
    pic_init(1);
    send_eoi = 0;
    count_ticks_up_to(3);
    pit_start(2, 1193);
    wait_ticks(3);
    cli();
    verdict("auto EOI: 3 ticks", ticks == 3);
    verdict("auto EOI: ISR clear in the handler", isr_in_handler == 0);

    puts("timer done\n");
    return failures;
}
