# Multiboot v1 entry shared by the test kernels: a header asking for memory
# information, a 64 KiB boot stack, and a call to kmain(magic, info).
        .set MB_MAGIC, 0x1BADB002
        .set MB_FLAGS, 0x00000003
        .section .multiboot, "a"
        .align 4
        .long MB_MAGIC
        .long MB_FLAGS
        .long -(MB_MAGIC + MB_FLAGS)

        .text
        .globl _start
_start:
        movl $boot_stack_top, %esp
        xorl %ebp, %ebp
        pushl $0
        popfl
        pushl %ebx
        pushl %eax
        call kmain
        pushl %eax
        call qemu_exit
1:      cli
        hlt
        jmp 1b

        .bss
        .align 16
boot_stack:
        .skip 65536
        .globl boot_stack_top
boot_stack_top:
