/* recurse.c — recursion: Fibonacci, Ackermann and N-queens (calls and
   returns, stack traffic, deep call chains). */
#include "bench.h"

#ifndef EXPECTED
#define EXPECTED 0xc6301719u   /* the result on any machine (found with -DHOST_PRINT on the host) */
#endif

static uint32_t fib(uint32_t n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static uint32_t ackermann(uint32_t m, uint32_t n)
{
    if (m == 0) return n + 1;
    if (n == 0) return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

static int queens(int n, int row, uint32_t cols, uint32_t d1, uint32_t d2)
{
    if (row == n) return 1;
    int count = 0;
    for (int c = 0; c < n; c++) {
        uint32_t bc = 1u << c, b1 = 1u << (row + c), b2 = 1u << (row - c + n);
        if ((cols & bc) || (d1 & b1) || (d2 & b2)) continue;
        count += queens(n, row + 1, cols | bc, d1 | b1, d2 | b2);
    }
    return count;
}

#define ROUNDS 12

int bench_main(void)
{
    uint32_t sum = 0;
    for (uint32_t round = 0; round < ROUNDS; round++) {
        sum = sum * 7 + fib(22 + (round & 3));
        sum = sum * 7 + ackermann(2, 300 + round);
        sum = sum * 7 + ackermann(3, 4 + (round & 1));
        sum = sum * 7 + (uint32_t)queens(7 + (round & 1), 0, 0, 0, 0);
    }
    FINISH(sum, EXPECTED);
}
