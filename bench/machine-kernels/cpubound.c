/* A CPU-bound guest for bench/machine.mjs: a sieve of Eratosthenes, CRC-32 over a
 * buffer and a small LCG-driven sort, repeated ROUNDS times (from the command line). */
#include "lib.h"

struct mbi { u32 flags, mem_lower, mem_upper, boot_device, cmdline; };

static u8 sieve[65536];
static u32 data[4096];

static u32 parse_rounds(const char *s) {
    u32 n = 0;
    while (*s && *s != ' ') s++; /* skip the image name */
    while (*s == ' ') s++;
    if (*s < '0' || *s > '9') return 10;
    while (*s >= '0' && *s <= '9') n = n * 10 + (u32)(*s++ - '0');
    return n;
}

static u32 primes(void) {
    u32 count = 0;
    memset(sieve, 1, sizeof sieve);
    for (u32 i = 2; i < sizeof sieve; i++) {
        if (!sieve[i]) continue;
        count++;
        for (u32 j = i * 2; j < sizeof sieve; j += i) sieve[j] = 0;
    }
    return count;
}

static u32 crc32(const u8 *p, u32 n) {
    u32 crc = 0xffffffff;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
    }
    return ~crc;
}

static void sort(u32 *a, int n) {
    for (int gap = n / 2; gap > 0; gap /= 2)
        for (int i = gap; i < n; i++) {
            u32 t = a[i];
            int j = i;
            for (; j >= gap && a[j - gap] > t; j -= gap) a[j] = a[j - gap];
            a[j] = t;
        }
}

u32 kmain(u32 magic, struct mbi *mbi) {
    (void)magic;
    u32 rounds = parse_rounds((const char *)mbi->cmdline), sum = 0;
    for (u32 r = 0; r < rounds; r++) {
        sum += primes();
        for (int i = 0; i < 4096; i++) data[i] = rand32();
        sort(data, 4096);
        sum ^= crc32((const u8 *)data, sizeof data);
    }
    put_label_hex("cpubound", sum);
    newline();
    return 0;
}
