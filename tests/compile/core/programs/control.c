// switch (dense tables, sparse chains, fall-through, ranges), goto, loops, ?:, comma, short circuit.
int printf(const char *, ...);

static int classify(int v) {
  switch (v) {
  case 0: return 100;
  case 1: case 2: return 101;
  case 3: v += 10; /* fall through */
  case 4: return v;
  case 5 ... 9: return 105;
  case 11: return 111;
  case 12: return 112;
  case 13: return 113;
  case 1000000: return 7;
  case -40: return -40;
  default: return -1;
  }
}

static const char *name(long long v) {
  switch (v) { case 1: return "one"; case 0x100000000LL: return "big"; default: return "other"; }
}

static int calls;
static int side(int r) { calls++; return r; }

int main(void) {
  for (int v = -41; v < 16; v++) printf("%d ", classify(v));
  printf("%d %s %s %s\n", classify(1000000), name(1), name(0x100000000LL), name(2));
  int i = 0, acc = 0;
again:
  acc += i;
  if (++i < 10) goto again;
  printf("goto %d\n", acc);
  do { acc--; if (acc & 1) continue; acc /= 2; } while (acc > 3);
  printf("do %d\n", acc);
  for (int a = 0, b = 10; a < b; a++, b--) { if (a == 3) break; acc += a * b; }
  printf("for %d\n", acc);
  int r = (side(0) && side(1)) || (side(1) && side(2)) || side(3);
  printf("sc %d %d\n", r, calls);
  int c = (acc > 5 ? acc : -acc), d = (acc++, acc++, acc);
  printf("%d %d %d\n", c, d, acc ?: 9);
  int w = 0;
  while (1) { if (++w > 5) break; }
  printf("while %d\n", w);
  return 0;
}
