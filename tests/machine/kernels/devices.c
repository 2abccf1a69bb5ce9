/* The PC around the CPU as a kernel sees it at boot: the multiboot information
 * (memory sizes, memory map, command line), the CMOS memory-size bytes, the state the
 * firmware left the PICs, PIT and UART in, the 16550's registers (divisor latch,
 * scratch, FIFO identification, loopback with its modem-line wiring), its THR-empty
 * interrupt through the PIC on IRQ 4, unclaimed ports, and port 0x92. */
#include "x86.h"

struct mbi {
    u32 flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr, syms[4];
    u32 mmap_length, mmap_addr;
};

#define COM1 0x3f8
static volatile u32 irq4_count, iir_in_handler;

static void uart_irq(struct frame *f) {
    (void)f;
    irq4_count++;
    iir_in_handler = inb(COM1 + 2);
    outb(0x20, 0x20);
}

static void show(const char *label, u32 value) {
    put_label_hex(label, value);
    newline();
}

static u8 cmos(u8 reg) {
    outb(0x70, reg);
    return inb(0x71);
}

u32 kmain(u32 magic, struct mbi *mbi) {
    show("magic", magic);
    show("mbi flags", mbi->flags);
    show("mem_lower", mbi->mem_lower);
    show("mem_upper", mbi->mem_upper);
    show("mods", mbi->mods_count);
    puts("cmdline=[");
    puts((const char *)mbi->cmdline);
    puts("]\n");
    for (u32 p = mbi->mmap_addr; p < mbi->mmap_addr + mbi->mmap_length;) {
        u32 *e = (u32 *)p;
        put_label_hex("mmap base", e[1]);
        put_label_hex("len", e[3]);
        put_label_hex("type", e[5]);
        newline();
        p += e[0] + 4;
    }

    /* Register A without its update-in-progress bit, which depends on the moment. */
    static const u8 regs[] = {0x0b, 0x0d, 0x15, 0x16, 0x17, 0x18, 0x30, 0x31, 0x34, 0x35};
    puts("cmos a:");
    put_hex8(cmos(0x0a) & 0x7f);
    for (unsigned i = 0; i < sizeof regs; i++) {
        putc(' ');
        put_hex8(regs[i]);
        putc(':');
        put_hex8(cmos(regs[i]));
    }
    newline();

    /* What the firmware left behind. */
    show("pic imr", inb(0x21));
    show("pic simr", inb(0xa1));
    show("pic irr without IRQ 0", inb(0x20) & 0xfe); /* IRQ 0 depends on how long the boot took */
    outb(0x43, 0xe2);
    show("pit0 status", inb(0x40) & 0x7f);
    puts("uart");
    for (int r = 1; r < 8; r++) {
        putc(' ');
        put_hex8(inb(COM1 + r));
    }
    newline();
    show("port 92", inb(0x92));
    show("port 64", inb(0x64));
    show("unclaimed b", inb(0x2f0));
    show("unclaimed w", inw(0x2f0));
    show("unclaimed l", inl(0x2f0));
    show("exit port read", inb(0xf4));

    /* Divisor latch: 115200 baud, 8N1; the latch reads back, THR is untouched. */
    outb(COM1 + 3, 0x80);
    outb(COM1 + 0, 0x01);
    outb(COM1 + 1, 0x00);
    u8 dll = inb(COM1 + 0), dlm = inb(COM1 + 1);
    outb(COM1 + 3, 0x03);
    show("dll", dll);
    show("dlm", dlm);
    show("lcr", inb(COM1 + 3));
    outb(COM1 + 7, 0xa5);
    show("scratch", inb(COM1 + 7));
    outb(COM1 + 2, 0xc7);
    show("iir fifo", inb(COM1 + 2));
    outb(COM1 + 2, 0x00);
    show("iir no fifo", inb(COM1 + 2));

    /* Loopback: modem outputs wired to inputs, THR to RBR, nothing on the wire; the
     * results are printed after loopback ends, since printing would loop back too. */
    u8 loop[10];
    outb(COM1 + 4, 0x1f);
    loop[0] = inb(COM1 + 6);
    outb(COM1 + 4, 0x12);
    loop[1] = inb(COM1 + 6);
    outb(COM1 + 0, 'X');
    loop[2] = inb(COM1 + 5);
    loop[3] = inb(COM1 + 0);
    loop[4] = inb(COM1 + 5);
    outb(COM1 + 0, 'Y');
    outb(COM1 + 0, 'Z');
    loop[5] = inb(COM1 + 5);
    loop[6] = inb(COM1 + 5);
    loop[7] = inb(COM1 + 0);
    outb(COM1 + 4, 0x0b);
    loop[8] = inb(COM1 + 6);
    loop[9] = inb(COM1 + 5);
    puts("loopback");
    for (int i = 0; i < 10; i++) {
        putc(' ');
        put_hex8(loop[i]);
    }
    newline();

    /* String I/O: rep outsb to THR, and rep insb from RBR in loopback (one byte at a
     * time, since without a FIFO each byte overwrites the last). */
    static const char message[] = "rep outsb to COM1\n";
    const char *from = message;
    u32 n = sizeof message - 1;
    __asm__ volatile("cld\n\trep outsb" : "+S"(from), "+c"(n) : "d"(COM1) : "memory");
    u8 got[3];
    u8 *to = got;
    outb(COM1 + 4, 0x10);
    for (int i = 0; i < 3; i++) {
        outb(COM1, 'a' + i);
        u32 one = 1;
        __asm__ volatile("rep insb" : "+D"(to), "+c"(one) : "d"(COM1) : "memory");
    }
    outb(COM1 + 4, 0x0b);
    puts("insb");
    for (int i = 0; i < 3; i++) {
        putc(' ');
        putc(got[i]);
    }
    newline();
    u16 w = inw(COM1 + 4); /* MCR and LSR in one 16-bit read */
    show("inw mcr+lsr", w);

    /* THR-empty interrupt through the PIC on IRQ 4. */
    gdt_init();
    idt_init();
    trap_handlers[0x24] = uart_irq;
    outb(0x20, 0x11);
    outb(0x21, 0x20);
    outb(0x21, 0x04);
    outb(0x21, 0x01);
    outb(0x21, 0xef); /* only IRQ 4 */
    outb(0xa1, 0xff);
    outb(COM1 + 1, 0x02);
    sti();
    __asm__ volatile("nop");
    cli();
    show("irq4 after enable", irq4_count);
    show("iir in handler", iir_in_handler);
    show("iir after", inb(COM1 + 2));
    sti();
    puts("x\n"); /* each byte written raises THR empty again */
    cli();
    show("irq4 after output", irq4_count);
    outb(COM1 + 1, 0x00);

    /* (A20 stays on: turning it off under QEMU wraps the kernel's own addresses at 1 MiB.) */
    outb(0x92, 0x02);
    show("port 92 a20 on", inb(0x92));
    puts("devices done\n");
    return 0;
}
