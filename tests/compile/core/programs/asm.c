// GNU inline assembly: register classes, specific registers, +, =, &, matching, immediates, memory, modifiers.
int printf(const char *, ...);

static inline unsigned swap16(unsigned short v) {
  asm("xchgb %b0, %h0" : "+q"(v));
  return v;
}

int main(void) {
  int x = 40, y = 2, z;
  asm("addl %1, %0" : "+r"(x) : "r"(y));
  asm("movl %1, %0\n\tshll $3, %0" : "=&r"(z) : "r"(y));
  unsigned lo, hi;
  asm("movl $0x12345678, %%eax\n\tmovl $0x9abcdef0, %%edx" : "=a"(lo), "=d"(hi));
  int m = 5;
  asm volatile("incl %0" : "+m"(m) :: "memory");
  int arr[2] = { 10, 20 };
  asm("addl %1, %0" : "+m"(arr[1]) : "ri"(7));
  int s = 0;
  asm("movl %[a], %[out]\n\taddl %[b], %[out]" : [out] "=r"(s) : [a] "r"(100), [b] "i"(23));
  int t;
  asm("leal (%1,%2,4), %0" : "=r"(t) : "r"(x), "0"(y));
  unsigned long long q = 0x0102030405060708ULL;
  unsigned long long r;
  asm("addl $1, %%eax\n\tadcl $0, %%edx" : "=A"(r) : "A"(q));
  int cnt = 3, acc = 0;
  asm("1: addl %2, %0\n\tdecl %1\n\tjnz 1b" : "+r"(acc), "+c"(cnt) : "N"(9) : "cc");
  printf("%d %d %x %x %d %d %d %d %llx %d %d %x\n", x, z, lo, hi, m, arr[1], s, t, r, acc, cnt, swap16(0x1234));
  return 0;
}
