/* Boot: the machine as the layers above see it: port I/O, the serial line, and
 * the exit device. machine_exit's prototype is written in the Layerfile. */
#ifndef BOOT_EXPORT_H
#define BOOT_EXPORT_H

#include <tower/types.h>

void outb(u16 port, u8 value);
u8 inb(u16 port);
void serial_init(void);
void serial_putc(char c);

#endif
