/* What MPTComm uses from its underlay, MPTOp: nothing more. */
#ifndef MCERTIKOS_MPTCOMM_IMPORT_H
#define MCERTIKOS_MPTCOMM_IMPORT_H

void container_init(unsigned int mbi);
unsigned int container_alloc(unsigned int id);
void container_free(unsigned int id, unsigned int page);
void idpde_init(void);
void pt_insert_pde(unsigned int id, unsigned int va, unsigned int page);
void pt_rmv_pde(unsigned int id, unsigned int va);
void pt_rmv_aux(unsigned int id, unsigned int va);
unsigned int pt_read_pde(unsigned int id, unsigned int va);
void set_IDPDE(unsigned int id, unsigned int pde);
void rmv_PDE(unsigned int id, unsigned int pde);
int tests_upto_MPTIntro(void);

#endif
