/* Fixed-width types for freestanding kernel code (no libc). */
#ifndef MCERTIKOS_TYPES_H
#define MCERTIKOS_TYPES_H

typedef unsigned char uint8_t;
typedef unsigned short uint16_t;
typedef unsigned int uint32_t;
typedef int int32_t;

#define NULL ((void *)0)

#endif
