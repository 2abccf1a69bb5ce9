/* What PTQueueIntro uses from its underlay, PTCBInit: nothing more. */
#ifndef MCERTIKOS_PTQUEUEINTRO_IMPORT_H
#define MCERTIKOS_PTQUEUEINTRO_IMPORT_H

int tests_upto_PTCBIntro(void);

#endif
