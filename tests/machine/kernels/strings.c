/* String instructions: movs stos lods cmps scas at each size, with rep / repe / repne,
 * forwards and backwards (DF), printing the registers they leave and a checksum of memory. */
#include "lib.h"

static u8 src[512], dst[512];

static u32 checksum(const u8 *p, int n) {
    u32 h = 2166136261u;
    for (int i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
    return h;
}

static void fill(void) {
    for (int i = 0; i < 512; i++) {
        src[i] = (u8)rand32();
        dst[i] = (u8)i;
    }
}

static void report(const char *name, u32 esi, u32 edi, u32 ecx, u32 eax, u32 flags) {
    puts(name);
    put_label_hex(" si", esi - (u32)src);
    put_label_hex("di", edi - (u32)dst);
    put_label_hex("cx", ecx);
    put_label_hex("ax", eax);
    put_label_hex("fl", flags & FLAGS_ARITH);
    put_label_hex("sum", checksum(dst, 512));
    newline();
}

/* insn with ESI/EDI/ECX/EAX set, DF as given; reports the registers and flags after. */
#define RUN(name, insn, si_off, di_off, count, acc, backwards)                                   \
    {                                                                                     \
        u32 esi = (u32)src + (si_off), edi = (u32)dst + (di_off), ecx = (count), eax = (acc), f = 0; \
        __asm__ volatile("pushl $0x2\n\tpopfl\n\t" /* known flags, interrupts off */    \
                         "cmpl $0, %[df]\n\tje 1f\n\tstd\n1:\n\t" insn                    \
                         "\n\tpushfl\n\tpopl %[f]\n\tcld"                                 \
                         : "+S"(esi), "+D"(edi), "+c"(ecx), "+a"(eax), [f] "=r"(f)        \
                         : [df] "r"(backwards) : "memory", "cc");                                \
        report(name, esi, edi, ecx, eax, f);                                              \
    }

u32 kmain(void) {
    srand32(0x51515151);
    for (int round = 0; round < 6; round++) {
        fill();
        u32 n = rand32() % 100, s = rand32() % 100, d = rand32() % 100;
        u32 back = 400;
        RUN("movsb", "movsb", s, d, n, 0, 0);
        RUN("movsw", "movsw", s, d, n, 0, 0);
        RUN("movsd", "movsl", s, d, n, 0, 0);
        RUN("rep movsb", "rep movsb", s, d, n, 0, 0);
        RUN("rep movsw", "rep movsw", s, d, n, 0, 0);
        RUN("rep movsd", "rep movsl", s, d, n, 0, 0);
        RUN("rep movsb back", "rep movsb", back + s, back + d, n, 0, 1);
        RUN("rep movsd back", "rep movsl", back + s, back + d, n, 0, 1);
        RUN("rep stosb", "rep stosb", 0, d, n, rand32(), 0);
        RUN("rep stosw", "rep stosw", 0, d, n, rand32(), 0);
        RUN("rep stosd back", "rep stosl", 0, back + d, n, rand32(), 1);
        RUN("lodsb", "lodsb", s, 0, 0, 0x11223344, 0);
        RUN("lodsw", "lodsw", s, 0, 0, 0x11223344, 1);
        RUN("lodsd", "lodsl", s, 0, 0, 0x11223344, 0);
        RUN("rep lodsb", "rep lodsb", s, 0, n, 0, 0);
        /* Make src and dst agree for a while, then differ. */
        memcpy(dst, src, 512);
        dst[rand32() % 200] ^= 0x40;
        RUN("repe cmpsb", "repe cmpsb", 0, 0, 200, 0, 0);
        RUN("repe cmpsw", "repe cmpsw", 0, 0, 100, 0, 0);
        RUN("repe cmpsd", "repe cmpsl", 0, 0, 50, 0, 0);
        RUN("repne cmpsb", "repne cmpsb", 3, 0, 200, 0, 0);
        RUN("cmpsb", "cmpsb", s, d, 0, 0, 0);
        RUN("repne scasb", "repne scasb", 0, 0, 300, dst[rand32() % 300], 0);
        RUN("repe scasb", "repe scasb", 0, 0, 300, dst[0], 0);
        RUN("repne scasd", "repne scasl", 0, 0, 100, 0x12345678, 0);
        RUN("repne scasw back", "repne scasw", 0, 300, 100, dst[100] | dst[101] << 8, 1);
        RUN("rep movsb zero", "rep movsb", s, d, 0, 0, 0);
    }
    puts("strings done\n");
    return 0;
}
