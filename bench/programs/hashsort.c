/*
 * hashsort.c -- hashing and sorting over a large array: an open-addressing
 * hash table counts keys drawn from a skewed distribution, then the array
 * is sorted (quicksort with insertion sort for small ranges) and verified.
 * Usage: hashsort [rounds]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { N = 1 << 20, TABLE = 1 << 19 };

static uint32_t hash32(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x7feb352du;
    x ^= x >> 15;
    x *= 0x846ca68bu;
    x ^= x >> 16;
    return x;
}

static void insertion_sort(uint32_t *a, int n)
{
    for (int i = 1; i < n; i++) {
        uint32_t v = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static void quick_sort(uint32_t *a, int n)
{
    while (n > 16) {
        uint32_t x = a[0], y = a[n / 2], z = a[n - 1];   /* median of three */
        uint32_t pivot = x < y ? (y < z ? y : (x < z ? z : x))
                               : (x < z ? x : (y < z ? z : y));
        int i = 0, j = n - 1;
        for (;;) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i >= j)
                break;
            uint32_t t = a[i];
            a[i] = a[j];
            a[j] = t;
            i++;
            j--;
        }
        /* recurse into the smaller part, loop on the larger */
        if (j + 1 < n - j - 1) {
            quick_sort(a, j + 1);
            a += j + 1;
            n -= j + 1;
        } else {
            quick_sort(a + j + 1, n - j - 1);
            n = j + 1;
        }
    }
    insertion_sort(a, n);
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 14;
    uint32_t *a = malloc(N * sizeof *a);
    uint32_t *keys = calloc(TABLE, sizeof *keys);
    uint32_t *counts = calloc(TABLE, sizeof *counts);
    if (!a || !keys || !counts)
        return 1;
    uint32_t check = 0, s = 2463534242u;
    for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < N; i++) {         /* xorshift32, skewed by a mask */
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            a[i] = (s & (s >> 7)) % 400000u + 1;   /* 0 marks an empty bucket */
        }
        for (int i = 0; i < TABLE; i++)
            keys[i] = counts[i] = 0;
        uint32_t distinct = 0, maxcount = 0, probes = 0;
        for (int i = 0; i < N; i++) {
            uint32_t h = hash32(a[i]) & (TABLE - 1);
            while (keys[h] && keys[h] != a[i]) {
                h = (h + 1) & (TABLE - 1);
                probes++;
            }
            if (!keys[h]) {
                keys[h] = a[i];
                distinct++;
            }
            if (++counts[h] > maxcount)
                maxcount = counts[h];
        }
        quick_sort(a, N);
        uint32_t sorted = 1, runs = 1;
        for (int i = 1; i < N; i++) {
            sorted &= a[i - 1] <= a[i];
            runs += a[i - 1] != a[i];
        }
        check = hash32(check ^ distinct) ^ hash32(maxcount + probes) ^ runs;
        check += a[N / 3] * sorted;
    }
    printf("hashsort %d: check %08x\n", rounds, check);
    return 0;
}
