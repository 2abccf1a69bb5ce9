/* What PKCtxtIntro uses from its underlay, MPTNew: nothing more. */
#ifndef MCERTIKOS_PKCTXTINTRO_IMPORT_H
#define MCERTIKOS_PKCTXTINTRO_IMPORT_H

int tests_upto_MPTBit(void);

#endif
