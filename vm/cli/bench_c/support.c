/* support.c — what every program links besides its own file: main(), which
 * runs the program's bench_main() REPEAT times (1 unless -DREPEAT=N; QEMU's
 * rate comes from the difference between 1 and many repetitions, which
 * cancels its start-up), and the two functions gcc may call on its own
 * (structure copies, zeroed arrays) in freestanding code, compiled with
 * -fno-tree-loop-distribute-patterns so they do not call themselves. */
#include "bench.h"

#ifndef REPEAT
#define REPEAT 1
#endif

int main(void)
{
    for (int i = 0; i < REPEAT; i++) {
        int status = bench_main();   /* each starts from scratch: same result */
        if (status != 0)
            return status;
    }
    return 0;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}
