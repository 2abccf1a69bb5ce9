/*
 * MIntr: the PC's interrupt hardware. The two 8259As are remapped to vectors
 * T_IRQ0..T_IRQ0+15 with every line masked but the timer's; the 8254's
 * channel 0 ticks at TIMER_HZ. The kernel itself runs with interrupts off,
 * so the timer only ever interrupts user code.
 */
#include "kconst.h"
#include "import.h"
#include "export.h"

#define PIC1_CMD    0x20
#define PIC1_DATA   0x21
#define PIC2_CMD    0xA0
#define PIC2_DATA   0xA1
#define PIC_EOI     0x20
#define PIC_READ_IRR 0x0A
#define PIT_CH0     0x40
#define PIT_CMD     0x43
#define PIT_HZ      1193182
#define TIMER_HZ    100
#define IRQ_CASCADE 2

void intr_init(void)
{
    unsigned int divisor = PIT_HZ / TIMER_HZ;

    outb(PIC1_DATA, 0xFF);
    outb(PIC2_DATA, 0xFF);
    outb(PIC1_CMD, 0x11);               /* ICW1: edge, cascade, ICW4 follows */
    outb(PIC1_DATA, T_IRQ0);            /* ICW2: vector base */
    outb(PIC1_DATA, 1 << IRQ_CASCADE);  /* ICW3: slave on IRQ2 */
    outb(PIC1_DATA, 0x01);              /* ICW4: 8086 mode */
    outb(PIC2_CMD, 0x11);
    outb(PIC2_DATA, T_IRQ0 + 8);
    outb(PIC2_DATA, IRQ_CASCADE);
    outb(PIC2_DATA, 0x01);
    outb(PIC1_DATA, 0xFE);              /* only the timer */
    outb(PIC2_DATA, 0xFF);

    outb(PIT_CMD, 0x34);                /* channel 0, lo/hi byte, mode 2 */
    outb(PIT_CH0, divisor & 0xFF);
    outb(PIT_CH0, divisor >> 8);
}

void intr_eoi(unsigned int irq)
{
    if (irq >= 8)
        outb(PIC2_CMD, PIC_EOI);
    outb(PIC1_CMD, PIC_EOI);
}

/* Bit n set: IRQ n masked. */
unsigned int intr_get_mask(void)
{
    return inb(PIC1_DATA) | (inb(PIC2_DATA) << 8);
}

/* Bit n set: IRQ n requested and not yet taken by the CPU. */
unsigned int intr_pending(void)
{
    unsigned int lo, hi;
    outb(PIC1_CMD, PIC_READ_IRR);
    outb(PIC2_CMD, PIC_READ_IRR);
    lo = inb(PIC1_CMD);
    hi = inb(PIC2_CMD);
    return lo | (hi << 8);
}

/* Channel 0's current count (latched, so the two bytes agree). */
unsigned int pit_read(void)
{
    unsigned int lo, hi;
    outb(PIT_CMD, 0x00);
    lo = inb(PIT_CH0);
    hi = inb(PIT_CH0);
    return lo | (hi << 8);
}
