/* What PUCtxtIntro uses from its underlay, PIPC: nothing more. */
#ifndef MCERTIKOS_PUCTXTINTRO_IMPORT_H
#define MCERTIKOS_PUCTXTINTRO_IMPORT_H

void trap_return(unsigned int *tf);
unsigned int pt_read(unsigned int id, unsigned int va);
int pt_resv(unsigned int id, unsigned int va, unsigned int perm);
int tests_upto_PIPCIntro(void);

#endif
