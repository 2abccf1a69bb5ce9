/* Stack and data movement: push and pop (registers, immediates, memory, segment
 * registers, flags, pusha/popa, enter/leave), lea with every addressing form including
 * 16-bit addresses, movzx/movsx, cbw/cwde/cwd/cdq, xchg, 16-bit operand forms, and the
 * BCD adjustments daa das aaa aas aam aad. */
#include "ops.h"

u32 mem[4];

static void line(const char *name, u32 a, u32 b, u32 c, u32 d) {
    puts(name);
    putc(' ');
    put_hex32(a);
    putc(' ');
    put_hex32(b);
    putc(' ');
    put_hex32(c);
    putc(' ');
    put_hex32(d);
    newline();
}

u32 out[8];

static void pushes(void) {
    u32 before, after;
    /* Push five things of mixed sizes, then pop them back into out[] one by one. */
    __asm__ volatile("movl %%esp, %0\n\t"
                     "pushl $-5\n\tpushw $0x1234\n\tpushl %2\n\tpushw %%ds\n\tpushl %%cs\n\t"
                     "movl %%esp, %1\n\t"
                     "popl out\n\tpopw out+4\n\tpopl out+8\n\tpopw out+12\n\tpopl out+16"
                     : "=&r"(before), "=&r"(after)
                     : "m"(mem[1]) : "memory");
    line("push", before - after, out[0], out[1], out[2]);
    line("push2", out[3], out[4], 0, 0);

    /* pusha/popa: which registers land where, and ESP's pushed value. */
    __asm__ volatile("pushal\n\t"
                     "movl $1, %%eax\n\tmovl $2, %%ecx\n\tmovl $3, %%edx\n\tmovl $4, %%ebx\n\t"
                     "movl $6, %%esi\n\tmovl $7, %%edi\n\t"
                     "pushal\n\t"
                     "movl 0(%%esp), %%eax\n\tmovl %%eax, out\n\t"
                     "movl 4(%%esp), %%eax\n\tmovl %%eax, out+4\n\t"
                     "movl 16(%%esp), %%eax\n\tmovl %%eax, out+8\n\t"
                     "movl 28(%%esp), %%eax\n\tmovl %%eax, out+12\n\t"
                     "movl 12(%%esp), %%eax\n\tsubl %%esp, %%eax\n\tmovl %%eax, out+16\n\t"
                     "movl $0x99, 16(%%esp)\n\t"
                     "popal\n\t"
                     "movl %%ebx, out+20\n\tmovl %%ecx, out+24\n\t"
                     "popal"
                     : : : "memory");
    line("pusha", out[0], out[1], out[2], out[3]);
    line("popa", out[4], out[5], out[6], 0);

    u32 frame_diff, inner;
    __asm__ volatile("movl %%esp, %%ecx\n\t"
                     "pushl %%ebp\n\t"
                     "enter $16, $0\n\t"
                     "movl %%ebp, %%edx\n\tsubl %%esp, %%edx\n\t"
                     "leave\n\t"
                     "popl %%ebp\n\t"
                     "subl %%esp, %%ecx\n\t"
                     : "=c"(frame_diff), "=d"(inner) : : "memory");
    line("enter", frame_diff, inner, 0, 0);

    u32 f1, f2;
    __asm__ volatile("pushfl\n\tpushl $0x8d5\n\tpopfl\n\tpushfl\n\tpopl %0\n\tpushw $0x0001\n\tpopfw\n\tpushfl\n\tpopl %1\n\tpopfl"
                     : "=r"(f1), "=r"(f2) : : "cc");
    line("pushf", f1, f2, 0, 0);

    u32 m0;
    mem[0] = 0x11111111;
    mem[2] = 0xabcdef01;
    __asm__ volatile("pushl %1\n\tpopl %0" : "=m"(m0) : "m"(mem[2]) : "memory");
    line("pushm", m0, 0, 0, 0);
}

