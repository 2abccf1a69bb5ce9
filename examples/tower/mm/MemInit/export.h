/* MemInit: the page allocation table. at_get and at_set are getters and setters
 * the layer above may inline (see the Layerfile). */
#ifndef MEMINIT_EXPORT_H
#define MEMINIT_EXPORT_H

#include <tower/types.h>

#define MAX_PAGES 1024
#define PAGE_FREE 0u
#define PAGE_USED 1u

u32 at_get(u32 page);
void at_set(u32 page, u32 state);
void mem_init(u32 npages);
u32 mem_npages(void);

#endif
