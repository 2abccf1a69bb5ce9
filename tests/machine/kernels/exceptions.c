/* Exceptions: each one this machine can raise from ring 0, with the vector, the error
 * code and the faulting EIP the CPU reports, checked against the manuals. */
#include "catch.h"

u32 bounds[2] = {10, 20};

u32 kmain(void) {
    gdt_init();
    gdt[6] = seg_desc(0, 0xfffff, 0x12, 0xc);  /* 0x30: data, not present */
    gdt[8] = seg_desc(0, 0xfff, 0x92, 0x4);    /* 0x40: data, 4 KiB limit */
    gdt[9] = seg_desc(0, 0xfffff, 0x98, 0xc);  /* 0x48: execute-only code */
    load_gdt();
    idt_init();
    catch_all();
    trap_handlers[0x40] = catcher;
    trap_handlers[0x50] = catcher;

    TRY("xorl %%ecx, %%ecx\n\tmovl $1, %%eax\n\txorl %%edx, %%edx\n\tdivl %%ecx", "eax", "ecx", "edx");
    check("#DE div by zero", 0, 0);
    TRY("movl $0x80000000, %%eax\n\tcltd\n\tmovl $-1, %%ecx\n\tidivl %%ecx", "eax", "ecx", "edx");
    check("#DE idiv overflow", 0, 0);
    TRY("movw $0x1000, %%ax\n\tmovb $2, %%cl\n\tdivb %%cl", "eax", "ecx");
    check("#DE divb overflow", 0, 0);
    TRY("pushfl\n\torl $0x100, (%%esp)\n\tpopfl\n\tnop\n\tnop\n\tnop");
    check("#DB single step", 1, 0);
    TRY("int3");
    check("#BP int3", 3, 0);
    TRY("movl $0x7fffffff, %%eax\n\taddl $1, %%eax\n\tinto", "eax");
    check("#OF into", 4, 0);
    TRY("movl $1, %%eax\n\taddl $1, %%eax\n\tinto", "eax");
    check("into without OF", NO_TRAP, 0);
    TRY("movl $5, %%eax\n\tboundl %%eax, bounds", "eax");
    check("#BR below", 5, 0);
    TRY("movl $21, %%eax\n\tboundl %%eax, bounds", "eax");
    check("#BR above", 5, 0);
    TRY("movl $20, %%eax\n\tboundl %%eax, bounds", "eax");
    check("bound inside", NO_TRAP, 0);
    TRY("ud2");
    check("#UD ud2", 6, 0);
    TRY(".byte 0xf0, 0x90");
    check("#UD lock nop", 6, 0);
    TRY(".byte 0x0f, 0x20, 0xc8");
    check("#UD mov cr1", 6, 0);
    TRY(".byte 0xc5, 0xc0");
    check("#UD lds reg", 6, 0);
    TRY(".byte 0x0f, 0xff, 0xc0");
    check("#UD ud0", 6, 0);
    write_cr0(read_cr0() | 0x8);
    TRY("fninit");
    check("#NM fninit with TS", 7, 0);
    __asm__ volatile("clts");
    TRY("fninit");
    check("fninit", NO_TRAP, 0);
    TRY("movw $0x30, %%ax\n\tmovw %%ax, %%ds", "eax");
    check("#NP segment", 11, 0x30);
    idt_set_present(0x50, 0);
    TRY("int $0x50");
    check("#NP gate", 11, 0x50 * 8 + 2);
    TRY("movw $0x30, %%ax\n\tmovw %%ax, %%ss", "eax");
    check("#SS segment", 12, 0x30);
    TRY("movw $0x1000, %%ax\n\tmovw %%ax, %%es", "eax");
    check("#GP beyond GDT", 13, 0x1000);
    /* Data segment limits and write protection are not checked here: QEMU's TCG does not
     * enforce them, so there is no oracle. Loading such segments still works. */
    TRY("movw $0x40, %%ax\n\tmovw %%ax, %%gs", "eax");
    check("load limited segment", NO_TRAP, 0);
    TRY("movl %%gs:0xffc, %%eax", "eax");
    check("within limit", NO_TRAP, 0);
    __asm__ volatile("movw $0x10, %%ax\n\tmovw %%ax, %%gs" : : : "eax");
    TRY("movw $0x48, %%ax\n\tmovw %%ax, %%ds", "eax");
    check("#GP execute-only into ds", 13, 0x48);
    TRY("ljmp $0x10, $1f");
    check("#GP jump to data", 13, 0x10);
    TRY("movw $0x18, %%ax\n\tmovw %%ax, %%ss", "eax");
    check("#GP code into ss", 13, 0x18);
    TRY("movw $0x23, %%ax\n\tmovw %%ax, %%ss", "eax");
    check("#GP rpl3 into ss", 13, 0x20);
    idt_set_present(13, 0);
    TRY("movw $0x1000, %%ax\n\tmovw %%ax, %%es", "eax");
    check("#DF from #GP through absent gate", 8, 0);
    idt_set(13, 0xe, 0);
    TRY("int $0x40");
    check("int 0x40", 0x40, 0);
    TRY("int3\n\tint3\n\tnop");
    check("first of two int3", 3, 0);
    puts("exceptions done\n");
    return failures;
}
