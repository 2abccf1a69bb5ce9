/* Kernel: the top of the tower. Its one primitive is the upcall Boot jumps to. */
#ifndef KERNEL_EXPORT_H
#define KERNEL_EXPORT_H

#include <tower/types.h>

void kernel_main(u32 magic, u32 info);

#endif
