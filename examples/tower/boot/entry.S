/* The multiboot entry: a header the loader finds, a stack, then into C.
 * Preprocessed (.S) for the constants below. */
#define MULTIBOOT_MAGIC     0x1BADB002
#define MULTIBOOT_FLAGS     0x00000003   /* page-aligned modules, memory info */
#define STACK_SIZE          16384

	.section .multiboot, "a"
	.align 4
	.long MULTIBOOT_MAGIC
	.long MULTIBOOT_FLAGS
	.long -(MULTIBOOT_MAGIC + MULTIBOOT_FLAGS)

	.text
	.globl start
	.type start, @function
start:
	cli
	movl $stack_top, %esp
	movl %eax, %esi          /* the loader's magic and info survive serial_init */
	movl %ebx, %edi
	call serial_init
	pushl %edi
	pushl %esi
	call kernel_main         /* the image's upcall: lives in the top layer */
	addl $8, %esp
	pushl $1                 /* kernel_main returned: that is a failure */
	call machine_exit
1:	hlt
	jmp 1b

	.bss
	.align 16
stack_bottom:
	.skip STACK_SIZE
stack_top:
