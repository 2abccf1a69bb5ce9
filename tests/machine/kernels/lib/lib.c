#include "lib.h"

#define COM1 0x3f8

void putc(char c) {
    while ((inb(COM1 + 5) & 0x20) == 0)
        ;
    outb(COM1, (u8)c);
}

void puts(const char *s) {
    while (*s) putc(*s++);
}

void newline(void) { putc('\n'); }

void put_hex(u32 v, int digits) {
    for (int i = digits - 1; i >= 0; i--) putc("0123456789abcdef"[(v >> (4 * i)) & 15]);
}

void put_hex32(u32 v) { put_hex(v, 8); }
void put_hex8(u32 v) { put_hex(v, 2); }

void put_dec(u32 v) {
    char buf[12];
    int n = 0;
    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) putc(buf[--n]);
}

void put_label_hex(const char *label, u32 v) {
    puts(label);
    putc('=');
    put_hex32(v);
    putc(' ');
}

static u32 rng_state = 0x12345678;

void srand32(u32 seed) { rng_state = seed ? seed : 1; }

u32 rand32(void) {
    u32 x = rng_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return rng_state = x;
}

u32 operand32(void) {
    static const u32 edges[] = {0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000,
                                0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff};
    u32 r = rand32();
    switch (r & 7) {
    case 0: return edges[(r >> 3) & 15];
    case 1: return (r >> 3) & 0xff;
    case 2: return edges[(r >> 3) & 15] + ((r >> 8) & 3) - 1;
    default: return rand32();
    }
}

void qemu_exit(u32 code) {
    outb(0xf4, (u8)code);
    for (;;) __asm__ volatile("cli; hlt");
}

void *memset(void *d, int c, unsigned n) {
    u8 *p = d;
    while (n--) *p++ = (u8)c;
    return d;
}

void *memcpy(void *d, const void *s, unsigned n) {
    u8 *p = d;
    const u8 *q = s;
    while (n--) *p++ = *q++;
    return d;
}
