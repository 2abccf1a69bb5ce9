/*
 * The multiboot entry, segment reload and trap exit: the few things C cannot say.
 */
#include "kconst.h"

#define MB_MAGIC        0x1BADB002
#define MB_FLAGS        0x00000003      /* page-align modules, give memory info */
#define MB_CHECKSUM     0xE4524FFB      /* -(MB_MAGIC + MB_FLAGS) */
#define MB_BOOT_MAGIC   0x2BADB002
#define BOOT_STACK_SIZE 16384

        .section .multiboot, "a"
        .align 4
        .long MB_MAGIC
        .long MB_FLAGS
        .long MB_CHECKSUM

        .text
        .globl start
start:
        cli
        cmpl $MB_BOOT_MAGIC, %eax
        jne bad_magic
        movl $boot_stack_top, %esp
        movl $0, %ebp
        pushl %ebx
        call kernel_main
        /* kernel_main never returns; if it does, report failure. */
        pushl $1
        call machine_exit
halt_forever:
        hlt
        jmp halt_forever

/* Not loaded by a multiboot loader: nothing can be printed yet, so leave
   through the exit device with a failure status. */
bad_magic:
        movw $0xf4, %dx
        movb $1, %al
        outb %al, %dx
        jmp halt_forever

/* After lgdt: reload every segment register from the new table. */
        .globl segments_reload
segments_reload:
        movw $SEG_KDATA, %ax
        movw %ax, %ds
        movw %ax, %es
        movw %ax, %fs
        movw %ax, %gs
        movw %ax, %ss
        ljmp $SEG_KCODE, $segments_reload_cs
segments_reload_cs:
        ret

/* trap_return(tf): resume the context saved in tf (a UCTX_SIZE-word trap frame). */
        .globl trap_return
trap_return:
        movl 4(%esp), %esp
        popal
        popl %es
        popl %ds
        addl $8, %esp
        iret

        .bss
        .align 16
boot_stack:
        .space BOOT_STACK_SIZE
boot_stack_top:
