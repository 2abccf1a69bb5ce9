/* Privilege levels: iret into ring 3, system calls through a DPL 3 interrupt gate with
 * the stack switch the TSS provides, the faults ring 3 takes (privileged instructions,
 * port I/O without IOPL, gates it may not use, supervisor and read-only pages, kernel
 * segments), and SYSEXIT / SYSENTER. */
#include "catch.h"

#define P 0x001
#define W 0x002
#define U 0x004

void enter_user(void (*fn)(void), u32 stack_top);
int save_context(void);
void resume_context(void) __attribute__((noreturn));
void sysenter_entry(void);
void user_sysenter(void);
extern u32 sysenter_eax, sysenter_esp;
extern u16 sysenter_cs, sysenter_ss;

static u32 pd[1024] __attribute__((aligned(4096)));
static u32 pt0[1024] __attribute__((aligned(4096)));
static u8 kernel_only_page[4096] __attribute__((aligned(4096)));
static u8 read_only_page[4096] __attribute__((aligned(4096)));
static u8 user_stack[8192] __attribute__((aligned(4096)));
static u8 interrupt_stack[8192] __attribute__((aligned(4096)));
static u8 sysenter_stack[4096] __attribute__((aligned(4096)));

static void syscall(u32 number, u32 b, u32 c, u32 d) {
    __asm__ volatile("int $0x80" : : "a"(number), "b"(b), "c"(c), "d"(d) : "memory");
}

static void user_print(const char *s) { syscall(1, (u32)s, 0, 0); }
static void user_check(const char *name, u32 vector, u32 error) { syscall(2, (u32)name, vector, error); }

static void user_main(void) {
    user_print("hello from ring 3\n");
    syscall(3, 0, 0, 0);
    TRY("cli");
    user_check("#GP cli", 13, 0);
    TRY("hlt");
    user_check("#GP hlt", 13, 0);
    TRY("inb $0x80, %%al", "eax");
    user_check("#GP in without IOPL", 13, 0);
    TRY("movl %%cr0, %%eax", "eax");
    user_check("#GP mov from cr0", 13, 0);
    TRY("int $0x81");
    user_check("#GP int through DPL 0 gate", 13, 0x81 * 8 + 2);
    TRY("int3");
    user_check("#GP int3 through DPL 0 gate", 13, 3 * 8 + 2);
    TRY("movl kernel_only_page, %%eax", "eax");
    user_check("#PF supervisor page", 14, 5);
    TRY("movl $1, read_only_page");
    user_check("#PF read-only page", 14, 7);
    TRY("movl 0x00800000, %%eax", "eax");
    user_check("#PF not present", 14, 4);
    TRY("movl read_only_page, %%eax", "eax");
    user_check("read read-only page", NO_TRAP, 0);
    TRY("movw $0x10, %%ax\n\tmovw %%ax, %%ds", "eax");
    user_check("#GP kernel data into ds", 13, 0x10);
    TRY("lcall $0x08, $0");
    user_check("#GP far call to ring 0 code", 13, 0x08);
    TRY("xorl %%ecx, %%ecx\n\tdivl %%ecx", "eax", "ecx", "edx");
    user_check("#DE in ring 3", 0, 0);
    syscall(4, 0, 0, 0);
    TRY("int3");
    user_check("#BP through DPL 3 gate", 3, 0);
    syscall(5, 0, 0, 0);
    user_print("FAIL: still in ring 3\n");
    for (;;) {}
}

static void syscall_handler(struct frame *f) {
    switch (f->eax) {
    case 1:
        puts((const char *)f->ebx);
        break;
    case 2:
        check((const char *)f->ebx, f->ecx, f->edx);
        if (got_vector != NO_TRAP) put_label_hex("  from cs", got_cs), newline();
        if (got_vector == 14) put_label_hex("  cr2 page offset", got_cr2 & 0xfff), newline();
        break;
    case 3: {
        u32 frame = (u32)f;
        int on_kernel_stack = frame >= (u32)interrupt_stack && frame < (u32)interrupt_stack + sizeof interrupt_stack;
        put_label_hex("syscall cs", f->cs);
        put_label_hex("ss", f->ss);
        put_label_hex("eflags", f->eflags);
        newline();
        puts(on_kernel_stack ? "stack switched to esp0 ok\n" : "stack not switched FAIL\n");
        if (!on_kernel_stack) failures++;
        put_label_hex("user esp offset", (u32)user_stack + sizeof user_stack - f->esp);
        newline();
        break;
    }
    case 4:
        idt_set(3, 0xf, 3);
        break;
    case 5:
        resume_context();
    default:
        puts("FAIL: unknown system call\n");
        failures++;
    }
}

static void wrmsr(u32 msr, u32 value) { __asm__ volatile("wrmsr" : : "c"(msr), "a"(value), "d"(0)); }

u32 kmain(void) {
    gdt_init();
    tss.esp0 = (u32)interrupt_stack + sizeof interrupt_stack;
    idt_init();
    catch_all();
    idt_set(0x80, 0xe, 3);
    trap_handlers[0x80] = syscall_handler;

    for (int i = 0; i < 1024; i++) pt0[i] = i * 4096 | P | W | U;
    pt0[(u32)kernel_only_page >> 12] &= ~U;
    pt0[(u32)read_only_page >> 12] &= ~W;
    pd[0] = (u32)pt0 | P | W | U;
    write_cr3((u32)pd);
    write_cr0(read_cr0() | 0x80000000);

    if (save_context() == 0) enter_user(user_main, (u32)user_stack + sizeof user_stack);
    put_label_hex("back in ring 0, cs", ({ u32 cs; __asm__ volatile("movl %%cs, %0" : "=r"(cs)); cs; }));
    newline();

    /* SYSEXIT to ring 3 and SYSENTER back. */
    wrmsr(0x174, KERNEL_CS);
    wrmsr(0x175, (u32)sysenter_stack + sizeof sysenter_stack);
    wrmsr(0x176, (u32)sysenter_entry);
    if (save_context() == 0) {
        __asm__ volatile("movw $0x23, %%ax\n\tmovw %%ax, %%ds\n\tmovw %%ax, %%es\n\t"
                         "sysexit"
                         : : "c"((u32)user_stack + sizeof user_stack), "d"((u32)user_sysenter) : "eax");
    }
    put_label_hex("ring 3 cs:ss", sysenter_eax);
    put_label_hex("sysenter cs", sysenter_cs);
    put_label_hex("ss", sysenter_ss);
    put_label_hex("esp offset", (u32)sysenter_stack + sizeof sysenter_stack - sysenter_esp);
    newline();
    puts("usermode done\n");
    return failures;
}
