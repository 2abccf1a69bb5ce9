/* Interrupt delivery: interrupt gates clear IF and trap gates keep it, TF is cleared on
 * entry, IRET restores the flags a handler edits, a timer interrupt nests inside a
 * trap-gate handler, STI's one-instruction shadow before HLT, and the x87 probes a
 * kernel makes (FNINIT, FNSTSW, FNSTCW; #NM with CR0.EM or CR0.TS). */
#include "catch.h"

static volatile u32 handler_flags, depth, max_depth, ticks, tick_depth;

static void record_flags(struct frame *f) {
    handler_flags = read_eflags();
    (void)f;
}

static void set_carry(struct frame *f) { f->eflags |= 1; }

static void tick(struct frame *f) {
    (void)f;
    ticks++;
    /* The deepest tick, not the last: QEMU's timer follows the host clock, so a later
     * tick may land outside the nesting handler before the cli that ends the test. */
    if (depth + 1 > tick_depth) tick_depth = depth + 1;
    outb(0x20, 0x20);
}

static void wait_for_tick(struct frame *f) {
    (void)f;
    depth++;
    if (depth > max_depth) max_depth = depth;
    u32 before = ticks;
    while (ticks == before) __asm__ volatile("");
    depth--;
}

static void show(const char *label, u32 value) {
    put_label_hex(label, value);
    newline();
}

u32 kmain(void) {
    gdt_init();
    idt_init();
    catch_all();
    trap_handlers[0x40] = record_flags;
    trap_handlers[0x41] = record_flags;
    trap_handlers[0x42] = set_carry;
    trap_handlers[0x43] = wait_for_tick;
    trap_handlers[0x20] = tick;
    idt_set(0x41, 0xf, 0); /* trap gate */
    idt_set(0x43, 0xf, 0);

    sti();
    __asm__ volatile("int $0x40");
    show("interrupt gate: handler IF", (handler_flags >> 9) & 1);
    __asm__ volatile("int $0x41");
    show("trap gate: handler IF", (handler_flags >> 9) & 1);
    cli();
    __asm__ volatile("int $0x41");
    show("trap gate, IF off: handler IF", (handler_flags >> 9) & 1);
    /* Single-stepping into INT: the handler runs with TF clear; the step trap that
     * follows lands in the catcher, which clears TF and resumes after the snippet. */
    TRY("pushfl\n\torl $0x100, (%%esp)\n\tpopfl\n\tint $0x40\n\tnop\n\tnop");
    show("TF in handler", (handler_flags >> 8) & 1);
    show("then vector", got_vector);

    u32 carry;
    __asm__ volatile("clc\n\tint $0x42\n\tsetc %b0" : "=q"(carry) : : "cc");
    show("flags edited by the handler", carry & 1);

    /* Timer at 1 kHz; a trap-gate handler waits for a tick, which nests inside it. */
    outb(0x20, 0x11); outb(0x21, 0x20); outb(0x21, 0x04); outb(0x21, 0x01); outb(0x21, 0xfe);
    outb(0xa0, 0x11); outb(0xa1, 0x28); outb(0xa1, 0x02); outb(0xa1, 0x01); outb(0xa1, 0xff);
    outb(0x43, 0x34); outb(0x40, 1193 & 0xff); outb(0x40, 1193 >> 8);
    sti();
    __asm__ volatile("int $0x43");
    cli();
    show("nested: handler depth", max_depth);
    show("nested: tick depth", tick_depth);

    /* STI; HLT: the interrupt that wakes HLT is taken after it, not before. */
    u32 before = ticks, woke_at;
    __asm__ volatile("sti\n\thlt\n1:\n\tcli\n\tmovl $1b, %0" : "=r"(woke_at));
    show("woken by a tick", ticks > before);

    /* x87 probes. */
    u16 sw = 0xffff, cw = 0;
    __asm__ volatile("fninit\n\tfnstsw %0\n\tfnstcw %1" : "=m"(sw), "=m"(cw));
    show("fnstsw", sw);
    show("fnstcw", cw);
    u16 sw_ax = 0xffff;
    __asm__ volatile("fnstsw %%ax" : "=a"(sw_ax));
    show("fnstsw ax", sw_ax);
    show("cr0 low bits", read_cr0() & 0x3f);
    write_cr0(read_cr0() | 0x4);
    TRY("fninit");
    check("#NM with CR0.EM", 7, 0);
    write_cr0(read_cr0() & ~0x4u);
    TRY("fwait");
    check("fwait without TS", NO_TRAP, 0);
    puts("interrupts done\n");
    return failures;
}
