# Ring changes for usermode.c: iret into ring 3, a one-shot saved kernel context to
# come back to from a trap handler, and the sysenter entry point.
        .text
        .globl enter_user
# enter_user(void (*fn)(void), u32 user_stack_top): never returns by itself.
enter_user:
        movl 4(%esp), %ecx
        movl 8(%esp), %edx
        movw $0x23, %ax
        movw %ax, %ds
        movw %ax, %es
        movw %ax, %fs
        movw %ax, %gs
        pushl $0x23
        pushl %edx
        pushl $0x2
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

        .globl sysenter_entry
# Arrives in ring 0 on the SYSENTER stack with the user's EAX; records what it sees.
sysenter_entry:
        movl %eax, sysenter_eax
        movl %esp, sysenter_esp
        movw %cs, %ax
        movw %ax, sysenter_cs
        movw %ss, %ax
        movw %ax, sysenter_ss
        jmp resume_context

        .globl user_sysenter
# Reached by SYSEXIT in ring 3: report CS and come back with SYSENTER.
user_sysenter:
        movw %cs, %ax
        movzwl %ax, %eax
        shll $16, %eax
        movw %ss, %ax
        sysenter

        .data
context:
        .skip 24
        .globl sysenter_eax, sysenter_esp, sysenter_cs, sysenter_ss
sysenter_eax: .long 0
sysenter_esp: .long 0
sysenter_cs: .word 0
sysenter_ss: .word 0
