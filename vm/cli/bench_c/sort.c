/* sort.c — quicksort (recursive, median of three), insertion sort and a
   merge of halfword keys (compares, swaps, halfword loads and stores). */
#include "bench.h"

#ifndef EXPECTED
#define EXPECTED 0xf47cec0au   /* the result on any machine (found with -DHOST_PRINT on the host) */
#endif

#define N 3000
#define ROUNDS 100

static int32_t keys[N];
static int16_t small[N], merged[N];

static void quicksort(int32_t *v, int lo, int hi)
{
    while (hi - lo > 16) {
        int mid = lo + (hi - lo) / 2;
        int32_t x = v[lo], y = v[mid], z = v[hi];
        int32_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        int i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot) i++;
            while (v[j] > pivot) j--;
            if (i <= j) {
                int32_t t = v[i]; v[i] = v[j]; v[j] = t;
                i++; j--;
            }
        }
        if (j - lo < hi - i) { quicksort(v, lo, j); lo = i; }
        else { quicksort(v, i, hi); hi = j; }
    }
    for (int i = lo + 1; i <= hi; i++) {
        int32_t t = v[i];
        int k = i - 1;
        while (k >= lo && v[k] > t) { v[k + 1] = v[k]; k--; }
        v[k + 1] = t;
    }
}

static void insertion_sort16(int16_t *v, int n)
{
    for (int i = 1; i < n; i++) {
        int16_t t = v[i];
        int k = i - 1;
        while (k >= 0 && v[k] > t) { v[k + 1] = v[k]; k--; }
        v[k + 1] = t;
    }
}

int bench_main(void)
{
    uint32_t seed = 2024, sum = 0;
    for (int round = 0; round < ROUNDS; round++) {
        for (int i = 0; i < N; i++)
            keys[i] = (int32_t)next_random(&seed);
        quicksort(keys, 0, N - 1);
        for (int i = 1; i < N; i++)
            if (keys[i - 1] > keys[i])
                return 2;
        for (int i = 0; i < N; i++)
            small[i] = (int16_t)(keys[(i * 7) % N] >> 16);
        insertion_sort16(small, N / 8);
        insertion_sort16(small + N / 8, N / 8);
        int i = 0, j = N / 8, k = 0;
        while (i < N / 8 && j < N / 4)
            merged[k++] = small[i] <= small[j] ? small[i++] : small[j++];
        while (i < N / 8) merged[k++] = small[i++];
        while (j < N / 4) merged[k++] = small[j++];
        for (int m = 0; m < N / 4; m++)
            sum = sum * 33 + (uint32_t)(uint16_t)merged[m];
        sum ^= (uint32_t)keys[round * 13];
    }
    FINISH(sum, EXPECTED);
}
