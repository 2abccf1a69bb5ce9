/* The self-tests of every layer below PCurID, in boot order. Its underlay's
   test.c is compiled here, against exactly the underlay's interface, as a
   test image compiles it one layer up; tests_upto_* chains downwards. */
#define SELFTEST_IN_KERNEL
#include "../../proc/PTQueueInit/test.c"
#include "import.h"
#include "export.h"

int tests_upto_PTQueueInit(void)
{
    return tests_upto_PTQueueIntro() + test_PTQueueInit();
}
