/* What MALT uses from its underlay, MALOp: nothing more. */
#ifndef MCERTIKOS_MALT_IMPORT_H
#define MCERTIKOS_MALT_IMPORT_H

unsigned int get_nps(void);
unsigned int is_norm(unsigned int page);
unsigned int at_get(unsigned int page);
void at_set(unsigned int page, unsigned int allocated);
int tests_upto_MALInit(void);

#endif
