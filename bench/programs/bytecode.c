/*
 * bytecode.c -- a bytecode interpreter loop: a small register machine with
 * a switch dispatch runs a program that counts primes by trial division
 * and sums a Collatz walk for every number it visits.
 * Usage: bytecode [limit]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum op {
    LOADI,   /* r[a] = imm */
    MOV,     /* r[a] = r[b] */
    ADD,     /* r[a] = r[b] + r[c] */
    ADDI,    /* r[a] = r[b] + imm */
    MUL,     /* r[a] = r[b] * r[c] */
    REM,     /* r[a] = r[b] % r[c] */
    SHRI,    /* r[a] = r[b] >> imm */
    ANDI,    /* r[a] = r[b] & imm */
    JMP,     /* pc = imm */
    JLT,     /* if r[a] < r[b] pc = imm */
    JEQI,    /* if r[a] == (int)b pc = imm */
    JNZ,     /* if r[a] != 0 pc = imm */
    HALT
};

typedef struct insn {
    uint8_t op, a, b, c;
    int32_t imm;
} insn;

static int64_t run(const insn *code, int64_t *r)
{
    uint32_t pc = 0;
    for (;;) {
        const insn *i = &code[pc++];
        switch (i->op) {
        case LOADI: r[i->a] = i->imm; break;
        case MOV:   r[i->a] = r[i->b]; break;
        case ADD:   r[i->a] = r[i->b] + r[i->c]; break;
        case ADDI:  r[i->a] = r[i->b] + i->imm; break;
        case MUL:   r[i->a] = r[i->b] * r[i->c]; break;
        case REM:   r[i->a] = r[i->c] ? r[i->b] % r[i->c] : 0; break;
        case SHRI:  r[i->a] = r[i->b] >> i->imm; break;
        case ANDI:  r[i->a] = r[i->b] & i->imm; break;
        case JMP:   pc = (uint32_t)i->imm; break;
        case JLT:   if (r[i->a] < r[i->b]) pc = (uint32_t)i->imm; break;
        case JEQI:  if (r[i->a] == (int64_t)i->b) pc = (uint32_t)i->imm; break;
        case JNZ:   if (r[i->a]) pc = (uint32_t)i->imm; break;
        case HALT:  return r[0];
        default:    return -1;
        }
    }
}

/*
 * The program: r0 primes found, r1 n, r2 limit, r3 divisor d, r4 d*d,
 * r5 n % d, r6 the Collatz value x, r7 Collatz steps in all, r8 scratch,
 * r9 the constant 3. For each n in [2, limit): trial division decides
 * whether n is prime, then the Collatz walk from n to 1 is counted.
 */
static int build(insn *c)
{
    int n = 0;
#define I(o, A, B, C, IMM) c[n++] = (insn){o, A, B, C, IMM}
    I(LOADI, 0, 0, 0, 0);      /*  0 */
    I(LOADI, 1, 0, 0, 2);      /*  1 */
    I(LOADI, 9, 0, 0, 3);      /*  2 */
    I(JLT, 1, 2, 0, 5);        /*  3: n < limit */
    I(HALT, 0, 0, 0, 0);       /*  4 */
    I(LOADI, 3, 0, 0, 2);      /*  5: d = 2 */
    I(MUL, 4, 3, 3, 0);        /*  6 */
    I(JLT, 1, 4, 0, 12);       /*  7: n < d*d: prime */
    I(REM, 5, 1, 3, 0);        /*  8 */
    I(JEQI, 5, 0, 0, 13);      /*  9: d divides n: composite */
    I(ADDI, 3, 3, 0, 1);       /* 10 */
    I(JMP, 0, 0, 0, 6);        /* 11 */
    I(ADDI, 0, 0, 0, 1);       /* 12: one more prime */
    I(MOV, 6, 1, 0, 0);        /* 13: x = n */
    I(JEQI, 6, 1, 0, 23);      /* 14: x == 1: next n */
    I(ANDI, 8, 6, 0, 1);       /* 15 */
    I(JNZ, 8, 0, 0, 19);       /* 16: odd */
    I(SHRI, 6, 6, 0, 1);       /* 17: x /= 2 */
    I(JMP, 0, 0, 0, 21);       /* 18 */
    I(MUL, 6, 6, 9, 0);        /* 19: x = 3x + 1 */
    I(ADDI, 6, 6, 0, 1);       /* 20 */
    I(ADDI, 7, 7, 0, 1);       /* 21: one more step */
    I(JMP, 0, 0, 0, 14);       /* 22 */
    I(ADDI, 1, 1, 0, 1);       /* 23: n++ */
    I(JMP, 0, 0, 0, 3);        /* 24 */
#undef I
    return n;
}

int main(int argc, char **argv)
{
    int64_t limit = argc > 1 ? atoll(argv[1]) : 500000;
    insn code[32];
    build(code);
    int64_t r[16] = {0};
    r[2] = limit;
    int64_t primes = run(code, r);
    printf("bytecode %lld: primes %lld collatz steps %lld\n", (long long)limit,
           (long long)primes, (long long)r[7]);
    return 0;
}
