/* The self-tests of every layer below PCurID, in boot order. Its underlay's
   test.c is compiled here, against exactly the underlay's interface, as a
   test image compiles it one layer up; tests_upto_* chains downwards. */
#define SELFTEST_IN_KERNEL
#include "../../proc/PTQueueInit/test.c"
#include "import.h"
#include "export.h"

int tests_upto_PTQueueInit(void)
{
    /* Lower layers first: C leaves the order of +'s operands unspecified. */
    int failed = tests_upto_PTQueueIntro();
    return failed + test_PTQueueInit();
}
