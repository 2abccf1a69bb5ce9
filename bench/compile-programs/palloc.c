/* Kernel-like: a physical page allocator with a per-page table and quotas
   (MALInit/MALOp/MContainer style), exercised with allocate/free cycles. */
#include <stdint.h>
#include <stdio.h>

#define NPAGES 8192
#define NPROCS 16

struct page { unsigned int used : 1; unsigned int owner : 7; unsigned int refs : 24; };
struct container { int quota; int usage; int parent; };

static struct page pages[NPAGES];
static struct container conts[NPROCS];
static unsigned int next_hint;

static int palloc(int owner) {
  if (conts[owner].usage >= conts[owner].quota) return -1;
  for (unsigned int n = 0; n < NPAGES; n++) {
    unsigned int i = (next_hint + n) % NPAGES;
    if (!pages[i].used) {
      pages[i].used = 1;
      pages[i].owner = (unsigned int)owner;
      pages[i].refs = 1;
      conts[owner].usage++;
      next_hint = i + 1;
      return (int)i;
    }
  }
  return -1;
}

static void pfree(int i) {
  if (i < 0 || !pages[i].used) return;
  conts[pages[i].owner].usage--;
  pages[i].used = 0;
  pages[i].refs = 0;
}

int main(void) {
  static int held[NPROCS][64];
  unsigned long long checksum = 0;
  uint32_t rng = 12345;
  for (int p = 0; p < NPROCS; p++) { conts[p].quota = 40 + p; conts[p].parent = p ? 0 : -1; }
  for (int round = 0; round < 30; round++) {
    for (int p = 0; p < NPROCS; p++) {
      for (int k = 0; k < 64; k++) {
        rng = rng * 1103515245u + 12345u;
        if (rng >> 31) { if (!held[p][k]) held[p][k] = palloc(p) + 1; }
        else if (held[p][k]) { pfree(held[p][k] - 1); held[p][k] = 0; }
      }
    }
    for (int p = 0; p < NPROCS; p++) checksum = checksum * 31 + (unsigned long long)conts[p].usage;
  }
  printf("checksum %llu\n", checksum);
  return 0;
}
