/*
 * A minimal ELF32 i386 executable for the tests of the loader and of process
 * creation: one PT_LOAD segment at TEST_ELF_ENTRY, 8 bytes of code ("jmp ."
 * and nops) in a segment of TEST_ELF_MEMSZ bytes, the rest zero-filled.
 */
#ifndef MCERTIKOS_TEST_ELF_H
#define MCERTIKOS_TEST_ELF_H

#define TEST_ELF_ENTRY  0x40000000
#define TEST_ELF_MEMSZ  0x2000
#define TEST_ELF_CODE0  0x9090FEEB

#define TEST_ELF_WORDS {                                                        \
    0x464C457F, 0x00010101, 0, 0,   /* e_ident: ELF, 32-bit, little-endian */   \
    0x00030002, 1,                  /* ET_EXEC, EM_386; EV_CURRENT */           \
    TEST_ELF_ENTRY, 52, 0, 0,       /* e_entry, e_phoff, e_shoff, e_flags */    \
    0x00200034, 0x00000001, 0,      /* ehsize 52, phentsize 32, phnum 1 */      \
    1, 84, TEST_ELF_ENTRY, TEST_ELF_ENTRY, 8, TEST_ELF_MEMSZ, 5, 4096,          \
    TEST_ELF_CODE0, 0x90909090 }

#endif
