/* What MPTNew uses from its underlay, MPTBit: nothing more. */
#ifndef MCERTIKOS_MPTNEW_IMPORT_H
#define MCERTIKOS_MPTNEW_IMPORT_H

void pt_init(unsigned int mbi);
unsigned int ptbit_get(unsigned int id);
void ptbit_set(unsigned int id, unsigned int used);
unsigned int container_can_consume(unsigned int id, unsigned int n);
int container_split(unsigned int parent, unsigned int child, unsigned int quota);
unsigned int container_alloc(unsigned int id);
void container_free(unsigned int id, unsigned int page);
int pt_insert(unsigned int id, unsigned int va, unsigned int pa, unsigned int perm);
int tests_upto_MPTInit(void);

#endif
