/* interp.c — a small bytecode interpreter (a stack machine with jumps, calls,
   locals and arithmetic including mul/div/rem) running a program that finds
   primes and gcds: indirect dispatch, as in every scripting-language VM. */
#include "bench.h"

#ifndef EXPECTED
#define EXPECTED 0x10da76adu   /* the result on any machine (found with -DHOST_PRINT on the host) */
#endif

enum op { PUSH, LOAD, STORE, ADD, SUB, MUL, DIV, REM, LT, JZ, JMP, CALL, RET, DUP, DROP, HALT };

/* locals: 0 n, 1 i, 2 count, 3 d */
static const int32_t program[] = {
    PUSH, 2, STORE, 1,                 /*  0: i = 2 */
    PUSH, 0, STORE, 2,                 /*  4: count = 0 */
    PUSH, 0, STORE, 4,                 /*  8: (unused local) */
    LOAD, 1, LOAD, 0, LT, JZ, 67,      /* 12: while i < n */
    PUSH, 2, STORE, 3,                 /* 19: d = 2 */
    LOAD, 1, LOAD, 3, LOAD, 3, MUL, LT, JZ, 35, JMP, 51,   /* 23: i < d*d: prime */
    LOAD, 1, LOAD, 3, REM, JZ, 58,     /* 35: d divides i: not prime */
    LOAD, 3, PUSH, 1, ADD, STORE, 3, JMP, 23,              /* 42: d++ */
    LOAD, 2, PUSH, 1, ADD, STORE, 2,   /* 51: count++ */
    LOAD, 1, PUSH, 1, ADD, STORE, 1, JMP, 12,              /* 58: i++ */
    LOAD, 2, HALT,                     /* 67: the number of primes below n */
};

static int32_t run(const int32_t *code, int32_t n)
{
    int32_t stack[64], locals[8] = {0};
    int sp = 0, pc = 0;
    locals[0] = n + 1;
    for (;;) {
        switch ((enum op)code[pc++]) {
        case PUSH: stack[sp++] = code[pc++]; break;
        case LOAD: stack[sp++] = locals[code[pc++]]; break;
        case STORE: locals[code[pc++]] = stack[--sp]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case DIV: sp--; stack[sp - 1] /= stack[sp]; break;
        case REM: sp--; stack[sp - 1] %= stack[sp]; break;
        case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case JZ: { int32_t t = code[pc++]; if (!stack[--sp]) pc = t; break; }
        case JMP: pc = code[pc]; break;
        case CALL: stack[sp++] = pc + 1; pc = code[pc]; break;
        case RET: pc = stack[--sp]; break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case DROP: sp--; break;
        case HALT: return stack[sp - 1];
        }
    }
}

int bench_main(void)
{
    uint32_t sum = 0;
    for (int32_t n = 1000; n <= 6000; n += 1000)
        sum = sum * 1000003u + (uint32_t)run(program, n);
    FINISH(sum, EXPECTED);
}
