/* The test kernels' little runtime: port I/O, COM1 output, hex printing, a
 * reproducible pseudo-random generator, and the exit device. */
#ifndef LIB_H
#define LIB_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef int s32;

static inline void outb(u16 port, u8 v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outw(u16 port, u16 v) { __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outl(u16 port, u32 v) { __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }
static inline u8 inb(u16 port) { u8 v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline u16 inw(u16 port) { u16 v; __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline u32 inl(u16 port) { u32 v; __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }

/* The arithmetic flags that instructions define: CF PF AF ZF SF OF. */
#define FLAGS_ARITH 0x8d5

void putc(char c);
void puts(const char *s);
void put_hex(u32 v, int digits);
void put_hex32(u32 v);
void put_hex8(u32 v);
void put_dec(u32 v);
void put_label_hex(const char *label, u32 v);
void newline(void);
u32 rand32(void);
void srand32(u32 seed);
/* A random operand biased towards the edge values where flags change. */
u32 operand32(void);
void qemu_exit(u32 code) __attribute__((noreturn));
void *memset(void *d, int c, unsigned n);
void *memcpy(void *d, const void *s, unsigned n);

#endif
