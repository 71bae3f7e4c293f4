/*
 * nbody.c -- gravitational n-body simulation: all-pairs forces with
 * softening, symplectic Euler steps, energy at the end.
 * Usage: nbody [steps]
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { N = 64 };

typedef struct body {
    double x, y, z, vx, vy, vz, m;
} body;

static double energy(const body *b)
{
    double e = 0;
    for (int i = 0; i < N; i++) {
        e += 0.5 * b[i].m * (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
        for (int j = i + 1; j < N; j++) {
            double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
            e -= b[i].m * b[j].m / sqrt(dx * dx + dy * dy + dz * dz + 0.01);
        }
    }
    return e;
}

int main(int argc, char **argv)
{
    int steps = argc > 1 ? atoi(argv[1]) : 60000;
    body *b = malloc(N * sizeof *b);
    if (!b)
        return 1;
    uint32_t seed = 42;
    for (int i = 0; i < N; i++) {
        double r[7];
        for (int k = 0; k < 7; k++) {
            seed = seed * 1664525u + 1013904223u;
            r[k] = (double)(seed >> 8) / 16777216.0;
        }
        b[i] = (body){r[0] * 10 - 5, r[1] * 10 - 5, r[2] * 10 - 5,
                      r[3] - 0.5, r[4] - 0.5, r[5] - 0.5, 0.5 + r[6]};
    }
    double e0 = energy(b);
    const double dt = 0.001;
    for (int s = 0; s < steps; s++) {
        for (int i = 0; i < N; i++) {
            double ax = 0, ay = 0, az = 0;
            for (int j = 0; j < N; j++) {
                double dx = b[j].x - b[i].x, dy = b[j].y - b[i].y, dz = b[j].z - b[i].z;
                double d2 = dx * dx + dy * dy + dz * dz + 0.01;
                double inv = b[j].m / (d2 * sqrt(d2));
                ax += dx * inv;
                ay += dy * inv;
                az += dz * inv;
            }
            b[i].vx += ax * dt;
            b[i].vy += ay * dt;
            b[i].vz += az * dt;
        }
        for (int i = 0; i < N; i++) {
            b[i].x += b[i].vx * dt;
            b[i].y += b[i].vy * dt;
            b[i].z += b[i].vz * dt;
        }
    }
    double e1 = energy(b);
    uint64_t bits;
    memcpy(&bits, &e1, 8);
    printf("nbody %d: energy %.9f -> %.9f bits %016llx\n", steps, e0, e1,
           (unsigned long long)bits);
    return 0;
}
