/* What MPTIntro uses from its underlay, MContainer: nothing more. */
#ifndef MCERTIKOS_MPTINTRO_IMPORT_H
#define MCERTIKOS_MPTINTRO_IMPORT_H

void set_cr3(unsigned int pdir);
int tests_upto_MALT(void);

#endif
