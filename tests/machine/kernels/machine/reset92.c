/* Resets the machine through port 0x92. */
#include "lib.h"
u32 kmain(void) {
    puts("resetting\n");
    outb(0x92, 0x03);
    puts("still here\n");
    return 0;
}
