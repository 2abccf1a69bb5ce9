/* What PIPCIntro uses from its underlay, PThread: nothing more. */
#ifndef MCERTIKOS_PIPCINTRO_IMPORT_H
#define MCERTIKOS_PIPCINTRO_IMPORT_H

int tests_upto_PThreadSched(void);

#endif
