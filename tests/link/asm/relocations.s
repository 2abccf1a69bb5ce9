	.text
	.globl gfun
lfun:	ret
gfun:	ret
	movl $ext, %eax
	movl $ext+8, (%ebx)
	movl ext, %eax
	movl ext+4(,%ecx,4), %edx
	movw $ext, %ax
	movb $ext, %al
	pushl $ext
	pushl $lvar
	addl $ext, %eax
	addl $lvar, %ebx
	cmpl $gvar, 4(%esp)
	leal lvar(%eax), %ecx
	call ext
	call lfun
	call gfun
	call *ext
	jmp *table(,%eax,4)
	jmp ext
	je ext
	jmp gfun
	jne lfun
	jmp lvar
	ljmp $0x10, $ext
	lcall $0x8, $lfun
	movl $(lvar - lfun), %eax
	movl $(lvar2 - lvar), %eax
	addl $(lend - lfun), %eax
	movl %eax, %fs:ext
	imull $ext, %eax, %ebx
	.code16
	call ext16
	jmp ext16
	movw $ext16, %ax
	movl $ext16, %eax
	jmp lfun
	.code32
lend:
	.data
lvar:	.long 1
lvar2:	.long lfun, gfun, ext, lvar, gvar, table
	.globl gvar
gvar:	.long ext - ., lfun - ., lend - lfun
table:	.long 0
	.short ext
	.byte ext
