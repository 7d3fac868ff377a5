/* matrix.c — integer matrix multiply, transpose and add (mul, nested loops,
   strided loads), as in CoreMark's matrix benchmark. */
#include "bench.h"

#ifndef EXPECTED
#define EXPECTED 0xff3bc8e8u   /* the result on any machine (found with -DHOST_PRINT on the host) */
#endif

#define N 40
#define ROUNDS 140

static int32_t a[N][N], b[N][N], c[N][N];

int bench_main(void)
{
    uint32_t seed = 777, sum = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i][j] = (int32_t)(next_random(&seed) & 0xff) - 128;
            b[i][j] = (int32_t)(next_random(&seed) & 0xff) - 128;
        }
    for (int round = 0; round < ROUNDS; round++) {
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) {
                uint32_t acc = 0;         /* unsigned: wraps the same on every machine */
                for (int k = 0; k < N; k++)
                    acc += (uint32_t)a[i][k] * (uint32_t)b[k][j];
                c[i][j] = (int32_t)acc;
            }
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) {
                a[i][j] = (c[j][i] >> 6) + round;
                sum += (uint32_t)c[i][j] * (uint32_t)(i + 1);
            }
    }
    FINISH(sum, EXPECTED);
}
