/* What MIntr uses from its underlay, MBoot: nothing more. */
#ifndef MCERTIKOS_MINTR_IMPORT_H
#define MCERTIKOS_MINTR_IMPORT_H

void outb(unsigned int port, unsigned int data);
unsigned int inb(unsigned int port);

#endif
