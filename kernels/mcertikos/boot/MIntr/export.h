/* MIntr: the 8259A interrupt controllers and the 8254 timer. Beside MConsole over MBoot. */
#ifndef MCERTIKOS_MINTR_EXPORT_H
#define MCERTIKOS_MINTR_EXPORT_H

/* fresh */
void intr_init(void);
void intr_eoi(unsigned int irq);
unsigned int intr_get_mask(void);
unsigned int intr_pending(void);
unsigned int pit_read(void);

/* passed through from MBoot */
void serial_putc(char c);
void machine_exit(int code);

#endif
