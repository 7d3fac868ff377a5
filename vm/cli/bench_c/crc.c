/* crc.c — CRC-32 (IEEE, reflected) bit by bit and by table, and CRC-16/CCITT
   by bits (shifts, xor, byte loads, data-dependent branches). */
#include "bench.h"

#ifndef EXPECTED
#define EXPECTED 0xe889bb4bu   /* the result on any machine (found with -DHOST_PRINT on the host) */
#endif

#define LEN 2048
#define ROUNDS 240

static uint8_t data[LEN];
static uint32_t table[256];

static uint32_t crc32_bitwise(const uint8_t *p, size_t n)
{
    uint32_t crc = 0xffffffffu;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
    }
    return ~crc;
}

static uint32_t crc32_table(const uint8_t *p, size_t n)
{
    uint32_t crc = 0xffffffffu;
    while (n--)
        crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

static uint16_t crc16_ccitt(const uint8_t *p, size_t n)
{
    uint16_t crc = 0xffff;
    while (n--) {
        crc ^= (uint16_t)(*p++ << 8);
        for (int k = 0; k < 8; k++)
            crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
    }
    return crc;
}

int bench_main(void)
{
    uint32_t seed = 4242, sum = 0;
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & -(c & 1));
        table[i] = c;
    }
    for (int i = 0; i < LEN; i++)
        data[i] = (uint8_t)next_random(&seed);
    for (int round = 0; round < ROUNDS; round++) {
        uint32_t a = crc32_bitwise(data, LEN), b = crc32_table(data, LEN);
        if (a != b)
            return 2;
        sum += a ^ crc16_ccitt(data, LEN);
        data[round] ^= (uint8_t)a;
    }
    FINISH(sum, EXPECTED);
}
