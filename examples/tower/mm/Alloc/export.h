/* Alloc: whole pages, first fit. */
#ifndef ALLOC_EXPORT_H
#define ALLOC_EXPORT_H

#include <tower/types.h>

#define NO_PAGE 0u

u32 palloc(void);
void pfree(u32 page);

#endif
