/* What MContainer uses from its underlay, MALT: nothing more. */
#ifndef MCERTIKOS_MCONTAINER_IMPORT_H
#define MCERTIKOS_MCONTAINER_IMPORT_H

void mem_init(unsigned int mbi);
unsigned int palloc(void);
void pfree(unsigned int page);
unsigned int get_nps(void);
unsigned int is_norm(unsigned int page);
unsigned int at_get(unsigned int page);
int tests_upto_MALOp(void);

#endif
