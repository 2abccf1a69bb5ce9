/* Descriptor tables, traps and control registers for the test kernels. */
#ifndef X86_H
#define X86_H
#include "lib.h"

#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define USER_CS (0x18 | 3)
#define USER_DS (0x20 | 3)
#define TSS_SEL 0x28
#define GDT_ENTRIES 16

struct frame {
    u32 gs, fs, es, ds;
    u32 edi, esi, ebp, esp0, ebx, edx, ecx, eax;
    u32 vector, error;
    u32 eip, cs, eflags;
    u32 esp, ss; /* only when coming from ring 3 */
};

struct tss {
    u32 link, esp0, ss0, esp1, ss1, esp2, ss2, cr3, eip, eflags;
    u32 eax, ecx, edx, ebx, esp, ebp, esi, edi;
    u32 es, cs, ss, ds, fs, gs, ldt, iomap;
};

extern u64 gdt[GDT_ENTRIES];
extern struct tss tss;

/* Called by every vector stub; the handler may change the frame (e.g. eip) to resume elsewhere. */
typedef void (*trap_handler)(struct frame *f);
extern trap_handler trap_handlers[256];

u64 seg_desc(u32 base, u32 limit, u32 access, u32 flags);
void gdt_init(void);            /* flat ring 0 and ring 3 segments and the TSS */
void idt_init(void);            /* every vector to its stub, ring 0 interrupt gates */
void idt_set(int vector, int type, int dpl); /* type 0xE interrupt gate, 0xF trap gate */
void idt_set_present(int vector, int present);
void load_gdt(void);

static inline u32 read_cr0(void) { u32 v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static inline u32 read_cr2(void) { u32 v; __asm__ volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline u32 read_cr3(void) { u32 v; __asm__ volatile("mov %%cr3, %0" : "=r"(v)); return v; }
static inline u32 read_cr4(void) { u32 v; __asm__ volatile("mov %%cr4, %0" : "=r"(v)); return v; }
static inline void write_cr0(u32 v) { __asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory"); }
static inline void write_cr3(u32 v) { __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory"); }
static inline void write_cr4(u32 v) { __asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory"); }
static inline void invlpg(u32 a) { __asm__ volatile("invlpg (%0)" : : "r"(a) : "memory"); }
static inline void sti(void) { __asm__ volatile("sti"); }
static inline void cli(void) { __asm__ volatile("cli"); }
static inline u32 read_eflags(void) { u32 v; __asm__ volatile("pushfl; popl %0" : "=r"(v)); return v; }

#endif
