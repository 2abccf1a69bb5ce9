/*
 * kctxt_switch(from, to): save the callee-saved registers, the stack pointer
 * and the return address into kctxt_pool[from] (six words: esp, edi, esi,
 * ebx, ebp, ra), load them from kctxt_pool[to] and return there.
 */
        .text
        .globl kctxt_switch
kctxt_switch:
        movl 4(%esp), %eax
        movl 8(%esp), %edx
        leal (%eax,%eax,2), %eax
        leal kctxt_pool(,%eax,8), %eax
        leal (%edx,%edx,2), %edx
        leal kctxt_pool(,%edx,8), %edx
        popl %ecx
        movl %esp, 0(%eax)
        movl %edi, 4(%eax)
        movl %esi, 8(%eax)
        movl %ebx, 12(%eax)
        movl %ebp, 16(%eax)
        movl %ecx, 20(%eax)
        movl 0(%edx), %esp
        movl 4(%edx), %edi
        movl 8(%edx), %esi
        movl 12(%edx), %ebx
        movl 16(%edx), %ebp
        pushl 20(%edx)
        ret
