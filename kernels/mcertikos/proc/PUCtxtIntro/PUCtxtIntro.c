/*
 * PUCtxtIntro: the saved user context of every id (a trap frame, UCTX_SIZE
 * words, laid out as the trap entry pushes it), and loading an ELF program
 * into an id's address space.
 */
#include "kconst.h"
#include "import.h"
#include "export.h"

#define ELF_MAGIC   0x464C457F
#define PT_LOAD     1

static unsigned int uctx_pool[NUM_IDS][UCTX_SIZE];

unsigned int uctx_get(unsigned int id, unsigned int idx)
{
    return id < NUM_IDS && idx < UCTX_SIZE ? uctx_pool[id][idx] : 0;
}

void uctx_set(unsigned int id, unsigned int idx, unsigned int value)
{
    if (id < NUM_IDS && idx < UCTX_SIZE)
        uctx_pool[id][idx] = value;
}

void save_uctx(unsigned int id, unsigned int *tf)
{
    unsigned int i;

    for (i = 0; i < UCTX_SIZE; i++)
        uctx_set(id, i, tf[i]);
}

void restore_uctx(unsigned int id)
{
    trap_return(uctx_pool[id]);
}

static unsigned int read16(const unsigned char *p) { return p[0] | (p[1] << 8); }

static int segment_fits(unsigned int va, unsigned int memsz)
{
    return va >= VM_USERLO && va < VM_USERHI && memsz <= VM_USERHI - va;
}

/* Copies n bytes to id's va through the kernel's identity map, page by page. */
static int copy_to_space(unsigned int id, unsigned int va, const unsigned char *src, unsigned int n)
{
    while (n > 0) {
        unsigned int pte = pt_read(id, va);
        unsigned int chunk = PAGESIZE - (va & (PAGESIZE - 1));
        unsigned char *dst;
        unsigned int i;

        if ((pte & PTE_P) == 0)
            return -1;
        dst = (unsigned char *)((pte & PTE_ADDR_MASK) | (va & (PAGESIZE - 1)));
        if (chunk > n)
            chunk = n;
        for (i = 0; i < chunk; i++)
            dst[i] = src[i];
        src += chunk;
        va += chunk;
        n -= chunk;
    }
    return 0;
}

/* Maps and fills every PT_LOAD segment; returns the entry point, or 0 if
   the image is not a loadable 32-bit ELF executable for the user range. */
unsigned int elf_load(unsigned int elf, unsigned int id)
{
    const unsigned char *e = (const unsigned char *)elf;
    const unsigned int *hdr = (const unsigned int *)elf;
    unsigned int phoff, phnum, phentsize, entry, i;

    if (hdr[0] != ELF_MAGIC || e[4] != 1 || e[5] != 1)
        return 0;
    entry = hdr[6];
    phoff = hdr[7];
    phentsize = read16(e + 42);
    phnum = read16(e + 44);
    if (entry < VM_USERLO || entry >= VM_USERHI || phentsize < 32)
        return 0;
    for (i = 0; i < phnum; i++) {
        const unsigned int *ph = (const unsigned int *)(elf + phoff + i * phentsize);
        unsigned int off = ph[1], va = ph[2], filesz = ph[4], memsz = ph[5];
        unsigned int page;

        if (ph[0] != PT_LOAD || memsz == 0)
            continue;
        if (filesz > memsz || !segment_fits(va, memsz))
            return 0;
        for (page = va & PTE_ADDR_MASK; page < va + memsz; page += PAGESIZE)
            if ((pt_read(id, page) & PTE_P) == 0 && pt_resv(id, page, PT_PERM_UP) != 0)
                return 0;
        if (copy_to_space(id, va, e + off, filesz) != 0)
            return 0;
    }
    return entry;
}
