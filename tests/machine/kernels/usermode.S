# The SYSENTER entry point and the ring 3 code SYSEXIT goes to, for usermode.c.
        .text
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
        .globl sysenter_eax, sysenter_esp, sysenter_cs, sysenter_ss
sysenter_eax: .long 0
sysenter_esp: .long 0
sysenter_cs: .word 0
sysenter_ss: .word 0
