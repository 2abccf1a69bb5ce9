/*
 * Trap entry: one stub per vector pushes a dummy error code where the CPU
 * pushes none, then the vector number; alltraps completes the frame (the
 * UCTX_SIZE-word layout of kconst.h) and calls trap(frame). A trap from the
 * kernel returns here; one from user mode never does (the kernel resumes the
 * process through trap_return).
 */
#include "kconst.h"

        .text
        .globl trap_vector0
trap_vector0:
        pushl $0
        pushl $0
        jmp alltraps
        .globl trap_vector1
trap_vector1:
        pushl $0
        pushl $1
        jmp alltraps
        .globl trap_vector2
trap_vector2:
        pushl $0
        pushl $2
        jmp alltraps
        .globl trap_vector3
trap_vector3:
        pushl $0
        pushl $3
        jmp alltraps
        .globl trap_vector4
trap_vector4:
        pushl $0
        pushl $4
        jmp alltraps
        .globl trap_vector5
trap_vector5:
        pushl $0
        pushl $5
        jmp alltraps
        .globl trap_vector6
trap_vector6:
        pushl $0
        pushl $6
        jmp alltraps
        .globl trap_vector7
trap_vector7:
        pushl $0
        pushl $7
        jmp alltraps
        .globl trap_vector8
trap_vector8:
        pushl $8
        jmp alltraps
        .globl trap_vector9
trap_vector9:
        pushl $0
        pushl $9
        jmp alltraps
        .globl trap_vector10
trap_vector10:
        pushl $10
        jmp alltraps
        .globl trap_vector11
trap_vector11:
        pushl $11
        jmp alltraps
        .globl trap_vector12
trap_vector12:
        pushl $12
        jmp alltraps
        .globl trap_vector13
trap_vector13:
        pushl $13
        jmp alltraps
        .globl trap_vector14
trap_vector14:
        pushl $14
        jmp alltraps
        .globl trap_vector15
trap_vector15:
        pushl $0
        pushl $15
        jmp alltraps
        .globl trap_vector16
trap_vector16:
        pushl $0
        pushl $16
        jmp alltraps
        .globl trap_vector17
trap_vector17:
        pushl $17
        jmp alltraps
        .globl trap_vector18
trap_vector18:
        pushl $0
        pushl $18
        jmp alltraps
        .globl trap_vector19
trap_vector19:
        pushl $0
        pushl $19
        jmp alltraps
        .globl trap_vector20
trap_vector20:
        pushl $0
        pushl $20
        jmp alltraps
        .globl trap_vector21
trap_vector21:
        pushl $0
        pushl $21
        jmp alltraps
        .globl trap_vector22
trap_vector22:
        pushl $0
        pushl $22
        jmp alltraps
        .globl trap_vector23
trap_vector23:
        pushl $0
        pushl $23
        jmp alltraps
        .globl trap_vector24
trap_vector24:
        pushl $0
        pushl $24
        jmp alltraps
        .globl trap_vector25
trap_vector25:
        pushl $0
        pushl $25
        jmp alltraps
        .globl trap_vector26
trap_vector26:
        pushl $0
        pushl $26
        jmp alltraps
        .globl trap_vector27
trap_vector27:
        pushl $0
        pushl $27
        jmp alltraps
        .globl trap_vector28
trap_vector28:
        pushl $0
        pushl $28
        jmp alltraps
        .globl trap_vector29
trap_vector29:
        pushl $0
        pushl $29
        jmp alltraps
        .globl trap_vector30
trap_vector30:
        pushl $0
        pushl $30
        jmp alltraps
        .globl trap_vector31
trap_vector31:
        pushl $0
        pushl $31
        jmp alltraps
        .globl trap_vector32
trap_vector32:
        pushl $0
        pushl $32
        jmp alltraps
        .globl trap_vector33
trap_vector33:
        pushl $0
        pushl $33
        jmp alltraps
        .globl trap_vector34
trap_vector34:
        pushl $0
        pushl $34
        jmp alltraps
        .globl trap_vector35
trap_vector35:
        pushl $0
        pushl $35
        jmp alltraps
        .globl trap_vector36
trap_vector36:
        pushl $0
        pushl $36
        jmp alltraps
        .globl trap_vector37
trap_vector37:
        pushl $0
        pushl $37
        jmp alltraps
        .globl trap_vector38
trap_vector38:
        pushl $0
        pushl $38
        jmp alltraps
        .globl trap_vector39
trap_vector39:
        pushl $0
        pushl $39
        jmp alltraps
        .globl trap_vector40
trap_vector40:
        pushl $0
        pushl $40
        jmp alltraps
        .globl trap_vector41
trap_vector41:
        pushl $0
        pushl $41
        jmp alltraps
        .globl trap_vector42
trap_vector42:
        pushl $0
        pushl $42
        jmp alltraps
        .globl trap_vector43
trap_vector43:
        pushl $0
        pushl $43
        jmp alltraps
        .globl trap_vector44
trap_vector44:
        pushl $0
        pushl $44
        jmp alltraps
        .globl trap_vector45
trap_vector45:
        pushl $0
        pushl $45
        jmp alltraps
        .globl trap_vector46
trap_vector46:
        pushl $0
        pushl $46
        jmp alltraps
        .globl trap_vector47
trap_vector47:
        pushl $0
        pushl $47
        jmp alltraps
        .globl trap_vector48
trap_vector48:
        pushl $0
        pushl $48
        jmp alltraps

alltraps:
        pushl %ds
        pushl %es
        pushal
        movw $SEG_KDATA, %ax
        movw %ax, %ds
        movw %ax, %es
        pushl %esp
        call trap
        addl $4, %esp
        popal
        popl %es
        popl %ds
        addl $8, %esp
        iret

/* The stubs' addresses, by vector, for trap_init. */
        .data
        .align 4
        .globl trap_vectors
trap_vectors:
        .long trap_vector0
        .long trap_vector1
        .long trap_vector2
        .long trap_vector3
        .long trap_vector4
        .long trap_vector5
        .long trap_vector6
        .long trap_vector7
        .long trap_vector8
        .long trap_vector9
        .long trap_vector10
        .long trap_vector11
        .long trap_vector12
        .long trap_vector13
        .long trap_vector14
        .long trap_vector15
        .long trap_vector16
        .long trap_vector17
        .long trap_vector18
        .long trap_vector19
        .long trap_vector20
        .long trap_vector21
        .long trap_vector22
        .long trap_vector23
        .long trap_vector24
        .long trap_vector25
        .long trap_vector26
        .long trap_vector27
        .long trap_vector28
        .long trap_vector29
        .long trap_vector30
        .long trap_vector31
        .long trap_vector32
        .long trap_vector33
        .long trap_vector34
        .long trap_vector35
        .long trap_vector36
        .long trap_vector37
        .long trap_vector38
        .long trap_vector39
        .long trap_vector40
        .long trap_vector41
        .long trap_vector42
        .long trap_vector43
        .long trap_vector44
        .long trap_vector45
        .long trap_vector46
        .long trap_vector47
        .long trap_vector48
