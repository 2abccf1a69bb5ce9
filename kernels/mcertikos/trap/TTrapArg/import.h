/* What TTrapArg uses from its underlay, PProc: nothing more. */
#ifndef MCERTIKOS_TTRAPARG_IMPORT_H
#define MCERTIKOS_TTRAPARG_IMPORT_H

unsigned int uctx_get(unsigned int id, unsigned int idx);
void uctx_set(unsigned int id, unsigned int idx, unsigned int value);
unsigned int get_curid(void);
int tests_upto_PUCtxtIntro(void);

#endif
