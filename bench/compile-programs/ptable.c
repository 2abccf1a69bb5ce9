/* Kernel-like: a two-level i386 page table built through getter/setter primitives
   (as mCertiKOS's MPTIntro/MPTInit do), then walked. */
#include <stdint.h>
#include <stdio.h>

#define NPDE 1024
#define NPTE 1024
#define PTE_P 0x001u
#define PTE_W 0x002u
#define PTE_U 0x004u
#define PROCS 4
#define MAPPED_PDES 16

static uint32_t pdir[PROCS][NPDE];
static uint32_t ptbl[MAPPED_PDES][NPTE];

static void set_pdir_entry(int proc, int pde, uint32_t value) { pdir[proc][pde] = value; }
static uint32_t get_pdir_entry(int proc, int pde) { return pdir[proc][pde]; }
static void set_IDPTE(int pde, int pte, uint32_t perm) {
  ptbl[pde][pte] = ((uint32_t)pde * NPTE + (uint32_t)pte) * 4096u | perm;
}
static uint32_t get_ptbl_entry(int pde, int pte) { return ptbl[pde][pte]; }

static void idpde_init(void) {
  for (int pde = 0; pde < MAPPED_PDES; pde++) {
    uint32_t perm = pde < 4 ? (PTE_P | PTE_W) : (PTE_P | PTE_W | PTE_U);
    for (int pte = 0; pte < NPTE; pte++) set_IDPTE(pde, pte, perm);
  }
  for (int proc = 0; proc < PROCS; proc++)
    for (int pde = 0; pde < NPDE; pde++)
      set_pdir_entry(proc, pde, pde < MAPPED_PDES ? (uint32_t)pde << 12 | PTE_P | PTE_W : 0);
}

static uint32_t translate(int proc, uint32_t vaddr) {
  uint32_t pde = get_pdir_entry(proc, (int)(vaddr >> 22));
  if (!(pde & PTE_P)) return 0;
  uint32_t pte = get_ptbl_entry((int)(pde >> 12), (int)((vaddr >> 12) & 0x3ff));
  if (!(pte & PTE_P)) return 0;
  return (pte & ~0xfffu) | (vaddr & 0xfffu);
}

int main(void) {
  idpde_init();
  uint32_t sum = 0;
  for (uint32_t v = 0; v < (uint32_t)MAPPED_PDES << 22; v += 4096 * 7 + 12) sum += translate((int)(v & 3), v) >> 3;
  printf("sum %u\n", sum);
  return 0;
}
