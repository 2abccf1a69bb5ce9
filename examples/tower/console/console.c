/* Console: strings and numbers on top of Boot's serial_putc. */
#include "import.h"
#include "export.h"

void console_putx(u32 value);

void console_puts(const char *s)
{
	while (*s != '\0') {
		if (*s == '\n')
			serial_putc('\r');
		serial_putc(*s++);
	}
}

void console_putu(u32 value)
{
	char digits[10];
	int n = 0;

	do {
		digits[n++] = (char)('0' + value % 10);
		value /= 10;
	} while (value != 0);
	while (n > 0)
		serial_putc(digits[--n]);
}

void console_putx(u32 value)
{
	static const char hex[] = "0123456789abcdef";
	int shift;

	serial_putc('0');
	serial_putc('x');
	for (shift = 28; shift >= 0; shift -= 4)
		serial_putc(hex[(value >> shift) & 0xf]);
}
