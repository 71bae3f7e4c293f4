/*
 * hash.c -- SipHash-1-3 (Aumasson and Bernstein, "SipHash: a fast
 * short-input PRF", 2012), the keyed hash made against hash flooding,
 * with one compression round per word and three to finish.
 */
#include "hash.h"

#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static uint64_t key[2];
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

/* From the system's random source; should it be unreadable, from the
 * clock and addresses, which still differ from run to run. */
static void make_key(void)
{
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    ssize_t n = fd >= 0 ? read(fd, key, sizeof key) : -1;
    if (fd >= 0)
        close(fd);
    if (n != (ssize_t)sizeof key) {
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        key[0] ^= (uint64_t)t.tv_nsec * 0x9e3779b97f4a7c15u ^ (uint64_t)t.tv_sec;
        key[1] ^= (uint64_t)(uintptr_t)&t ^ (uint64_t)(uintptr_t)&key ^ (uint64_t)getpid();
    }
}

static inline uint64_t rotl(uint64_t x, int b)
{
    return (x << b) | (x >> (64 - b));
}

#define SIPROUND                                                                   \
    do {                                                                           \
        v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32);                  \
        v2 += v3; v3 = rotl(v3, 16); v3 ^= v2;                                     \
        v0 += v3; v3 = rotl(v3, 21); v3 ^= v0;                                     \
        v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32);                  \
    } while (0)

/* A little-endian word of 8 bytes at p. */
static inline uint64_t word(const uint8_t *p)
{
    uint64_t w = 0;
    for (int i = 7; i >= 0; i--)
        w = (w << 8) | p[i];
    return w;
}

uint64_t kn_hash(const void *data, size_t len)
{
    pthread_once(&key_once, make_key);
    const uint8_t *p = data;
    uint64_t v0 = key[0] ^ 0x736f6d6570736575u, v1 = key[1] ^ 0x646f72616e646f6du,
             v2 = key[0] ^ 0x6c7967656e657261u, v3 = key[1] ^ 0x7465646279746573u;
    size_t whole = len - len % 8;   /* p is not used when len is 0: may be NULL */
    for (size_t i = 0; i < whole; i += 8) {
        uint64_t m = word(p + i);
        v3 ^= m;
        SIPROUND;
        v0 ^= m;
    }
    uint8_t tail[8] = {0};
    if (len % 8)
        memcpy(tail, p + whole, len % 8);
    uint64_t m = word(tail) | (uint64_t)len << 56;
    v3 ^= m;
    SIPROUND;
    v0 ^= m;
    v2 ^= 0xff;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    return v0 ^ v1 ^ v2 ^ v3;
}
