/* What Console uses of Boot, and nothing more. */
#ifndef CONSOLE_IMPORT_H
#define CONSOLE_IMPORT_H

void serial_putc(char c);

#endif
