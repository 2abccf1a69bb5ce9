/* What MPTKern uses from its underlay, MPTComm: nothing more. */
#ifndef MCERTIKOS_MPTKERN_IMPORT_H
#define MCERTIKOS_MPTKERN_IMPORT_H

void pt_init_comm(unsigned int mbi);
unsigned int pt_alloc_pde(unsigned int id, unsigned int va);
void pt_insert_aux(unsigned int id, unsigned int va, unsigned int pa, unsigned int perm);
void pt_rmv_aux(unsigned int id, unsigned int va);
unsigned int pt_read_pde(unsigned int id, unsigned int va);
void set_IDPDE(unsigned int id, unsigned int pde);
int tests_upto_MPTOp(void);

#endif
