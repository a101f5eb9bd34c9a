/* sqrt as wasm's own f64.sqrt instruction: correctly rounded, as IEEE 754 and glibc's sqrt are. */
#ifndef TEMPOS_FREESTANDING_MATH_H
#define TEMPOS_FREESTANDING_MATH_H
#define sqrt(x) __builtin_sqrt(x)
#endif
