/*
 * stencil.c -- a 2-D Jacobi relaxation: each step replaces every interior
 * point of a grid by a weighted mean of itself and its four neighbours.
 * Usage: stencil [steps]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { W = 256, H = 256 };

int main(int argc, char **argv)
{
    int steps = argc > 1 ? atoi(argv[1]) : 16000;
    double *u = calloc(W * H, sizeof *u);
    double *v = calloc(W * H, sizeof *v);
    if (!u || !v)
        return 1;
    for (int x = 0; x < W; x++) {          /* boundary: a hot edge and a ramp */
        u[x] = v[x] = 100.0;
        u[(H - 1) * W + x] = v[(H - 1) * W + x] = (double)x / W;
    }
    for (int y = 0; y < H; y++) {
        u[y * W] = v[y * W] = 50.0;
        u[y * W + W - 1] = v[y * W + W - 1] = -25.0;
    }
    for (int s = 0; s < steps; s++) {
        for (int y = 1; y < H - 1; y++)
            for (int x = 1; x < W - 1; x++) {
                const double *p = &u[y * W + x];
                v[y * W + x] = 0.6 * p[0] + 0.1 * (p[-1] + p[1] + p[-W] + p[W]);
            }
        double *t = u;
        u = v;
        v = t;
    }
    double sum = 0, weighted = 0;
    for (int i = 0; i < W * H; i++) {
        sum += u[i];
        weighted += u[i] * (double)(i % 97);
    }
    uint64_t b1, b2;
    memcpy(&b1, &sum, 8);
    memcpy(&b2, &weighted, 8);
    printf("stencil %d: sum %.9g bits %016llx %016llx\n", steps, sum,
           (unsigned long long)b1, (unsigned long long)b2);
    return 0;
}
