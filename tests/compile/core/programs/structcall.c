/* Structs by value through calls: returned through a hidden pointer (popped by the callee)
   and passed as argument words, including sizes that are not a multiple of four. */
#include <stdio.h>
struct s3 { char a, b, c; };
struct big { int x[5]; short y; };
struct pt { int x, y; };
static struct pt mk(int x, int y) { struct pt p = { x, y }; return p; }
struct big mkbig(int k) { struct big b; for (int i = 0; i < 5; i++) b.x[i] = k * i; b.y = (short)-k; return b; }
static int sum3(struct s3 s, int k, struct pt p) { return s.a + s.b * 2 + s.c * 3 + k + p.x * p.y; }
int main(void) {
  struct pt p = mk(3, 4);
  struct big b = mkbig(7);
  struct s3 s = { 1, 2, 3 };
  int t = 0;
  for (int i = 0; i < 10; i++) { struct pt q = mk(i, p.y); t += sum3(s, i, q) + mkbig(i).x[4]; }
  printf("%d %d %d %d %d\n", p.x, p.y, b.x[4], b.y, t);
  return 0;
}
