/* ping: spawns pong and exchanges messages with it over IPC channels. */
#include "ulib.h"

#define ROUNDS 5

int main(void)
{
    unsigned int msg[2], reply[1], i;
    int pong = sys_spawn(PROG_PONG, 32), bad = 0;

    if (pong < 0) {
        uprintf("ping: cannot spawn pong\n");
        return 1;
    }
    uprintf("ping: spawned pong\n");
    for (i = 1; i <= ROUNDS; i++) {
        msg[0] = i;
        msg[1] = i * i;
        if (sys_send((unsigned int)pong, msg, 2) != 2 || sys_recv((unsigned int)pong, reply, 1) != 1
            || reply[0] != i + i * i) {
            uprintf("ping: round %u went wrong\n", i);
            bad = 1;
        }
    }
    if (bad)
        return 1;
    uprintf("ping: %u round trips, every reply correct\n", ROUNDS);
    return 0;
}
