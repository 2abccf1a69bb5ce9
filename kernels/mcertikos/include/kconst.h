/*
 * Constants shared by every layer, the boot assembly and the user programs.
 * Only #defines: this header is also read by the assembler's preprocessor.
 */
#ifndef MCERTIKOS_KCONST_H
#define MCERTIKOS_KCONST_H

/* Ids: every thread/process id owns an address space, a kernel stack, a TCB. */
#define NUM_IDS         64
#define NUM_QUEUES      (NUM_IDS + 1)   /* one sleep queue per id, then the ready queue */
#define READY_QUEUE     NUM_IDS

/* Memory layout. */
#define PAGESIZE        4096
#define PAGE_SHIFT      12
#define NPTENTRIES      1024
#define NPDENTRIES      1024
#define MAX_PAGES       (1024 * 1024)   /* pages in a 4 GiB physical space */
#define KERN_RESERVED   0x01000000      /* the kernel image and its static pools live below 16 MiB */
#define VM_USERLO       0x40000000
#define VM_USERHI       0xF0000000
#define VM_USERLO_PDE   (VM_USERLO >> 22)
#define VM_USERHI_PDE   (VM_USERHI >> 22)
#define KSTACK_SIZE     4096

/* Page-table entry bits. */
#define PTE_P           0x001
#define PTE_W           0x002
#define PTE_U           0x004
#define PTE_G           0x100
#define PTE_ADDR_MASK   0xFFFFF000
#define PT_PERM_KERN    (PTE_P | PTE_W | PTE_G)
#define PT_PERM_UP      (PTE_P | PTE_W | PTE_U)

/* Segment selectors of the GDT built by MBoot. */
#define SEG_KCODE       0x08
#define SEG_KDATA       0x10
#define SEG_UCODE       0x1B            /* 0x18 | RPL 3 */
#define SEG_UDATA       0x23            /* 0x20 | RPL 3 */
#define SEG_TSS         0x28
#define FL_IF           0x200

/* Trap numbers. */
#define T_DIVIDE        0
#define T_BRKPT         3
#define T_ILLOP         6
#define T_GPFLT         13
#define T_PGFLT         14
#define T_IRQ0          32
#define T_TIMER         T_IRQ0
#define T_SYSCALL       48
#define NUM_VECTORS     49
#define PFE_PRESENT     0x1             /* page-fault error code: protection violation */

/* The saved user context (a trap frame), word indices. */
#define U_EDI           0
#define U_ESI           1
#define U_EBP           2
#define U_OESP          3
#define U_EBX           4
#define U_EDX           5
#define U_ECX           6
#define U_EAX           7
#define U_ES            8
#define U_DS            9
#define U_TRAPNO        10
#define U_ERR           11
#define U_EIP           12
#define U_CS            13
#define U_EFLAGS        14
#define U_ESP           15
#define U_SS            16
#define UCTX_SIZE       17

/* Thread states. */
#define TSTATE_READY    0
#define TSTATE_RUN      1
#define TSTATE_SLEEP    2
#define TSTATE_DEAD     3

/* IPC: a synchronous message is at most this many words. */
#define IPC_MAX_WORDS   16
#define CHAN_NONE       NUM_IDS

/* System calls: number in eax, arguments in ebx, ecx, edx, esi;
   errno back in eax, a result in ebx. */
#define SYS_puts        1
#define SYS_yield       2
#define SYS_spawn       3
#define SYS_getpid      4
#define SYS_getppid     5
#define SYS_send        6
#define SYS_recv        7
#define SYS_exit        8

#define E_SUCC          0
#define E_INVAL         1
#define E_NOMEM         2
#define E_BADADDR       3
#define E_NOSYS         4

/* Embedded user programs, by index (sys_spawn's first argument). */
#define PROG_HELLO      0
#define PROG_PING       1
#define PROG_PONG       2
#define PROG_FAULTER    3
#define PROG_SPINNER    4
#define NUM_PROGRAMS    5

/* Exit status recorded for a process the kernel killed. */
#define STATUS_KILLED   (-1)

#endif
