/* An empty IDT and an exception: the CPU can deliver nothing, and triple-faults. */
#include "lib.h"
u32 kmain(void) {
    struct { u16 limit; u32 base; } __attribute__((packed)) idtr = {0, 0};
    puts("faulting\n");
    __asm__ volatile("lidt %0\n\tint3" : : "m"(idtr));
    puts("survived\n");
    return 0;
}
