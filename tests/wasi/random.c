/*
 * random.c -- random_get: bytes from the operating system's generator.
 *
 * Randomness cannot be proven, but a broken random_get shows: zeros, a
 * repeated buffer, the buffer not filled to its end, or bytes far from
 * uniform. The bounds below fail for a good generator with probability
 * far below 1e-9.
 */
#include <stdlib.h>
#include <unistd.h>
#include <wasi/api.h>

#include "check.h"

enum { N = 1 << 20 };
static uint8_t a[N + 16], b[N];

int main(void)
{
    memset(a, 0, sizeof a);
    CHECK_EQ(__wasi_random_get(a, N), 0);
    CHECK_EQ(__wasi_random_get(b, N), 0);
    CHECK(memcmp(a, b, N) != 0);
    /* The last 64 bytes were written too, and nothing after the end. */
    int tail = 0;
    for (int i = N - 64; i < N; i++)
        tail |= a[i];
    CHECK(tail != 0);
    int after = 0;
    for (int i = N; i < N + 16; i++)
        after |= a[i];
    CHECK_EQ(after, 0);

    /* Byte frequencies: each of 256 values expects 4096 hits with a
     * standard deviation of 64; allow 10 deviations. */
    static unsigned hist[256];
    for (int i = 0; i < N; i++)
        hist[a[i]]++;
    unsigned lo = ~0u, hi = 0;
    for (int v = 0; v < 256; v++) {
        lo = hist[v] < lo ? hist[v] : lo;
        hi = hist[v] > hi ? hist[v] : hi;
    }
    CHECK(lo > 4096 - 640 && hi < 4096 + 640);

    /* Bits: about half set. sd of the count is 1448; allow 10. */
    long ones = 0;
    for (int i = 0; i < N; i++)
        ones += __builtin_popcount(a[i]);
    CHECK(ones > 4 * N - 14480 && ones < 4 * N + 14480);

    /* Zero length is fine; libc's getentropy goes through random_get too. */
    CHECK_EQ(__wasi_random_get(a, 0), 0);
    uint8_t small[32] = {0};
    CHECK_EQ(getentropy(small, sizeof small), 0);
    int any = 0;
    for (size_t i = 0; i < sizeof small; i++)
        any |= small[i];
    CHECK(any != 0);
    return check_done("random");
}
