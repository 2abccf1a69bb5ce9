# Port I/O and the exit device, plain assembly (.s: not preprocessed).
# cdecl: arguments at 4(%esp), 8(%esp); result in %eax.

	.text
	.globl outb
	.type outb, @function
outb:
	movl 4(%esp), %edx
	movl 8(%esp), %eax
	outb %al, %dx
	ret

	.globl inb
	.type inb, @function
inb:
	movl 4(%esp), %edx
	xorl %eax, %eax
	inb %dx, %al
	ret

# QEMU's isa-debug-exit (and layermake boot's exit device) at port 0xf4:
# writing v ends the run with status (v << 1) | 1.
	.globl machine_exit
	.type machine_exit, @function
machine_exit:
	movl 4(%esp), %eax
	movw $0xf4, %dx
	outb %al, %dx
1:	cli
	hlt
	jmp 1b
