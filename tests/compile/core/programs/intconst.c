/* Integer constants on both sides of the parser's fast path (at most 9 decimal or
 * 7 hexadecimal digits, no suffix, no leading 0): value, size and signedness of each
 * must be what C99 6.4.4.1 gives on i386, as gcc -m32 prints them. */
int printf(const char *fmt, ...);

#define SHOW(c) printf("%-14s size %u %s value %lld\n", #c, (unsigned)sizeof(c), ((c) * 0 - 1 < 0) ? "signed  " : "unsigned", (long long)(c))

int main(void) {
  SHOW(0);
  SHOW(7);
  SHOW(42);
  SHOW(999999999);
  SHOW(1000000000);
  SHOW(2147483647);
  SHOW(2147483648);
  SHOW(4294967295);
  SHOW(4294967296);
  SHOW(0x0);
  SHOW(0X1F);
  SHOW(0xfffffff);
  SHOW(0x7fffffff);
  SHOW(0x80000000);
  SHOW(0xffffffff);
  SHOW(0x100000000);
  SHOW(00);
  SHOW(010);
  SHOW(017777777777);
  SHOW(020000000000);
  SHOW(10u);
  SHOW(10L);
  SHOW(0xaUL);
  SHOW(123456789LL);
  return 0;
}
