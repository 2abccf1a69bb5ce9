/* What MALInit uses from its underlay, MDev: nothing more. */
#ifndef MCERTIKOS_MALINIT_IMPORT_H
#define MCERTIKOS_MALINIT_IMPORT_H

int tests_upto_MBoot(void);

#endif
