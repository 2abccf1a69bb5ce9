/* MBoot: the machine. Multiboot memory map, the COM1 UART, port I/O, the
   exit device, the GDT/TSS/IDT, control registers and the trap exit. */
#ifndef MCERTIKOS_MBOOT_EXPORT_H
#define MCERTIKOS_MBOOT_EXPORT_H

/* fresh */
void machine_init(unsigned int mbi);
void serial_putc(char c);
void machine_exit(int code);
void outb(unsigned int port, unsigned int data);
unsigned int inb(unsigned int port);
unsigned int get_size(void);
unsigned int get_mms(unsigned int i);
unsigned int get_mml(unsigned int i);
unsigned int is_usable(unsigned int i);
void idt_set_gate(unsigned int vector, unsigned int handler, unsigned int dpl);
void tss_set_esp0(unsigned int esp0);
void set_cr3(unsigned int pdir);
void enable_paging(void);
unsigned int get_cr2(void);
void trap_return(unsigned int *tf);

#endif
