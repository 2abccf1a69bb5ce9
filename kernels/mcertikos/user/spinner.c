/* spinner: spins without ever entering the kernel; only the timer can take
   the CPU from it. */
#include "ulib.h"

int main(void)
{
    volatile unsigned int n = 0;

    uprintf("spinner: spinning without yielding\n");
    for (;;)
        n++;
    return 0;
}
