#define SEG_NULLASM .word 0, 0; .byte 0, 0, 0, 0
#define SEG_ASM(type,base,lim) \
        .word (((lim) >> 12) & 0xffff), ((base) & 0xffff); \
        .byte (((base) >> 16) & 0xff), (0x90 | (type)), \
                (0xC0 | (((lim) >> 28) & 0xf)), (((base) >> 24) & 0xff)
#define STA_X 0x8
#define STA_R 0x2
#define STA_W 0x2
#define CR0_PE 0x00000001
#define SEG_KCODE 1
#define SEG_KDATA 2
#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00000003

.code16
.globl start
start:
  cli
  xorw    %ax,%ax
  movw    %ax,%ds
  movw    %ax,%es
  movw    %ax,%ss
seta20.1:
  inb     $0x64,%al
  testb   $0x2,%al
  jnz     seta20.1
  movb    $0xd1,%al
  outb    %al,$0x64
  lgdt    gdtdesc
  movl    %cr0, %eax
  orl     $CR0_PE, %eax
  movl    %eax, %cr0
  ljmp    $(SEG_KCODE<<3), $start32

.code32
start32:
  movw    $(SEG_KDATA<<3), %ax
  movw    %ax, %ds
  movw    %ax, %es
  movw    %ax, %ss
  movw    $0, %ax
  movw    %ax, %fs
  movw    %ax, %gs
  movl    $start, %esp
  call    bootmain
  movw    $0x8a00, %ax
  movw    %ax, %dx
  outw    %ax, %dx
spin:
  jmp     spin

.p2align 2
gdt:
  SEG_NULLASM
  SEG_ASM(STA_X|STA_R, 0x0, 0xffffffff)
  SEG_ASM(STA_W, 0x0, 0xffffffff)
gdtdesc:
  .word   (gdtdesc - gdt - 1)
  .long   gdt

.section .multiboot
.p2align 2
  .long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

.text
.globl vector14
vector14:
  pushl $14
  jmp alltraps
alltraps:
  pushl %ds
  pushl %es
  pushl %fs
  pushl %gs
  pushal
  movw $(SEG_KDATA<<3), %ax
  movw %ax, %ds
  pushl %esp
  call trap
  addl $4, %esp
  popal
  popl %gs
  popl %fs
  popl %es
  popl %ds
  addl $0x8, %esp
  iret
.data
.globl vectors
vectors:
  .long vector14
