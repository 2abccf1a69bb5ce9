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
    return tests_upto_MBoot() + test_MConsole() + test_MIntr();
}
