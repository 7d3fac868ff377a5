/* search.c — string search: naive, Knuth-Morris-Pratt and Boyer-Moore-Horspool
   over generated text (byte loads, tight compare loops, table lookups). */
#include "bench.h"

#ifndef EXPECTED
#define EXPECTED 0xb21c2384u   /* the result on any machine (found with -DHOST_PRINT on the host) */
#endif

#define TEXT 8192
#define ROUNDS 30

static char text[TEXT];

static int naive_count(const char *t, int n, const char *p, int m)
{
    int count = 0;
    for (int i = 0; i + m <= n; i++) {
        int k = 0;
        while (k < m && t[i + k] == p[k]) k++;
        count += k == m;
    }
    return count;
}

static int kmp_count(const char *t, int n, const char *p, int m)
{
    int fail[32], count = 0;
    fail[0] = 0;
    for (int i = 1, k = 0; i < m; i++) {
        while (k > 0 && p[i] != p[k]) k = fail[k - 1];
        if (p[i] == p[k]) k++;
        fail[i] = k;
    }
    for (int i = 0, k = 0; i < n; i++) {
        while (k > 0 && t[i] != p[k]) k = fail[k - 1];
        if (t[i] == p[k]) k++;
        if (k == m) { count++; k = fail[k - 1]; }
    }
    return count;
}

static int horspool_count(const char *t, int n, const char *p, int m)
{
    int shift[256], count = 0;
    for (int c = 0; c < 256; c++) shift[c] = m;
    for (int i = 0; i < m - 1; i++) shift[(unsigned char)p[i]] = m - 1 - i;
    for (int i = 0; i + m <= n; i += shift[(unsigned char)t[i + m - 1]]) {
        int k = m - 1;
        while (k >= 0 && t[i + k] == p[k]) k--;
        count += k < 0;
    }
    return count;
}

int bench_main(void)
{
    static const char patterns[][8] = {"abab", "aab", "babba", "ab", "bbbbab", "aaaa"};
    uint32_t seed = 31337, sum = 0;
    for (int i = 0; i < TEXT; i++)
        text[i] = "ab"[next_random(&seed) & 1 ? 1 : 0] + (next_random(&seed) % 7 == 0);
    for (int round = 0; round < ROUNDS; round++)
        for (int q = 0; q < 6; q++) {
            const char *p = patterns[q];
            int m = 0;
            while (p[m]) m++;
            int a = naive_count(text, TEXT, p, m);
            int b = kmp_count(text, TEXT, p, m);
            int c = horspool_count(text, TEXT, p, m);
            if (a != b || b != c)
                return 2;
            sum = sum * 131 + (uint32_t)a + (uint32_t)round;
        }
    FINISH(sum, EXPECTED);
}
