/* What PKCtxtNew uses from its underlay, PKCtxtIntro: nothing more. */
#ifndef MCERTIKOS_PKCTXTNEW_IMPORT_H
#define MCERTIKOS_PKCTXTNEW_IMPORT_H

unsigned int pt_new(unsigned int parent, unsigned int quota);
void set_SP(unsigned int id, unsigned int sp);
void set_RA(unsigned int id, unsigned int ra);
unsigned int kstack_top(unsigned int id);
int tests_upto_MPTNew(void);

#endif
