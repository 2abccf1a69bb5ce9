/* The COM1 16550 UART: 115200 baud is irrelevant to an emulator, 8N1, FIFOs on. */
#include "export.h"

#define COM1 0x3f8
#define LINE_STATUS 5
#define TRANSMIT_EMPTY 0x20

void serial_init(void)
{
	outb(COM1 + 1, 0x00);   /* no interrupts */
	outb(COM1 + 3, 0x80);   /* DLAB on to set the divisor */
	outb(COM1 + 0, 0x01);
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03);   /* 8 bits, no parity, one stop bit */
	outb(COM1 + 2, 0xc7);   /* FIFOs on and cleared */
	outb(COM1 + 4, 0x0b);
}

void serial_putc(char c)
{
	int spins = 100000;

	while ((inb(COM1 + LINE_STATUS) & TRANSMIT_EMPTY) == 0 && spins > 0)
		spins--;
	outb(COM1, (u8)c);
}
