/* Stats: what the allocation table says, side by side with Alloc. */
#ifndef STATS_EXPORT_H
#define STATS_EXPORT_H

#include <tower/types.h>

u32 mem_free_count(void);

#endif
