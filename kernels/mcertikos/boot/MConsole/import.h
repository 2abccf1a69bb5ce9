/* What MConsole uses from its underlay, MBoot: nothing more. */
#ifndef MCERTIKOS_MCONSOLE_IMPORT_H
#define MCERTIKOS_MCONSOLE_IMPORT_H

void serial_putc(char c);

#endif
