/* What MALOp uses from its underlay, MALInit: nothing more. */
#ifndef MCERTIKOS_MALOP_IMPORT_H
#define MCERTIKOS_MALOP_IMPORT_H

void machine_init(unsigned int mbi);
void intr_init(void);
unsigned int get_size(void);
unsigned int get_mms(unsigned int i);
unsigned int get_mml(unsigned int i);
unsigned int is_usable(unsigned int i);
void set_nps(unsigned int nps);
unsigned int get_nps(void);
void set_norm(unsigned int page, unsigned int norm);
void at_set(unsigned int page, unsigned int allocated);
void dprintf(const char *fmt, ...);
int tests_upto_MDev(void);

#endif