static void leas(void) {
    for (int i = 0; i < 24; i++) {
        u32 b = rand32(), x = rand32(), r1, r2, r3, r4;
        __asm__("leal 0x12345678(%[b],%[x],1), %[r1]\n\t"
                "leal -8(%[b],%[x],2), %[r2]\n\t"
                "leal 127(,%[x],4), %[r3]\n\t"
                "leal (%[b],%[x],8), %[r4]"
                : [r1] "=&r"(r1), [r2] "=&r"(r2), [r3] "=&r"(r3), [r4] "=&r"(r4) : [b] "r"(b), [x] "r"(x));
        line("lea32", r1, r2, r3, r4);
        u32 a1 = 0, a2 = 0, a3 = 0, a4 = 0;
        __asm__("movl %[b], %%ebx\n\tmovl %[x], %%esi\n\tmovl %[x], %%edi\n\tmovl %[b], %%ebp\n\t"
                "addr16 leal 0x7ff0(%%bx,%%si), %%eax\n\tmovl %%eax, %[a1]\n\t"
                "addr16 leal -2(%%bp,%%di), %%eax\n\tmovl %%eax, %[a2]\n\t"
                "addr16 leaw (%%bx), %%ax\n\tmovl %%eax, %[a3]\n\t"
                "addr16 leal 0x1234(%%di), %%eax\n\tmovl %%eax, %[a4]"
                : [a1] "=m"(a1), [a2] "=m"(a2), [a3] "=m"(a3), [a4] "=m"(a4) : [b] "r"(b), [x] "r"(x)
                : "eax", "ebx", "esi", "edi", "ebp");
        line("lea16", a1, a2, a3, a4);
    }
}

static void conversions(void) {
    for (int i = 0; i < 24; i++) {
        u32 v = operand32(), zx8, sx8, zx16, sx16, cbw, cwde, cwd_d, cdq_d;
        __asm__("movzbl %b[v], %[a]\n\tmovsbl %b[v], %[b]\n\tmovzwl %w[v], %[c]\n\tmovswl %w[v], %[d]"
                : [a] "=&r"(zx8), [b] "=&r"(sx8), [c] "=&r"(zx16), [d] "=&r"(sx16) : [v] "q"(v));
        line("movx", zx8, sx8, zx16, sx16);
        u32 t = v;
        __asm__("cbtw" : "+a"(t));
        cbw = t;
        t = v;
        __asm__("cwtl" : "+a"(t));
        cwde = t;
        t = v;
        cwd_d = 0x55555555;
        __asm__("cwtd" : "+a"(t), "+d"(cwd_d));
        t = v;
        __asm__("cltd" : "+a"(t), "=d"(cdq_d));
        line("cvt", cbw, cwde, cwd_d, cdq_d);
        u32 x = v, y = rand32(), z = rand32(), w = rand32();
        __asm__("xchgl %0, %1\n\txchgw %w2, %w3\n\txchgb %b0, %h3" : "+q"(x), "+q"(y), "+q"(z), "+Q"(w));
        line("xchg", x, y, z, w);
        u32 m16 = rand32(), r16 = v;
        __asm__("movw %w1, %w0\n\taddw $0x8001, %w0\n\tincw %w1\n\tmovw %w0, %%dx\n\trolw $3, %%dx\n\tmovw %%dx, %w1"
                : "+r"(m16), "+r"(r16) : : "edx", "cc");
        line("w16", m16, r16, 0, 0);
    }
}

static void bcd(void) {
    for (int i = 0; i < 32; i++) {
        u32 a = rand32() & 0xffff, fin = random_flags(), fo[6], r[6];
#define BCD(k, insn)                                                                      \
        {                                                                                 \
            u32 x = a, f = fin;                                                           \
            __asm__ volatile(SET_FLAGS insn GET_FLAGS : "+a"(x), [f] "+r"(f) : : "cc");   \
            r[k] = x & 0xffff;                                                            \
            fo[k] = f & FLAGS_ARITH;                                                      \
        }
        BCD(0, "daa") BCD(1, "das") BCD(2, "aaa") BCD(3, "aas") BCD(4, "aam") BCD(5, "aad")
        line("bcd", a, fin, r[0] << 16 | r[1], r[2] << 16 | r[3]);
        line("bcd2", r[4] << 16 | r[5], fo[0] << 16 | fo[1], fo[2] << 16 | fo[3], fo[4] << 16 | fo[5]);
    }
}

u32 kmain(void) {
    srand32(0x77777777);
    pushes();
    leas();
    conversions();
    bcd();
    puts("stack done\n");
    return 0;
}
