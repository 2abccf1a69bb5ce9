/* The self-tests of the layers below MConsole, in boot order. Each test.c is
   compiled here, against exactly its layer's interface, as it would be in a
   test image one layer up. */
#define SELFTEST_IN_KERNEL
#include "../MBoot/test.c"
#include "export.h"

int tests_upto_MBoot(void)
{
    return test_MBoot();
}
