/* The printf format macro algorithm1.c uses; uint64_t is unsigned long long on wasm32. */
#ifndef TEMPOS_FREESTANDING_INTTYPES_H
#define TEMPOS_FREESTANDING_INTTYPES_H
#include <stdint.h>
#define PRIu64 "llu"
#endif
