/* The part of <stdio.h> that algorithm1.c uses, for wasm32 without a libc (see freestanding.c). */
#ifndef TEMPOS_FREESTANDING_STDIO_H
#define TEMPOS_FREESTANDING_STDIO_H
#include <stddef.h>
int snprintf(char *buf, size_t cap, const char *format, ...);
#endif
