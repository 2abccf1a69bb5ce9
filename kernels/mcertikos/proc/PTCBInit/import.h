/* What PTCBInit uses from its underlay, PTCBIntro: nothing more. */
#ifndef MCERTIKOS_PTCBINIT_IMPORT_H
#define MCERTIKOS_PTCBINIT_IMPORT_H

void pmap_init(unsigned int mbi);
void tcb_init(unsigned int id);
int tests_upto_PKCtxtNew(void);

#endif
