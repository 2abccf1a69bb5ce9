/* Fixed-size integer types shared by every layer of the tower (ILP32). */
#ifndef TOWER_TYPES_H
#define TOWER_TYPES_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;

#endif
