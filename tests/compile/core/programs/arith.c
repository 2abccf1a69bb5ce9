// Integer promotions, usual arithmetic conversions, wrap-around, 64-bit division and shifts.
int printf(const char *, ...);

static long long lls[] = { 0, 1, -1, 7, -7, 123456789012345LL, -98765432109876LL, 0x7fffffffffffffffLL, (-0x7fffffffffffffffLL - 1), 4294967296LL, 65535 };
static unsigned long long ulls[] = { 0, 1, 3, 0xffffffffffffffffULL, 0x8000000000000000ULL, 0x100000000ULL, 1000000007ULL, 0xdeadbeefcafebabeULL };

int main(void) {
  unsigned char uc = 250; signed char sc = -3; unsigned short us = 65000; short ss = -30000;
  unsigned u = 3000000000u; int i = -5;
  printf("%d %d %d %u\n", uc + uc, sc * uc, us * 2, u + i);
  printf("%d %d %ld\n", i < u, -1 < (int)u, (long)(ss * us));
  printf("%u %d %u\n", u >> 3, i >> 1, (unsigned)i >> 28);
  printf("%d %d %d %d\n", 7 / -2, 7 % -2, -7 / 2, -7 % 2);
  int n = sizeof lls / sizeof lls[0];
  for (int a = 0; a < n; a++)
    for (int b = 0; b < n; b++) {
      long long x = lls[a], y = lls[b];
      if (y != 0 && !(x == (-0x7fffffffffffffffLL - 1) && y == -1))
        printf("%lld %lld %lld %lld %lld\n", x * y, x / y, x % y, x + y, x - y);
      printf("%d%d%d%d ", x < y, x <= y, x == y, x > y);
    }
  printf("\n");
  int m = sizeof ulls / sizeof ulls[0];
  for (int a = 0; a < m; a++)
    for (int b = 0; b < m; b++) {
      unsigned long long x = ulls[a], y = ulls[b];
      if (y) printf("%llu %llu %llx\n", x / y, x % y, x * y);
      printf("%d%d ", x < y, x >= y);
    }
  printf("\n");
  for (int s = 0; s < 64; s += 5) printf("%llx %llx %llx\n", ulls[7] << s, ulls[7] >> s, (long long)ulls[7] >> s);
  long long big = 1; big <<= 40; big += u; big = -big;
  printf("%lld %d %u %llu\n", big, (int)big, (unsigned)(big >> 20), (unsigned long long)big / 3);
  _Bool bl = 256; _Bool b2 = 2;
  printf("%d %d %d\n", bl, b2, (_Bool)(big & 0x100000000LL));
  int x = 10; x += x++ * 0; x <<= 2; x ^= 0x55; x %= 7; x |= 0x100; x &= ~1;
  printf("%d %d %d\n", x, -x, ~x);
  return 0;
}
