/* What MPTOp uses from its underlay, MPTIntro: nothing more. */
#ifndef MCERTIKOS_MPTOP_IMPORT_H
#define MCERTIKOS_MPTOP_IMPORT_H

unsigned int get_PDE(unsigned int id, unsigned int pde);
void set_PDE(unsigned int id, unsigned int pde, unsigned int page);
void rmv_PDE(unsigned int id, unsigned int pde);
unsigned int get_PTE(unsigned int id, unsigned int pde, unsigned int pte);
void set_PTE(unsigned int id, unsigned int pde, unsigned int pte, unsigned int pa, unsigned int perm);
void rmv_PTE(unsigned int id, unsigned int pde, unsigned int pte);
void set_IDPTE(unsigned int pde, unsigned int pte, unsigned int perm);
int tests_upto_MContainer(void);

#endif
