/*
 * MBoot: the bottom layer, the machine as the layers above see it.
 *
 * It owns the multiboot memory map (copied out at boot so the rest of the
 * kernel never parses multiboot structures), the COM1 UART, the descriptor
 * tables (GDT with kernel and user segments and one TSS; an IDT whose gates the
 * trap layer fills) and the control registers.
 */
#include "types.h"
#include "kconst.h"
#include "export.h"

#define COM1            0x3F8
#define EXIT_PORT       0xF4
#define MAX_MMAP        32
#define MB_FLAG_MEM     0x01
#define MB_FLAG_MMAP    0x40
#define UART_TX_READY   0x20
#define UART_SPIN_LIMIT 100000

void segments_reload(void);

struct mmap_entry {
    unsigned int start;
    unsigned int length;
    unsigned int usable;
};

static struct mmap_entry mmap_table[MAX_MMAP];
static unsigned int mmap_count;

static unsigned int gdt[6 * 2];
static unsigned int tss[26];
static unsigned int idt[256 * 2];
static unsigned short gdt_pd[3];
static unsigned short idt_pd[3];

void outb(unsigned int port, unsigned int data)
{
    asm volatile("outb %0, %1" : : "a"((unsigned char)data), "d"((unsigned short)port));
}

unsigned int inb(unsigned int port)
{
    unsigned char v;
    asm volatile("inb %1, %0" : "=a"(v) : "d"((unsigned short)port));
    return v;
}

static void serial_init(void)
{
    outb(COM1 + 1, 0x00);   /* no UART interrupts: the console polls */
    outb(COM1 + 3, 0x80);   /* divisor latch */
    outb(COM1 + 0, 0x01);   /* 115200 baud */
    outb(COM1 + 1, 0x00);
    outb(COM1 + 3, 0x03);   /* 8N1 */
    outb(COM1 + 2, 0xC7);   /* FIFO on, cleared */
    outb(COM1 + 4, 0x0B);
}

void serial_putc(char c)
{
    int spins = 0;
    /* Bounded: a missing UART must not hang the kernel. */
    while ((inb(COM1 + 5) & UART_TX_READY) == 0 && spins < UART_SPIN_LIMIT)
        spins++;
    outb(COM1, (unsigned char)c);
}

void machine_exit(int code)
{
    outb(EXIT_PORT, (unsigned int)code);
    for (;;) {
        asm volatile("cli");
        asm volatile("hlt");
    }
}

/* Multiboot v1: the BIOS memory map when the loader gives one, else the
   mem_upper figure as a single region starting at 1 MiB. */
static void mmap_load(unsigned int mbi)
{
    unsigned int *info = (unsigned int *)mbi;
    unsigned int flags;

    mmap_count = 0;
    if (mbi == 0)
        return;
    flags = info[0];
    if (flags & MB_FLAG_MMAP) {
        unsigned int addr = info[12];
        unsigned int end = addr + info[11];
        while (addr < end && mmap_count < MAX_MMAP) {
            unsigned int *e = (unsigned int *)addr;
            unsigned int size = e[0];
            unsigned int base_lo = e[1], base_hi = e[2];
            unsigned int len_lo = e[3], len_hi = e[4];
            unsigned int type = e[5];
            if (base_hi == 0) {
                struct mmap_entry *m = &mmap_table[mmap_count];
                unsigned int room = 0xFFFFFFFF - base_lo;
                m->start = base_lo;
                m->length = (len_hi != 0 || len_lo > room) ? room : len_lo;
                m->usable = type == 1;
                mmap_count++;
            }
            addr += size + 4;
        }
    } else if (flags & MB_FLAG_MEM) {
        mmap_table[0].start = 0x100000;
        mmap_table[0].length = info[2] * 1024;
        mmap_table[0].usable = 1;
        mmap_count = 1;
    }
}

unsigned int get_size(void) { return mmap_count; }
unsigned int get_mms(unsigned int i) { return i < mmap_count ? mmap_table[i].start : 0; }
unsigned int get_mml(unsigned int i) { return i < mmap_count ? mmap_table[i].length : 0; }
unsigned int is_usable(unsigned int i) { return i < mmap_count ? mmap_table[i].usable : 0; }

static void gdt_set(unsigned int i, unsigned int base, unsigned int limit,
                    unsigned int access, unsigned int flags)
{
    gdt[2 * i] = (limit & 0xFFFF) | ((base & 0xFFFF) << 16);
    gdt[2 * i + 1] = ((base >> 16) & 0xFF) | (access << 8) | (limit & 0xF0000)
                     | (flags << 20) | (base & 0xFF000000);
}

static void gdt_load(void)
{
    gdt_set(0, 0, 0, 0, 0);
    gdt_set(1, 0, 0xFFFFF, 0x9A, 0xC);          /* kernel code */
    gdt_set(2, 0, 0xFFFFF, 0x92, 0xC);          /* kernel data */
    gdt_set(3, 0, 0xFFFFF, 0xFA, 0xC);          /* user code */
    gdt_set(4, 0, 0xFFFFF, 0xF2, 0xC);          /* user data */
    gdt_set(5, (unsigned int)tss, sizeof(tss) - 1, 0x89, 0x0);
    tss[2] = SEG_KDATA;                         /* ss0 */
    tss[25] = sizeof(tss) << 16;                /* no I/O bitmap */
    gdt_pd[0] = sizeof(gdt) - 1;
    gdt_pd[1] = (unsigned int)gdt & 0xFFFF;
    gdt_pd[2] = (unsigned int)gdt >> 16;
    asm volatile("lgdt (%0)" : : "r"(gdt_pd) : "memory");
    segments_reload();
    asm volatile("ltr %0" : : "a"((unsigned short)SEG_TSS));
}

static void idt_load(void)
{
    idt_pd[0] = sizeof(idt) - 1;
    idt_pd[1] = (unsigned int)idt & 0xFFFF;
    idt_pd[2] = (unsigned int)idt >> 16;
    asm volatile("lidt (%0)" : : "r"(idt_pd) : "memory");
}

void machine_init(unsigned int mbi)
{
    mmap_load(mbi);
    serial_init();
    gdt_load();
    idt_load();
}

/* An interrupt gate (IF cleared on entry: the kernel runs with interrupts off). */
void idt_set_gate(unsigned int vector, unsigned int handler, unsigned int dpl)
{
    if (vector >= 256)
        return;
    idt[2 * vector] = (handler & 0xFFFF) | (SEG_KCODE << 16);
    idt[2 * vector + 1] = (handler & 0xFFFF0000) | 0x8E00 | ((dpl & 3) << 13);
}

void tss_set_esp0(unsigned int esp0) { tss[1] = esp0; }

void set_cr3(unsigned int pdir)
{
    asm volatile("movl %0, %%cr3" : : "r"(pdir) : "memory");
}

void enable_paging(void)
{
    unsigned int cr0;
    asm volatile("movl %%cr0, %0" : "=r"(cr0));
    cr0 |= 0x80010000;      /* PG, and WP so the kernel too honours read-only pages */
    asm volatile("movl %0, %%cr0" : : "r"(cr0) : "memory");
}

unsigned int get_cr2(void)
{
    unsigned int v;
    asm volatile("movl %%cr2, %0" : "=r"(v));
    return v;
}
