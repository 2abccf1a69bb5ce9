/* Descriptor tables and privilege transfers: sgdt/sidt/str/sldt, an LDT and a segment
 * with a base, lar/lsl/verr/verw over many selectors, a call gate from ring 0 and from
 * ring 3 (with the TSS stack switch), and a hardware interrupt taken in ring 3. */
#include "catch.h"

void enter_user_flags(void (*fn)(void), u32 stack_top, u32 eflags);
int save_context(void);
void resume_context(void) __attribute__((noreturn));

static u64 ldt[4];
static u8 user_stack[8192] __attribute__((aligned(16)));
static u8 interrupt_stack[8192] __attribute__((aligned(16)));
static volatile u32 ticks, tick_cs, tick_on_esp0, gate_cs, gate_esp_on_esp0, gate_caller_cs;
u32 window[4] = {0x11111111, 0x22222222, 0x33333333, 0x44444444};

/* The call gate's target: ring 0 code that records how it was reached. */
extern void gate_target(void);
__asm__(".text\n"
        "gate_target:\n\t"
        "pushl %ebp\n\t"
        "movl %esp, %ebp\n\t"
        "movl %cs, %eax\n\t"
        "movl %eax, gate_cs\n\t"
        "movl %esp, gate_esp\n\t"
        "movl 8(%ebp), %eax\n\t"
        "movl %eax, gate_caller_cs\n\t"
        "popl %ebp\n\t"
        "lret\n");
u32 gate_esp;

static void show(const char *label, u32 value) {
    put_label_hex(label, value);
    newline();
}

static void probe(u16 selector) {
    u32 lar = 0xdeadbeef, lsl = 0xdeadbeef;
    u8 zl, zs, zr, zw;
    __asm__ volatile("larl %k2, %0\n\tsetz %1" : "+r"(lar), "=q"(zl) : "r"((u32)selector) : "cc");
    __asm__ volatile("lsll %k2, %0\n\tsetz %1" : "+r"(lsl), "=q"(zs) : "r"((u32)selector) : "cc");
    __asm__ volatile("verr %w1\n\tsetz %0" : "=q"(zr) : "r"(selector) : "cc");
    __asm__ volatile("verw %w1\n\tsetz %0" : "=q"(zw) : "r"(selector) : "cc");
    puts("sel ");
    put_hex(selector, 4);
    put_label_hex(" lar", lar);
    put_hex8(zl);
    put_label_hex(" lsl", lsl);
    put_hex8(zs);
    puts(" verr ");
    put_hex8(zr);
    puts(" verw ");
    put_hex8(zw);
    newline();
}

static void tick(struct frame *f) {
    ticks++;
    tick_cs = f->cs;
    u32 here = (u32)f;
    tick_on_esp0 = here >= (u32)interrupt_stack && here < (u32)interrupt_stack + sizeof interrupt_stack;
    outb(0x20, 0x20);
}

static void back_to_kernel(struct frame *f) {
    (void)f;
    resume_context();
}

static void user_main(void) {
    /* Through the call gate to ring 0 and back. */
    __asm__ volatile("lcall $0x3b, $0" : : : "eax", "memory");
    /* A timer interrupt while running in ring 3 (IF is on here). */
    while (ticks < 3) __asm__ volatile("");
    __asm__ volatile("int $0x80");
    for (;;) {}
}

u32 kmain(void) {
    gdt_init();
    tss.esp0 = (u32)interrupt_stack + sizeof interrupt_stack;
    idt_init();
    catch_all();

    struct { u16 limit; u32 base; } __attribute__((packed)) gdtr, idtr;
    __asm__ volatile("sgdt %0\n\tsidt %1" : "=m"(gdtr), "=m"(idtr));
    show("gdt limit", gdtr.limit);
    show("gdt base ok", gdtr.base == (u32)gdt);
    show("idt limit", idtr.limit);
    u32 tr = 0, ldtr = 0xffff;
    __asm__ volatile("str %0\n\tsldt %1" : "=r"(tr), "=r"(ldtr));
    show("tr", tr & 0xffff);
    show("ldtr", ldtr & 0xffff);

    /* An LDT with a data segment whose base is window[1]. */
    ldt[1] = seg_desc((u32)&window[1], 0xf, 0x92, 0x4);
    ldt[2] = seg_desc(0, 0xfffff, 0xfa, 0xc); /* ring 3 code in the LDT */
    gdt[6] = seg_desc((u32)ldt, sizeof ldt - 1, 0x82, 0x0);
    /* A call gate for ring 3 into gate_target, no parameters. */
    u32 target = (u32)gate_target;
    gdt[7] = (target & 0xffff) | ((u64)KERNEL_CS << 16) | ((u64)0xec << 40) | ((u64)(target >> 16) << 48);
    __asm__ volatile("lldt %w0" : : "r"(0x30));
    __asm__ volatile("sldt %0" : "=r"(ldtr));
    show("ldtr", ldtr & 0xffff);
    u32 through_fs;
    __asm__ volatile("movw $0x0c, %%ax\n\tmovw %%ax, %%fs\n\tmovl %%fs:4, %0\n\tmovw $0x10, %%ax\n\tmovw %%ax, %%fs"
                     : "=r"(through_fs) : : "eax");
    show("fs:4 via ldt", through_fs);

    static const u16 selectors[] = {0x0000, 0x0008, 0x0010, 0x001b, 0x0023, 0x0028, 0x0030, 0x0038,
                                    0x000c, 0x0014, 0x0017, 0x001c, 0x0050, 0xfff8, 0x000b, 0x0013};
    for (unsigned i = 0; i < sizeof selectors / sizeof selectors[0]; i++) probe(selectors[i]);

    /* The call gate from ring 0: same privilege, no stack switch. */
    __asm__ volatile("lcall $0x38, $0" : : : "eax", "memory");
    show("gate from ring 0: cs", gate_cs);
    show("caller cs", gate_caller_cs);

    /* Ring 3: the gate (with a stack switch) and a timer interrupt. */
    trap_handlers[0x20] = tick;
    trap_handlers[0x80] = back_to_kernel;
    idt_set(0x80, 0xe, 3);
    outb(0x20, 0x11); outb(0x21, 0x20); outb(0x21, 0x04); outb(0x21, 0x01); outb(0x21, 0xfe);
    outb(0xa0, 0x11); outb(0xa1, 0x28); outb(0xa1, 0x02); outb(0xa1, 0x01); outb(0xa1, 0xff);
    outb(0x43, 0x34); outb(0x40, 1193 & 0xff); outb(0x40, 1193 >> 8);
    if (save_context() == 0) enter_user_flags(user_main, (u32)user_stack + sizeof user_stack, 0x202);
    cli();
    show("gate from ring 3: cs", gate_cs);
    show("caller cs", gate_caller_cs);
    gate_esp_on_esp0 = gate_esp >= (u32)interrupt_stack && gate_esp < (u32)interrupt_stack + sizeof interrupt_stack;
    show("gate stack switched", gate_esp_on_esp0);
    show("ticks at least 3", ticks >= 3);
    show("tick interrupted cs", tick_cs);
    show("tick on esp0", tick_on_esp0);
    puts("segments done\n");
    return failures;
}
