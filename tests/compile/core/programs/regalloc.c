/* The -O1 backend under stress: register pressure (spills, values live across calls,
   divisions and variable shifts), byte and halfword values, 64-bit arithmetic in
   register pairs, inlining (small, single-call-site, recursive), switches, bit-fields,
   struct copies and two-dimensional indexing. Printed results are compared with gcc. */
#include <stdio.h>

static unsigned int sink;

static int add3(int a, int b, int c) { return a + b + c; }
static int twice(int x) { return x * 2; }
static int fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }
static int once(int *p, int n) {
  int s = 0;
  for (int i = 0; i < n; i++) s += p[i] * (i & 1 ? -1 : 1);
  return s;
}
static int with_array(int k) {
  int a[4] = { k, k + 1, k + 2, k + 3 };
  return a[k & 3];
}
int noinline_target(int a, int b) { return a - b; }

static int pressure(int n) {
  int a = 1, b = 2, c = 3, d = 4, e = 5, f = 6, g = 7, h = 8, i, j = 0;
  for (i = 0; i < n; i++) {
    a += b ^ i; b += c * 3; c ^= d + i; d -= e >> 1; e += f & 7;
    f = f * 5 + g; g += h - a; h ^= a + b + c + d;
    j += noinline_target(a, h) + add3(b, c, d);
    sink += (unsigned int)(a + b + c + d + e + f + g + h);
  }
  return a + b + c + d + e + f + g + h + j;
}

static int divisions(int x, int y, unsigned int u, unsigned int v) {
  int r = 0;
  r += x / y + x % y;
  r += (int)(u / v) + (int)(u % v);
  r += x / 7 + x % 7 + (int)(u / 8) + (int)(u % 8) + x / -3 + x % -3;
  r += y / x;
  unsigned int w = u;
  for (int k = 1; k < 6; k++) w = w / (unsigned int)k + w % (unsigned int)(k + 1);
  return r + (int)w;
}

static unsigned int shifts(unsigned int x, int s, int t) {
  unsigned int r = x << s;
  r ^= x >> t;
  r += (unsigned int)((int)x >> (s & 7));
  int c = s;
  r += (unsigned int)(c << c);
  return r;
}

static int bytes(const char *s, unsigned char *out) {
  int n = 0;
  signed char sc = -5;
  unsigned short us = 65535;
  short ss = -300;
  while (s[n]) {
    char ch = s[n];
    out[n] = (unsigned char)(ch ^ (n * 37));
    sc = (signed char)(sc + ch);
    us = (unsigned short)(us + (unsigned short)ch * 3u);
    ss = (short)(ss - ch);
    n++;
  }
  return n * 1000 + sc + us + ss;
}

static long long wide(long long a, unsigned long long b, int k) {
  long long r = a * 3 - (long long)b;
  r += -a;
  r ^= (long long)(b >> 7) | ((long long)k << 40);
  r += (long long)(b << 3) + (a >> 2) + (long long)((unsigned long long)a >> 33);
  if (r < a) r += 17;
  if ((unsigned long long)r > b) r -= 5;
  if (r == a || r != (long long)b) r *= (long long)k + 1;
  return r;
}

static unsigned long long checksum64(const int *v, int n) {
  unsigned long long h = 1469598103934665603ull;
  for (int i = 0; i < n; i++) h = (h ^ (unsigned long long)(unsigned int)v[i]) * 1099511628211ull;
  return h;
}

static const char *name(int k) {
  switch (k) {
  case 0: return "zero";
  case 1: return "one";
  case 2: return "two";
  case 3: return "three";
  case 4: return "four";
  case 5: return "five";
  case 6: case 7: return "six-seven";
  default: return "many";
  }
}

static int sparse(int k) {
  switch (k) {
  case -100: return 1;
  case 7: return 2;
  case 1000: return 3;
  case 100000: return 4;
  default: return 0;
  }
}

struct flags { unsigned int on : 1; int level : 5; unsigned int count : 12; int big : 14; };
struct pair { int x, y; char tag; };

static int fields(struct flags *f, int k) {
  f->on = (unsigned int)k;
  f->level = k - 9;
  f->count += (unsigned int)k * 100u;
  f->big = -k * 301;
  return (int)f->on + f->level * 10 + (int)f->count + f->big;
}

static int grid[5][7];

int main(void) {
  int v[10];
  for (int i = 0; i < 10; i++) v[i] = twice(i) - 7 + with_array(i);
  int pr = pressure(50);
  printf("pressure %d sink %u\n", pr, sink);
  printf("divisions %d %d\n", divisions(1000003, -37, 4000000000u, 13u), divisions(-77, 5, 17u, 3u));
  printf("shifts %u %u\n", shifts(0x89abcdefu, 5, 9), shifts(1u, 31, 0));
  unsigned char out[16];
  int b = bytes("Register", out);
  printf("bytes %d %u %u\n", b, out[0], out[7]);
  printf("wide %lld %lld\n", wide(123456789012345ll, 987654321098765ull, 3), wide(-5, 2, -1));
  printf("checksum64 %llu\n", checksum64(v, 10));
  for (int k = -1; k < 10; k++) printf("%s%s", name(k), k < 9 ? " " : "\n");
  printf("sparse %d %d %d %d %d\n", sparse(-100), sparse(7), sparse(1000), sparse(100000), sparse(8));
  struct flags f = { 0, 0, 5, 0 };
  int fs = fields(&f, 3);
  fs += fields(&f, 30);
  printf("fields %d %u %d %u %d\n", fs, f.on, f.level, f.count, f.big);
  struct pair p = { 1, 2, 'a' }, q;
  q = p;
  q.y += p.x;
  for (int r = 0; r < 5; r++)
    for (int c = 0; c < 7; c++) grid[r][c] = r * c - add3(r, c, q.y);
  int gs = 0;
  for (int r = 4; r >= 0; r--) gs += grid[r][6 - r] * (r + 1);
  printf("pair %d %d %c grid %d\n", q.x, q.y, q.tag, gs);
  printf("fact %d once %d\n", fact(10), once(v, 10));
  long long acc = 0;
  for (int i = 0; i < 100; i++) acc += (long long)i * i * 1000003 - (acc >> 3);
  printf("acc %lld %d\n", acc, acc > 0 && !(acc & 1) ? 1 : acc < 0 ? -1 : 0);
  return 0;
}
