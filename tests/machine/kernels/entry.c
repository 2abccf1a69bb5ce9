/* The machine state at the multiboot hand-off, beyond what multiboot promises, as
 * QEMU leaves it: GDTR and IDTR, the GDT's descriptors, segment registers and
 * CR0, and a far jump and segment loads through the loader's GDT without a GDT
 * of the kernel's own. */
#include "x86.h"

u32 kmain(u32 magic) {
    struct { u16 limit; u32 base; } __attribute__((packed)) gdtr, idtr;
    __asm__ volatile("sgdt %0\n\tsidt %1" : "=m"(gdtr), "=m"(idtr));
    put_label_hex("magic", magic);
    put_label_hex("gdtr", gdtr.base);
    put_label_hex("limit", gdtr.limit);
    put_label_hex("idtr", idtr.base);
    put_label_hex("limit", idtr.limit);
    newline();
    const u32 *gdt_words = (const u32 *)gdtr.base;
    for (u32 i = 0; i < (gdtr.limit + 1u) / 4; i++) put_label_hex("w", gdt_words[i]);
    newline();
    u32 cs, ds, ss, es;
    __asm__ volatile("movl %%cs, %0\n\tmovl %%ds, %1\n\tmovl %%ss, %2\n\tmovl %%es, %3" : "=r"(cs), "=r"(ds), "=r"(ss), "=r"(es));
    put_label_hex("cs", cs);
    put_label_hex("ds", ds);
    put_label_hex("ss", ss);
    put_label_hex("es", es);
    put_label_hex("cr0", read_cr0());
    put_label_hex("eflags", read_eflags());
    newline();
    u32 after;
    __asm__ volatile("ljmp $0x08, $1f\n1:\n\tmovw $0x10, %%ax\n\tmovw %%ax, %%fs\n\tmovl %%fs, %0" : "=r"(after) : : "eax");
    put_label_hex("fs after reload", after);
    newline();
    puts("entry done\n");
    return 0;
}
