/*
 * lz.c -- a compression byte loop: an LZ77 compressor with hash chains
 * (greedy, lazy by one byte) packs generated text into tokens of
 * literals and back-references; the decompressor restores it and the
 * result is compared with the input. Usage: lz [rounds]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    INPUT = 1 << 18,
    HASH_BITS = 14,
    WINDOW = 1 << 15,
    MIN_MATCH = 4,
    MAX_MATCH = 255 + MIN_MATCH,
    MAX_CHAIN = 32,
};

static uint32_t hash4(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return (v * 2654435761u) >> (32 - HASH_BITS);
}

/* Text from a small vocabulary with a skewed choice of words: compressible,
 * but not trivially. */
static void generate(uint8_t *out, size_t n, uint32_t seed)
{
    static const char *const words[] = {
        "the ", "of ", "and ", "a ", "to ", "in ", "is ", "you ", "that ", "it ",
        "interpreter ", "register ", "translation ", "memory ", "function ",
        "branch ", "stack ", "module ", "value ", "instruction ", "\n", ", ",
        "WebAssembly ", "kiln ", "benchmark ", "0123 ", "xyzzy ", "quux. ",
    };
    size_t nwords = sizeof words / sizeof words[0];
    size_t i = 0;
    while (i < n) {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        size_t w = (seed % nwords) & (seed >> 8) % nwords;
        for (const char *s = words[w]; *s && i < n; s++)
            out[i++] = (uint8_t)*s;
    }
}

/* The longest match for position i among the chain's candidates. */
static uint32_t longest(const uint8_t *in, uint32_t n, uint32_t i, const int32_t *head,
                        const int32_t *prev, uint32_t *dist)
{
    uint32_t best = 0;
    int32_t cand = head[hash4(in + i)];
    uint32_t limit = n - i < MAX_MATCH ? n - i : MAX_MATCH;
    for (int chain = 0; cand >= 0 && chain < MAX_CHAIN; chain++) {
        if (i - (uint32_t)cand > WINDOW)
            break;
        const uint8_t *a = in + cand, *b = in + i;
        if (a[best] == b[best]) {
            uint32_t len = 0;
            while (len < limit && a[len] == b[len])
                len++;
            if (len > best) {
                best = len;
                *dist = i - (uint32_t)cand;
                if (len == limit)
                    break;
            }
        }
        cand = prev[(uint32_t)cand & (WINDOW - 1)];
    }
    return best >= MIN_MATCH ? best : 0;
}

static void insert(const uint8_t *in, uint32_t i, int32_t *head, int32_t *prev)
{
    uint32_t h = hash4(in + i);
    prev[i & (WINDOW - 1)] = head[h];
    head[h] = (int32_t)i;
}

/*
 * Tokens: a byte t < 128 is followed by t + 1 literal bytes. A byte t >= 128
 * is a match: its length is t - 128 + MIN_MATCH, except that t = 255 takes
 * a second byte l for the length l + 127 + MIN_MATCH; two bytes of distance
 * minus one follow, little-endian.
 */
static uint32_t compress(const uint8_t *in, uint32_t n, uint8_t *out, int32_t *head,
                         int32_t *prev)
{
    for (uint32_t i = 0; i < 1u << HASH_BITS; i++)
        head[i] = -1;
    uint32_t o = 0, lit_start = 0, i = 0;
    while (i + MIN_MATCH <= n) {
        uint32_t dist = 0, dist2 = 0;
        uint32_t len = longest(in, n, i, head, prev, &dist);
        insert(in, i, head, prev);
        if (len && i + 1 + MIN_MATCH <= n &&
            longest(in, n, i + 1, head, prev, &dist2) > len + 1)
            len = 0;   /* a better match starts at the next byte */
        if (!len) {
            i++;
            continue;
        }
        while (lit_start < i) {   /* pending literals, in runs of up to 128 */
            uint32_t run = i - lit_start < 128 ? i - lit_start : 128;
            out[o++] = (uint8_t)(run - 1);
            memcpy(out + o, in + lit_start, run);
            o += run;
            lit_start += run;
        }
        uint32_t l = len - MIN_MATCH;
        if (l < 127) {
            out[o++] = (uint8_t)(128 + l);
        } else {
            out[o++] = 255;
            out[o++] = (uint8_t)(l - 127);
        }
        out[o++] = (uint8_t)(dist - 1);
        out[o++] = (uint8_t)((dist - 1) >> 8);
        for (uint32_t k = 1; k < len && i + k + MIN_MATCH <= n; k++)
            insert(in, i + k, head, prev);
        i += len;
        lit_start = i;
    }
    while (lit_start < n) {
        uint32_t run = n - lit_start < 128 ? n - lit_start : 128;
        out[o++] = (uint8_t)(run - 1);
        memcpy(out + o, in + lit_start, run);
        o += run;
        lit_start += run;
    }
    return o;
}

static uint32_t decompress(const uint8_t *in, uint32_t n, uint8_t *out)
{
    uint32_t i = 0, o = 0;
    while (i < n) {
        uint8_t t = in[i++];
        if (t < 128) {
            memcpy(out + o, in + i, (size_t)t + 1);
            i += (uint32_t)t + 1;
            o += (uint32_t)t + 1;
            continue;
        }
        uint32_t len = t < 255 ? (uint32_t)t - 128 + MIN_MATCH : (uint32_t)in[i++] + 127 + MIN_MATCH;
        uint32_t dist = ((uint32_t)in[i] | (uint32_t)in[i + 1] << 8) + 1;
        i += 2;
        for (uint32_t k = 0; k < len; k++, o++)   /* byte by byte: may overlap */
            out[o] = out[o - dist];
    }
    return o;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 100;
    uint8_t *in = malloc(INPUT);
    uint8_t *packed = malloc(INPUT + INPUT / 64 + 16);
    uint8_t *back = malloc(INPUT);
    int32_t *head = malloc((1u << HASH_BITS) * sizeof *head);
    int32_t *prev = malloc(WINDOW * sizeof *prev);
    if (!in || !packed || !back || !head || !prev)
        return 1;
    uint32_t total = 0, check = 0;
    for (int r = 0; r < rounds; r++) {
        generate(in, INPUT, 0x9e3779b9u + (uint32_t)r);
        uint32_t plen = compress(in, INPUT, packed, head, prev);
        uint32_t blen = decompress(packed, plen, back);
        if (blen != INPUT || memcmp(in, back, INPUT) != 0) {
            printf("lz: round %d does not round-trip\n", r);
            return 1;
        }
        total += plen;
        for (uint32_t i = 0; i < plen; i++)
            check = (check << 5 | check >> 27) ^ packed[i];
    }
    printf("lz %d: %u bytes packed of %u, check %08x\n", rounds, total,
           (uint32_t)rounds * INPUT, check);
    return 0;
}
