#ifndef _LM_TEST_WCHAR_H
#define _LM_TEST_WCHAR_H
#include <stddef.h>
size_t wcslen(const wchar_t *s);
#endif
