/* The self-tests of every layer below MALInit, in boot order. Its underlay's
   test.c is compiled here, against exactly the underlay's interface, as a
   test image compiles it one layer up; tests_upto_* chains downwards. */
#define SELFTEST_IN_KERNEL
#include "../../boot/MConsole/test.c"
#include "../../boot/MIntr/test.c"
#include "import.h"
#include "export.h"

/* MDev's parts side by side: MConsole, then MIntr. */
int tests_upto_MDev(void)
{
    /* Lower layers first: C leaves the order of +'s operands unspecified. */
    int failed = tests_upto_MBoot();
    failed += test_MConsole();
    return failed + test_MIntr();
}
