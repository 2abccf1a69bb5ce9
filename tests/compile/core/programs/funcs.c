// Function pointers, variadic functions with stdarg, recursion, static locals, strings, initializers.
int printf(const char *, ...);
#include <stdarg.h>
char *strcat(char *, const char *); unsigned strlen(const char *);

static int add(int a, int b) { return a + b; }
static int mul(int a, int b) { return a * b; }
static int (*ops[])(int, int) = { add, mul };
typedef int (*binop)(int, int);
static binop pick(int k) { return ops[k & 1]; }

static long long vsum(int n, ...) {
  va_list ap, aq;
  va_start(ap, n);
  va_copy(aq, ap);
  long long s = 0;
  for (int i = 0; i < n; i++) {
    int kind = va_arg(ap, int);
    if (kind == 1) s += va_arg(ap, long long);
    else if (kind == 2) s += (unsigned char)va_arg(ap, int);
    else s += *va_arg(ap, char *);
  }
  va_end(ap);
  s += va_arg(aq, int) * 1000;
  va_end(aq);
  return s;
}

static int counter(void) { static int n = 5; return n++; }

struct pt { int x, y; };
static struct pt pts[] = { [2] = { .y = 9 }, { 1, 2 }, [0].x = 4 };
static const char *words[] = { "alpha", "beta", "gamma" };
static char buf[] = "hello";
static int grid[3][4] = { { 1, 2 }, [2] = { 7, 8, 9, 10 }, [1][3] = 5 };
static int *gp = &grid[1][3];
static const char *msg = "msg" "cat";
static unsigned short wide[] = u"wide";

static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(void) {
  printf("%d %d %d\n", pick(0)(6, 7), pick(1)(6, 7), (*ops[1])(3, 3));
  printf("%lld\n", vsum(4, 1, 10000000000LL, 2, 300, 3, "Z", 1, -5LL));
  int a = counter(), b = counter(), c = counter();
  printf("%d %d %d\n", a, b, c);
  for (int i = 0; i < 4; i++) printf("(%d,%d)", pts[i].x, pts[i].y);
  printf(" %u\n", (unsigned)(sizeof pts / sizeof pts[0]));
  printf("%s %s %c %u %s %s\n", words[2], buf, "xyz"[1], (unsigned)sizeof buf, msg, words[0] + 2);
  for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) printf("%d", grid[i][j]);
  printf(" %d %d\n", *gp, (int)(gp - &grid[0][0]));
  printf("%d %d\n", wide[1], (int)(sizeof wide));
  int local[5] = { [1] = 3, [3] = fib(10) };
  char s[16] = "abc";
  strcat(s, "def");
  printf("%d %d %d %s %u\n", local[0], local[1], local[3], s, (unsigned)strlen(s));
  struct pt q = { .y = a, .x = b };
  struct pt *pq = &(struct pt){ 3, 4 };
  printf("%d %d %d\n", q.x, q.y, pq->x + pq->y);
  printf("%s\n", __func__);
  return 0;
}
