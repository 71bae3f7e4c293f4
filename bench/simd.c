/*
 * simd.c -- the SIMD benchmark kernel (bench/simd.sh, issue 6): a dot
 * product of 16-bit integers and a 3x3 blur of an 8-bit image, the loops
 * clang's vectoriser turns into v128 code under -msimd128.
 *
 * For wasm it is a module without imports that exports run(reps), built
 * with -nostdlib and run by `kiln run --invoke run simd.wasm REPS`; natively
 * (tests/suites/simd-kernel.sh) main prints the same checksum.
 */
#include <stdint.h>

#ifdef __wasm__
#define EXPORT(name) __attribute__((export_name(name)))
#else
#define EXPORT(name)
#endif

enum { N = 16384, W = 256, H = 256 };

static int16_t a[N + 256], b[N];
static uint8_t img[H][W], img2[H][W], tmp[H][W];
static uint32_t seed = 1;

static uint32_t rnd(void)
{
    seed = seed * 1103515245u + 12345u;
    return seed >> 16;
}

/* Wraps like i32 arithmetic: the sum overflows. */
static uint32_t dot(const int16_t *x, const int16_t *y, int n)
{
    uint32_t s = 0;
    for (int i = 0; i < n; i++)
        s += (uint32_t)(x[i] * y[i]);
    return s;
}

/* A 1-2-1 filter with rounding across the rows p, q, r: on three rows of
 * an image it blurs vertically, on one row at offsets 0, 1, 2
 * horizontally. */
__attribute__((noinline))
static void filter(uint8_t *restrict d, const uint8_t *restrict p,
                   const uint8_t *restrict q, const uint8_t *restrict r, int n)
{
    for (int x = 0; x < n; x++)
        d[x] = (uint8_t)((p[x] + 2 * q[x] + r[x] + 2) >> 2);
}

/* A 3x3 blur of src into dst, through tmp. */
static void blur(uint8_t (*dst)[W], uint8_t (*src)[W])
{
    for (int y = 0; y < H; y++)
        filter(tmp[y] + 1, src[y], src[y] + 1, src[y] + 2, W - 2);
    for (int y = 1; y < H - 1; y++)
        filter(dst[y], tmp[y - 1], tmp[y], tmp[y + 1], W);
}

EXPORT("run")
uint32_t run(uint32_t reps)
{
    for (int i = 0; i < N + 256; i++)
        a[i] = (int16_t)rnd();
    for (int i = 0; i < N; i++)
        b[i] = (int16_t)rnd();
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            img[y][x] = (uint8_t)rnd();
    uint32_t sum = 0;
    for (uint32_t r = 0; r < reps; r++) {
        sum = sum * 31 + dot(a + (r & 255), b, N);
        blur(img2, img);
        blur(img, img2);
        sum = sum * 31 + img[r % H][r % W];
    }
    return sum;
}

#ifndef __wasm__
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    /* kiln prints an i32 result signed */
    printf("%d\n", (int32_t)run(argc > 1 ? (uint32_t)atoi(argv[1]) : 1));
    return 0;
}
#endif
