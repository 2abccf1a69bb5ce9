/* PUCtxtIntro's self-test: user-context words, saving a frame, and the ELF
   loader on a minimal executable (and on broken ones). */
#include "kconst.h"
#include "selftest.h"
#include "test_elf.h"
#include "export.h"

#define PUCTXTINTRO_CHECK(c) SELFTEST_CHECK("PUCtxtIntro", c)

static unsigned int puctxtintro_elf[] = TEST_ELF_WORDS;

int test_PUCtxtIntro(void)
{
    unsigned int frame[UCTX_SIZE], i, id, pte;
    const unsigned int *code;

    id = thread_spawn(0, 8);    /* an address space; the thread itself is killed unrun */
    PUCTXTINTRO_CHECK(id != NUM_IDS && thread_kill(id) == 0);
    for (i = 0; i < UCTX_SIZE; i++)
        frame[i] = 0x1000 + i;
    save_uctx(id, frame);
    for (i = 0; i < UCTX_SIZE; i++)
        PUCTXTINTRO_CHECK(uctx_get(id, i) == 0x1000 + i);
    uctx_set(id, U_EIP, 0x40000010);
    PUCTXTINTRO_CHECK(uctx_get(id, U_EIP) == 0x40000010 && uctx_get(id, UCTX_SIZE) == 0);

    PUCTXTINTRO_CHECK(elf_load((unsigned int)puctxtintro_elf, id) == TEST_ELF_ENTRY);
    pte = pt_read(id, TEST_ELF_ENTRY);
    PUCTXTINTRO_CHECK((pte & PT_PERM_UP) == PT_PERM_UP);
    code = (const unsigned int *)(pte & PTE_ADDR_MASK);
    PUCTXTINTRO_CHECK(code[0] == TEST_ELF_CODE0 && code[1] == 0x90909090 && code[2] == 0);
    PUCTXTINTRO_CHECK((pt_read(id, TEST_ELF_ENTRY + PAGESIZE) & PTE_P) != 0);   /* bss page */
    PUCTXTINTRO_CHECK(pt_read(id, TEST_ELF_ENTRY + TEST_ELF_MEMSZ) == 0);

    puctxtintro_elf[0] ^= 1;                        /* not ELF */
    PUCTXTINTRO_CHECK(elf_load((unsigned int)puctxtintro_elf, id) == 0);
    puctxtintro_elf[0] ^= 1;
    puctxtintro_elf[15] = 0x00100000;               /* segment in the kernel half */
    PUCTXTINTRO_CHECK(elf_load((unsigned int)puctxtintro_elf, id) == 0);
    puctxtintro_elf[15] = TEST_ELF_ENTRY;
    SELFTEST_PASS("PUCtxtIntro");
}

#ifndef SELFTEST_IN_KERNEL
void kernel_main(unsigned int mbi)
{
    ipc_init(mbi);
    machine_exit(test_PUCtxtIntro() == 0 ? 0 : 1);
}
#endif
