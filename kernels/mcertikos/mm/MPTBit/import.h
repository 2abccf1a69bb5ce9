/* What MPTBit uses from its underlay, MPTInit: nothing more. */
#ifndef MCERTIKOS_MPTBIT_IMPORT_H
#define MCERTIKOS_MPTBIT_IMPORT_H

int tests_upto_MPTKern(void);

#endif
