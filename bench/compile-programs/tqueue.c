/* Kernel-like: thread control blocks in doubly linked ready queues, with a round-robin
   scheduler and sleep/wakeup on channels (PTCBIntro/PTQueueInit/PThreadSched style). */
#include <stdio.h>

#define NUM_IDS 64
#define NUM_CHAN 8
#define NUM_QUEUES (NUM_CHAN + 1)
#define READY NUM_CHAN
#define NIL NUM_IDS

enum state { TSTATE_READY, TSTATE_RUN, TSTATE_SLEEP, TSTATE_DEAD };
struct tcb { enum state state; int prev, next; unsigned int runs; };
struct queue { int head, tail; };

static struct tcb tcbs[NUM_IDS];
static struct queue queues[NUM_QUEUES];
static int current;

static void enqueue(int q, int id) {
  int tail = queues[q].tail;
  tcbs[id].prev = tail;
  tcbs[id].next = NIL;
  if (tail == NIL) queues[q].head = id; else tcbs[tail].next = id;
  queues[q].tail = id;
}

static int dequeue(int q) {
  int head = queues[q].head;
  if (head == NIL) return NIL;
  int next = tcbs[head].next;
  queues[q].head = next;
  if (next == NIL) queues[q].tail = NIL; else tcbs[next].prev = NIL;
  return head;
}

static void thread_yield(void) {
  tcbs[current].state = TSTATE_READY;
  enqueue(READY, current);
  current = dequeue(READY);
  tcbs[current].state = TSTATE_RUN;
  tcbs[current].runs++;
}

static void thread_sleep(int chan) {
  if (queues[READY].head == NIL) return; /* never leave the CPU without a thread */
  tcbs[current].state = TSTATE_SLEEP;
  enqueue(chan, current);
  current = dequeue(READY);
  tcbs[current].state = TSTATE_RUN;
}

static void thread_wakeup(int chan) {
  int id;
  while ((id = dequeue(chan)) != NIL) { tcbs[id].state = TSTATE_READY; enqueue(READY, id); }
}

int main(void) {
  for (int q = 0; q < NUM_QUEUES; q++) queues[q].head = queues[q].tail = NIL;
  for (int id = 1; id < NUM_IDS; id++) enqueue(READY, id);
  current = 0;
  unsigned int step, total = 0;
  for (step = 0; step < 20000; step++) {
    if (step % 7 == 3) thread_sleep((int)(step % NUM_CHAN));
    else if (step % 11 == 5) thread_wakeup((int)((step / 11) % NUM_CHAN));
    else thread_yield();
  }
  for (int id = 0; id < NUM_IDS; id++) total = total * 33 + tcbs[id].runs;
  printf("total %u current %d\n", total, current);
  return 0;
}
