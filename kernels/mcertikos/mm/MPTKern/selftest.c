/* The self-tests of every layer below MPTKern, in boot order. Its underlay's
   test.c is compiled here, against exactly the underlay's interface, as a
   test image compiles it one layer up; tests_upto_* chains downwards. */
#define SELFTEST_IN_KERNEL
#include "../../mm/MPTComm/test.c"
#include "import.h"
#include "export.h"

int tests_upto_MPTComm(void)
{
    /* Lower layers first: C leaves the order of +'s operands unspecified. */
    int failed = tests_upto_MPTOp();
    return failed + test_MPTComm();
}
