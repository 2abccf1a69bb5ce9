/* Spins forever: only a timeout or the instruction limit ends it. */
#include "lib.h"
u32 kmain(void) {
    puts("spinning\n");
    for (;;) __asm__ volatile("");
}
