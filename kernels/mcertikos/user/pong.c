/* pong: answers its parent's messages with the sum of their two words. */
#include "ulib.h"

#define ROUNDS 5

int main(void)
{
    unsigned int parent = sys_getppid(), msg[IPC_MAX_WORDS], sum[1], i;

    for (i = 1; i <= ROUNDS; i++) {
        if (sys_recv(parent, msg, IPC_MAX_WORDS) != 2)
            return 1;
        uprintf("pong: got %u and %u\n", msg[0], msg[1]);
        sum[0] = msg[0] + msg[1];
        if (sys_send(parent, sum, 1) != 1)
            return 1;
    }
    return 0;
}
