/*
 * recurse.c -- call-heavy recursion: Fibonacci, Takeuchi's function and
 * Ackermann's, none of which a compiler can turn into a loop.
 * Usage: recurse [n]   (n >= 8; the work grows like 1.6^n)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) static uint32_t fib(uint32_t n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

__attribute__((noinline)) static int tak(int x, int y, int z)
{
    if (y >= x)
        return z;
    return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y));
}

/* The recursion is about 2^(n+3) deep for m = 3: n stays at most 10 so
 * that it fits every engine's default call depth. */
__attribute__((noinline)) static uint32_t ack(uint32_t m, uint32_t n)
{
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 40;
    if (n < 8)
        n = 8;
    uint32_t f = fib((uint32_t)n);
    int x = n - 6;
    int t = tak(x, x / 2, x / 4);
    uint32_t a = 0;
    for (int i = 0; i < n / 3; i++)
        a += ack(3, (uint32_t)(n / 4 < 10 ? n / 4 : 10));
    printf("recurse %d: fib %u tak %d ack %u\n", n, f, t, a);
    return 0;
}
