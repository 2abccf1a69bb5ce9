// Struct copy, pass and return by value (hidden pointer), bit-fields, unions, packed and aligned layout.
int printf(const char *, ...);
#include <stddef.h>

struct big { int a[5]; char tag; };
struct pair { short x; long long y; };
struct bits { unsigned a : 3; int b : 5; unsigned c : 24; unsigned char d : 1; long long e : 40; signed char f : 7; };
struct __attribute__((packed)) pk { char c; int i; short s; unsigned u : 12; unsigned v : 9; };
struct al { char c; int i __attribute__((aligned(16))); };
union u { unsigned int w; unsigned char b[4]; struct { unsigned short lo, hi; } h; };
struct anon { int k; union { int i; char c; }; struct { int p, q; }; };

static struct big make(int base) {
  struct big b;
  for (int i = 0; i < 5; i++) b.a[i] = base * i;
  b.tag = (char)('A' + base);
  return b;
}

static int sum(struct big b) {
  int s = b.tag;
  for (int i = 0; i < 5; i++) s += b.a[i];
  b.a[0] = 999; // a copy: the caller's must not change
  return s;
}

static struct pair swap(struct pair p) {
  struct pair r = { (short)p.y, p.x };
  return r;
}

int main(void) {
  struct big b = make(3), c;
  c = b;
  c.a[1] = 77;
  printf("%d %d %d %c\n", sum(b), b.a[0], c.a[1], c.tag);
  struct pair p = swap((struct pair){ -5, 123456789012LL });
  printf("%d %lld\n", p.x, p.y);

  struct bits bf = { 5, -9, 0xabcdef, 1, -123456789012LL, -60 };
  printf("%u %d %u %u %lld %d size=%u\n", bf.a, bf.b, bf.c, bf.d, bf.e, bf.f, (unsigned)sizeof bf);
  bf.a += 6; bf.b -= 10; bf.c = bf.c * 3; bf.e >>= 3; bf.f++;
  printf("%u %d %u %lld %d\n", bf.a, bf.b, bf.c, bf.e, bf.f);
  printf("%d %d\n", bf.a - 10 < 0, bf.b < 0);

  struct pk k = { 'x', 0x12345678, -2, 0xfff, 0x1ab };
  printf("pk %u %u %u %x %d %x %x\n", (unsigned)sizeof k, (unsigned)offsetof(struct pk, i), (unsigned)offsetof(struct pk, s), k.i, k.s, k.u, k.v);
  k.v = 3; k.u = 0x123;
  printf("pk %x %x %d\n", k.u, k.v, k.s);
  printf("al %u %u %u\n", (unsigned)sizeof(struct al), (unsigned)offsetof(struct al, i), (unsigned)_Alignof(struct al));

  union u x; x.w = 0x11223344;
  printf("%x %x %x\n", x.b[0], x.h.hi, x.h.lo);
  struct anon an = { .k = 1, .i = 0x41, .q = 7 };
  printf("%d %c %d %d %u\n", an.k, an.c, an.p, an.q, (unsigned)sizeof an);
  return 0;
}
