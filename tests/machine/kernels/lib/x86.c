#include "x86.h"

u64 gdt[GDT_ENTRIES];
struct tss tss;
trap_handler trap_handlers[256];
static u64 idt[256];
extern u32 vector_stubs[256];

u64 seg_desc(u32 base, u32 limit, u32 access, u32 flags) {
    u64 d = limit & 0xffff;
    d |= (u64)(base & 0xffffff) << 16;
    d |= (u64)(access & 0xff) << 40;
    d |= (u64)((limit >> 16) & 0xf) << 48;
    d |= (u64)(flags & 0xf) << 52;
    d |= (u64)(base >> 24) << 56;
    return d;
}

void load_gdt(void) {
    struct { u16 limit; u32 base; } __attribute__((packed)) gdtr = {sizeof gdt - 1, (u32)gdt};
    __asm__ volatile("lgdt %0\n\t"
                     "ljmp $0x08, $1f\n"
                     "1:\n\t"
                     "mov $0x10, %%ax\n\t"
                     "mov %%ax, %%ds\n\t"
                     "mov %%ax, %%es\n\t"
                     "mov %%ax, %%fs\n\t"
                     "mov %%ax, %%gs\n\t"
                     "mov %%ax, %%ss\n\t"
                     : : "m"(gdtr) : "eax", "memory");
}

void gdt_init(void) {
    gdt[0] = 0;
    gdt[1] = seg_desc(0, 0xfffff, 0x9a, 0xc); /* ring 0 code */
    gdt[2] = seg_desc(0, 0xfffff, 0x92, 0xc); /* ring 0 data */
    gdt[3] = seg_desc(0, 0xfffff, 0xfa, 0xc); /* ring 3 code */
    gdt[4] = seg_desc(0, 0xfffff, 0xf2, 0xc); /* ring 3 data */
    tss.ss0 = KERNEL_DS;
    tss.iomap = (u32)sizeof tss << 16; /* I/O bitmap base beyond the limit: no ports for ring 3 */
    gdt[5] = seg_desc((u32)&tss, sizeof tss - 1, 0x89, 0x0); /* available 32-bit TSS */
    load_gdt();
    __asm__ volatile("ltr %w0" : : "r"(TSS_SEL));
}

static void set_gate(int vector, u32 handler, int type, int dpl, int present) {
    idt[vector] = (handler & 0xffff) | ((u64)KERNEL_CS << 16) |
                  ((u64)((present ? 0x80 : 0) | (dpl << 5) | type) << 40) |
                  ((u64)(handler >> 16) << 48);
}

void idt_set(int vector, int type, int dpl) { set_gate(vector, vector_stubs[vector], type, dpl, 1); }

void idt_set_present(int vector, int present) { set_gate(vector, vector_stubs[vector], 0xe, 0, present); }

void idt_init(void) {
    for (int i = 0; i < 256; i++) idt_set(i, 0xe, 0);
    struct { u16 limit; u32 base; } __attribute__((packed)) idtr = {sizeof idt - 1, (u32)idt};
    __asm__ volatile("lidt %0" : : "m"(idtr));
}

static void unexpected(struct frame *f) {
    puts("unexpected trap ");
    put_hex8(f->vector);
    put_label_hex(" err", f->error);
    put_label_hex("eip", f->eip);
    put_label_hex("cr2", read_cr2());
    newline();
    qemu_exit(0x7f);
}

void trap(struct frame *f) {
    trap_handler h = trap_handlers[f->vector];
    if (h) h(f);
    else unexpected(f);
}
