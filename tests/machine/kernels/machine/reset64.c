/* Resets the machine through the keyboard controller's pulse command. */
#include "lib.h"
u32 kmain(void) {
    puts("resetting\n");
    while (inb(0x64) & 0x02) {}
    outb(0x64, 0xfe);
    puts("still here\n");
    return 0;
}
