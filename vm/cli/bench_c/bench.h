/* bench.h — what every compiled benchmark shares: fixed-width types, the
   self-check, and a deterministic pseudo-random generator.  A program's
   bench_main() returns 0 when its result equals EXPECTED (status 1 otherwise;
   -DEXPECTED=X overrides it, which is how the tests see a failing check).
   Built with -DHOST_PRINT for the host, it also prints the result, which is
   how the expected values were found: gcc -O2 -DHOST_PRINT NAME.c support.c.
   Every bench_main starts from scratch, so repeating it gives the same result. */
#ifndef BENCH_H
#define BENCH_H
#include <stdint.h>
#include <stddef.h>

#ifdef HOST_PRINT
#include <stdio.h>
#define FINISH(got, want) do { printf("0x%08xu\n", (unsigned)(got)); \
        return (uint32_t)(got) == (uint32_t)(want) ? 0 : 1; } while (0)
#else
#define FINISH(got, want) return (uint32_t)(got) == (uint32_t)(want) ? 0 : 1
#endif

/* xorshift32: the same sequence on every machine */
static inline uint32_t next_random(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

int bench_main(void);
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
#endif
