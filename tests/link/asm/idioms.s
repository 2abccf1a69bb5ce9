	.section .text.boot,"ax",@progbits
	.code16
boot:	ljmp $0x08, $1f
	.code32
1:	movl %cr4, %eax
	orl $0x10, %eax
	pushl $(1 << 9)
	.previous
	.text
func:	ret
	.globl alias
	.set alias, func
	.weak hook
	call hook
	lea 1f(,%eax,4), %eax
1:	.long 1b - func, . - 4
foo: .rept 2
	nop
	.endr
	.bss
	.balign 4096
pgdir:	.skip 4096
	.data
	.long alias, pgdir, hook
