// Variable-length arrays: run-time sizes, sizeof, storage in loops.
int printf(const char *, ...);
int f(int n) { int a[n]; for (int i = 0; i < n; i++) a[i] = i * i; int s = 0; for (int i = 0; i < n; i++) s += a[i]; return s + (int)sizeof a; }
int main(void) { for (int k = 1; k < 5; k++) { char buf[k * 3]; buf[0] = 'a'; printf("%d %u %c\n", f(k * 10), (unsigned)sizeof buf, buf[0]); } return 0; }
