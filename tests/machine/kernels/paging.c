/* Paging: 4 KiB pages through a page table and 4 MiB pages (CR4.PSE), page faults with
 * their error codes and CR2 (not present, write, write-protect with CR0.WP, instruction
 * fetch), the accessed and dirty bits the CPU sets, and TLB flushes by invlpg and CR3. */
#include "catch.h"

#define P 0x001
#define W 0x002
#define U 0x004
#define A 0x020
#define D 0x040
#define PS 0x080
#define WINDOW 0x40000000u

static u32 pd[1024] __attribute__((aligned(4096)));
static u32 pt0[1024] __attribute__((aligned(4096)));
static u32 pt_window[1024] __attribute__((aligned(4096)));
static u32 pages[4][1024] __attribute__((aligned(4096)));

static void show(const char *label, u32 value) {
    put_label_hex(label, value);
    newline();
}

static void check_pf(const char *name, u32 error, u32 cr2) {
    check(name, 14, error);
    if (got_vector == 14 && got_cr2 != cr2) {
        puts("FAIL cr2 ");
        put_hex32(got_cr2);
        newline();
        failures++;
    }
}

static volatile u32 *window(int page, int word) { return (volatile u32 *)(WINDOW + page * 4096 + word * 4); }

u32 kmain(void) {
    gdt_init();
    idt_init();
    catch_all();

    for (int i = 0; i < 1024; i++) pt0[i] = i * 4096 | P | W;
    pd[0] = (u32)pt0 | P | W;
    pd[1] = 0x400000 | PS | P | W;
    pd[WINDOW >> 22] = (u32)pt_window | P | W | U;
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 1024; j++) pages[i][j] = 0x1000000 * i + j;

    write_cr4(read_cr4() | 0x10);
    write_cr3((u32)pd);
    write_cr0(read_cr0() | 0x80000000);
    show("paging cr0", read_cr0() & 0x80010001);
    show("cr4 pse", read_cr4() & 0x10);

    TRY("movl 0x40000000, %%eax", "eax");
    check_pf("#PF read not present", 0, WINDOW);
    TRY("movl $1, 0x40001004");
    check_pf("#PF write not present", 2, WINDOW + 0x1004);
    TRY("movl 0x80000000, %%eax", "eax");
    check_pf("#PF no page table", 0, 0x80000000);
    TRY("movl $0x40003000, %%eax\n\tjmp *%%eax", "eax");
    check_pf("#PF fetch not present", 0, WINDOW + 0x3000);
    if (got_eip != WINDOW + 0x3000) failures++, puts("FAIL fetch eip\n");

    /* A read-only supervisor page: writable by ring 0 until CR0.WP is set. */
    pt_window[0] = (u32)pages[0] | P;
    show("read ro", *window(0, 5));
    TRY("movl $0x12345678, 0x40000014");
    check("write ro, WP clear", NO_TRAP, 0);
    show("written", pages[0][5]);
    write_cr0(read_cr0() | 0x10000);
    TRY("movl $0x9abcdef0, 0x40000014");
    check_pf("#PF write ro, WP set", 3, WINDOW + 0x14);
    show("unchanged", pages[0][5]);
    write_cr0(read_cr0() & ~0x10000u);

    /* Accessed and dirty bits in a PTE. */
    pt_window[1] = (u32)pages[1] | P | W;
    invlpg(WINDOW + 0x1000);
    show("pte before", pt_window[1] & 0xfff);
    show("read", *window(1, 3));
    show("pte after read", pt_window[1] & 0xfff);
    *window(1, 3) = 0xfeedface;
    show("pte after write", pt_window[1] & 0xfff);
    show("pde window", pd[WINDOW >> 22] & 0xfff);

    /* … and in a 4 MiB page's PDE. */
    pd[1] &= ~(A | D);
    write_cr3((u32)pd);
    show("pde4m before", pd[1] & 0xfff);
    show("read4m", *(volatile u32 *)0x400010);
    show("pde4m after read", pd[1] & 0xfff);
    *(volatile u32 *)0x7ffffc = 0xc0ffee;
    show("pde4m after write", pd[1] & 0xfff);
    show("pde0", pd[0] & 0xfff);

    /* Aliases and TLB flushes. */
    pt_window[2] = (u32)pages[2] | P | W;
    invlpg(WINDOW + 0x2000);
    *window(2, 7) = 0x7777;
    show("alias", pages[2][7]);
    pt_window[2] = (u32)pages[3] | P | W;
    invlpg(WINDOW + 0x2000);
    show("after invlpg", *window(2, 7));
    pt_window[2] = (u32)pages[2] | P | W;
    write_cr3((u32)pd);
    show("after cr3", *window(2, 7));

    /* Unmapping: a present page made not present faults again once flushed. */
    pt_window[2] = 0;
    invlpg(WINDOW + 0x2000);
    TRY("movl 0x40002000, %%eax", "eax");
    check_pf("#PF after unmap", 0, WINDOW + 0x2000);
    /* Present but read-only PDE over a writable PTE. */
    pd[WINDOW >> 22] &= ~W;
    pt_window[3] = (u32)pages[3] | P | W;
    write_cr3((u32)pd);
    write_cr0(read_cr0() | 0x10000);
    TRY("movl $1, 0x40003000");
    check_pf("#PF write under ro PDE", 3, WINDOW + 0x3000);

    write_cr0(read_cr0() & ~0x80010000u);
    show("paging off cr0", read_cr0() & 0x80010001);
    puts("paging done\n");
    return failures;
}
