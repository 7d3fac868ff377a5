/* fsm.c — a state machine scanning text for numbers, floats, exponents and
   words (a switch over states and character classes, byte loads), as in
   CoreMark's state benchmark. */
#include "bench.h"

#ifndef EXPECTED
#define EXPECTED 0xa427a4e9u   /* the result on any machine (found with -DHOST_PRINT on the host) */
#endif

#define TEXT 4096
#define ROUNDS 1200

enum state { START, INT, FRAC, EXP, EXP_SIGN, EXP_INT, WORD, INVALID, NSTATES };

static char text[TEXT];

static uint32_t scan(const char *p, const char *end, uint32_t counts[NSTATES])
{
    uint32_t transitions = 0;
    enum state s = START;
    for (; p < end; p++) {
        char ch = *p;
        enum state before = s;
        if (ch == ' ' || ch == ',') {
            counts[s]++;
            s = START;
        } else {
            switch (s) {
            case START:
                s = (ch >= '0' && ch <= '9') ? INT : (ch == '.') ? FRAC
                  : ((ch | 32) >= 'a' && (ch | 32) <= 'z') ? WORD : INVALID;
                break;
            case INT:
                s = (ch >= '0' && ch <= '9') ? INT : (ch == '.') ? FRAC
                  : ((ch | 32) == 'e') ? EXP : INVALID;
                break;
            case FRAC:
                s = (ch >= '0' && ch <= '9') ? FRAC : ((ch | 32) == 'e') ? EXP : INVALID;
                break;
            case EXP:
                s = (ch == '+' || ch == '-') ? EXP_SIGN : (ch >= '0' && ch <= '9') ? EXP_INT : INVALID;
                break;
            case EXP_SIGN:
            case EXP_INT:
                s = (ch >= '0' && ch <= '9') ? EXP_INT : INVALID;
                break;
            case WORD:
                s = ((ch | 32) >= 'a' && (ch | 32) <= 'z') || (ch >= '0' && ch <= '9') ? WORD : INVALID;
                break;
            default:
                break;
            }
        }
        transitions += s != before;
    }
    counts[s]++;
    return transitions;
}

int bench_main(void)
{
    static const char alphabet[] = "0123456789.eE+-abcxyz ,,  ";
    uint32_t seed = 99, sum = 0;
    for (int i = 0; i < TEXT; i++)
        text[i] = alphabet[next_random(&seed) % (sizeof alphabet - 1)];
    for (int round = 0; round < ROUNDS; round++) {
        uint32_t counts[NSTATES] = {0};
        sum += scan(text, text + TEXT, counts);
        for (int k = 0; k < NSTATES; k++)
            sum = sum * 31 + counts[k];
        text[(round * 97) % TEXT] = alphabet[round % (sizeof alphabet - 1)];
    }
    FINISH(sum, EXPECTED);
}
