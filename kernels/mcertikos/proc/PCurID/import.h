/* What PCurID uses from its underlay, PTQueueInit: nothing more. */
#ifndef MCERTIKOS_PCURID_IMPORT_H
#define MCERTIKOS_PCURID_IMPORT_H

int tests_upto_PTQueueIntro(void);

#endif
