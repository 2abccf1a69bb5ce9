/* Echoes COM1 input upper-cased until a '.' arrives. */
#include "lib.h"
u32 kmain(void) {
    puts("ready\n");
    for (;;) {
        while ((inb(0x3f8 + 5) & 1) == 0) __asm__ volatile("pause");
        char c = (char)inb(0x3f8);
        if (c == '.') break;
        putc(c >= 'a' && c <= 'z' ? c - 32 : c);
    }
    puts("\nbye\n");
    return 0;
}
