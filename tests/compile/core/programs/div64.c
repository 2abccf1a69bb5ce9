/* 64-bit division, remainder and shifts by run-time counts (0, below 32, 32 and above),
   signed and unsigned, over values at the edges of the range. */
#include <stdio.h>
static long long sdiv(long long a, long long b) { return a / b; }
static long long smod(long long a, long long b) { return a % b; }
unsigned long long udiv(unsigned long long a, unsigned long long b) { return a / b; }
unsigned long long umod(unsigned long long a, unsigned long long b) { return a % b; }
long long shl(long long a, int n) { return a << n; }
long long sar(long long a, int n) { return a >> n; }
unsigned long long shr(unsigned long long a, int n) { return a >> n; }
int main(void) {
  long long vals[] = { 0, 1, -1, 7, -7, 123456789012345LL, -98765432109876LL, 0x7fffffffffffffffLL, 4294967296LL, -4294967297LL };
  unsigned long long acc = 0;
  for (int i = 0; i < 10; i++)
    for (int j = 0; j < 10; j++) {
      long long a = vals[i], b = vals[j];
      if (b != 0 && !(b == -1 && a == (long long)0x8000000000000000ULL)) acc = acc * 31 + (unsigned long long)sdiv(a, b) + (unsigned long long)smod(a, b) * 7;
      if (b != 0) acc ^= udiv((unsigned long long)a, (unsigned long long)b) + umod((unsigned long long)a, (unsigned long long)b);
      int n = (i * 7 + j * 3) % 64;
      acc += (unsigned long long)shl(a, n) ^ (unsigned long long)sar(a, n) ^ shr((unsigned long long)a, n);
    }
  printf("%llu\n", acc);
  return 0;
}
