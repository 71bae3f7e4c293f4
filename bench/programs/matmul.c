/*
 * matmul.c -- dense double-precision matrix multiply, C = A x B, in the
 * i-k-j loop order, repeated. Usage: matmul [repetitions]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { N = 200 };

int main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 400;
    double *a = malloc(N * N * sizeof *a);
    double *b = malloc(N * N * sizeof *b);
    double *c = malloc(N * N * sizeof *c);
    if (!a || !b || !c)
        return 1;
    uint32_t seed = 12345;
    for (int i = 0; i < N * N; i++) {
        seed = seed * 1664525u + 1013904223u;
        a[i] = (double)(seed >> 8) / 16777216.0 - 0.5;
        seed = seed * 1664525u + 1013904223u;
        b[i] = (double)(seed >> 8) / 16777216.0 - 0.5;
    }
    double trace = 0;
    for (int r = 0; r < reps; r++) {
        memset(c, 0, N * N * sizeof *c);
        for (int i = 0; i < N; i++)
            for (int k = 0; k < N; k++) {
                double aik = a[i * N + k];
                for (int j = 0; j < N; j++)
                    c[i * N + j] += aik * b[k * N + j];
            }
        /* feed the result back so no repetition can be skipped */
        for (int i = 0; i < N; i++) {
            trace += c[i * N + i];
            a[i * N + (i + r) % N] += c[i * N + i] * 1e-3;
        }
    }
    uint64_t bits;
    memcpy(&bits, &trace, sizeof bits);
    printf("matmul %d: trace %.9g bits %016llx\n", reps, trace, (unsigned long long)bits);
    return 0;
}
