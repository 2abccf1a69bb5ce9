.macro ENTRY name
  .globl \name
  .type \name, @function
\name:
.endm
.macro VECTOR n, err=0
  .if \err
    nop
  .else
    pushl $0
  .endif
  pushl $\n
  jmp alltraps
.endm
.macro SAVE regs:vararg
  .irp r, \regs
    pushl %\r
  .endr
.endm
.set DEBUG, 1
ENTRY start
  VECTOR 0
  VECTOR 8, 1
  VECTOR n=13, err=1
  SAVE eax, ebx, ecx
  .rept 3
  incl %eax
  .endr
  .irpc c, 0123
  movl $\c, %edx
  .endr
.ifdef DEBUG
  int3
.elseif 1
  hlt
.else
  hlt
.endif
.ifndef NOPE
  cli
.endif
.if DEBUG == 2
  ud2
.elseif DEBUG == 1
  sti
.endif
.ifc abc, abc
  cld
.endif
.ifnb
  std
.endif
.macro L id
lab\@: jmp lab\@
.endm
  L 1
  L 2
alltraps: ret
