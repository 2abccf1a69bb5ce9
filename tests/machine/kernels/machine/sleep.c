/* Sleeps one second of guest time in 100 timer interrupts, halting between them. */
#include "x86.h"
static volatile u32 ticks;
static void tick(struct frame *f) {
    (void)f;
    ticks++;
    outb(0x20, 0x20);
}
u32 kmain(void) {
    gdt_init();
    idt_init();
    trap_handlers[0x20] = tick;
    outb(0x20, 0x11); outb(0x21, 0x20); outb(0x21, 0x04); outb(0x21, 0x01); outb(0x21, 0xfe);
    outb(0x43, 0x34); outb(0x40, 11932 & 0xff); outb(0x40, 11932 >> 8);
    while (ticks < 100) __asm__ volatile("sti; hlt; cli");
    puts("slept 100 ticks\n");
    return 0;
}
