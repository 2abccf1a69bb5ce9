/* What PTCBIntro uses from its underlay, PKCtxtNew: nothing more. */
#ifndef MCERTIKOS_PTCBINTRO_IMPORT_H
#define MCERTIKOS_PTCBINTRO_IMPORT_H

int tests_upto_PKCtxtIntro(void);

#endif
