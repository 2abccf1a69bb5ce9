/* Console: text on the serial line. console_putx's prototype is in the Layerfile. */
#ifndef CONSOLE_EXPORT_H
#define CONSOLE_EXPORT_H

#include <tower/types.h>

void console_puts(const char *s);
void console_putu(u32 value);

#endif
