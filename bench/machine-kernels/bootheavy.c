/* A boot-like guest for bench/machine.mjs: what a kernel does while it comes up,
 * ROUNDS times (from the command line): build page tables for all of RAM, switch
 * paging on, zero memory through it, take page faults that map pages on demand,
 * program the PIC and PIT and sleep through timer ticks, and log to the console. */
#include "x86.h"

struct mbi { u32 flags, mem_lower, mem_upper, boot_device, cmdline; };

#define RAM_MIB 64
static u32 pd[1024] __attribute__((aligned(4096)));
static u32 pts[RAM_MIB / 4][1024] __attribute__((aligned(4096)));
static u32 window_pt[1024] __attribute__((aligned(4096)));
static volatile u32 ticks, faults;
static u32 next_frame = 32u << 20;

static u32 parse_rounds(const char *s) {
    u32 n = 0;
    while (*s && *s != ' ') s++;
    while (*s == ' ') s++;
    if (*s < '0' || *s > '9') return 2;
    while (*s >= '0' && *s <= '9') n = n * 10 + (u32)(*s++ - '0');
    return n;
}

static void tick(struct frame *f) {
    (void)f;
    ticks++;
    outb(0x20, 0x20);
}

static void page_fault(struct frame *f) {
    (void)f;
    u32 address = read_cr2();
    window_pt[(address >> 12) & 1023] = next_frame | 3;
    next_frame += 4096;
    faults++;
}

u32 kmain(u32 magic, struct mbi *mbi) {
    (void)magic;
    u32 rounds = parse_rounds((const char *)mbi->cmdline);
    gdt_init();
    idt_init();
    trap_handlers[0x20] = tick;
    trap_handlers[14] = page_fault;
    outb(0x20, 0x11); outb(0x21, 0x20); outb(0x21, 0x04); outb(0x21, 0x01); outb(0x21, 0xfe);
    outb(0xa0, 0x11); outb(0xa1, 0x28); outb(0xa1, 0x02); outb(0xa1, 0x01); outb(0xa1, 0xff);
    for (u32 r = 0; r < rounds; r++) {
        write_cr0(read_cr0() & ~0x80000000u);
        for (u32 t = 0; t < RAM_MIB / 4; t++) {
            for (u32 i = 0; i < 1024; i++) pts[t][i] = (t << 22) | (i << 12) | 3;
            pd[t] = (u32)pts[t] | 3;
        }
        for (u32 i = 0; i < 1024; i++) window_pt[i] = 0;
        pd[0x200] = (u32)window_pt | 3; /* 0x80000000: mapped on demand */
        write_cr3((u32)pd);
        write_cr0(read_cr0() | 0x80000000);
        memset((void *)(16u << 20), 0, 8u << 20);
        faults = 0;
        next_frame = 32u << 20;
        for (u32 page = 0; page < 512; page++) *(volatile u32 *)(0x80000000u + page * 4096) = page;
        ticks = 0;
        outb(0x43, 0x34); outb(0x40, 1193 & 0xff); outb(0x40, 1193 >> 8);
        while (ticks < 20) __asm__ volatile("sti; hlt; cli");
        puts("round ");
        put_dec(r);
        put_label_hex(" faults", faults);
        put_label_hex("ticks", ticks);
        newline();
    }
    puts("bootheavy done\n");
    return 0;
}
