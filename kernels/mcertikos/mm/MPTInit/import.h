/* What MPTInit uses from its underlay, MPTKern: nothing more. */
#ifndef MCERTIKOS_MPTINIT_IMPORT_H
#define MCERTIKOS_MPTINIT_IMPORT_H

void pt_init_kern(unsigned int mbi);
void set_pdir_base(unsigned int id);
void enable_paging(void);
int tests_upto_MPTComm(void);

#endif
