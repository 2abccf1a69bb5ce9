/* Halts with interrupts off: nothing can ever wake it. */
#include "lib.h"
u32 kmain(void) {
    puts("halting\n");
    __asm__ volatile("cli; hlt");
    puts("woke up\n");
    return 0;
}
