#ifndef _LM_TEST_ERRNO_H
#define _LM_TEST_ERRNO_H
int *__errno_location(void);
#define errno (*__errno_location())
#endif
