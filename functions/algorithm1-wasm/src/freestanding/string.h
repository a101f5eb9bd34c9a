/* The part of <string.h> that algorithm1.c (and clang's code generation) uses, for wasm32 without a libc. */
#ifndef TEMPOS_FREESTANDING_STRING_H
#define TEMPOS_FREESTANDING_STRING_H
#include <stddef.h>
void *memchr(const void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
#endif
