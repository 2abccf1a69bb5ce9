# Ring changes for the test kernels: iret into ring 3, and a one-shot saved kernel
# context that a trap handler can come back to.
        .text
        .globl enter_user
# enter_user(void (*fn)(void), u32 user_stack_top): never returns by itself.
enter_user:
        pushl $0x2
        pushl 12(%esp)
        pushl 12(%esp)
        call enter_user_flags
# enter_user_flags(fn, user_stack_top, eflags)
        .globl enter_user_flags
enter_user_flags:
        movl 4(%esp), %ecx
        movl 8(%esp), %edx
        movl 12(%esp), %ebx
        movw $0x23, %ax
        movw %ax, %ds
        movw %ax, %es
        movw %ax, %fs
        movw %ax, %gs
        pushl $0x23
        pushl %edx
        pushl %ebx
        pushl $0x1b
        pushl %ecx
        iretl

        .globl save_context
# save_context(): returns 0; resume_context() makes it return 1 a second time.
save_context:
        movl %ebx, context
        movl %esi, context+4
        movl %edi, context+8
        movl %ebp, context+12
        leal 4(%esp), %eax
        movl %eax, context+16
        movl (%esp), %eax
        movl %eax, context+20
        xorl %eax, %eax
        ret

        .globl resume_context
resume_context:
        movw $0x10, %ax
        movw %ax, %ds
        movw %ax, %es
        movw %ax, %fs
        movw %ax, %gs
        movw %ax, %ss
        movl context, %ebx
        movl context+4, %esi
        movl context+8, %edi
        movl context+12, %ebp
        movl context+16, %esp
        movl $1, %eax
        jmp *context+20


        .data
context:
        .skip 24
