#include "buf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kn_buf_init(kn_buf *b)
{
    memset(b, 0, sizeof *b);
}

void kn_buf_free(kn_buf *b)
{
    free(b->data);
    kn_buf_init(b);
}

bool kn_buf_reserve(kn_buf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (extra <= b->cap - b->len)
        return true;
    if (extra > SIZE_MAX / 2 - b->len) {
        b->failed = true;
        return false;
    }
    size_t cap = b->cap ? b->cap : 64;
    while (cap - b->len < extra)
        cap *= 2;
    uint8_t *p = realloc(b->data, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void kn_buf_push(kn_buf *b, const void *p, size_t n)
{
    if (n && kn_buf_reserve(b, n)) {
        memcpy(b->data + b->len, p, n);
        b->len += n;
    }
}

void kn_buf_byte(kn_buf *b, uint8_t byte)
{
    if (kn_buf_reserve(b, 1))
        b->data[b->len++] = byte;
}

void kn_buf_uleb(kn_buf *b, uint64_t v)
{
    do {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        kn_buf_byte(b, byte | (v ? 0x80 : 0));
    } while (v);
}

void kn_buf_sleb(kn_buf *b, int64_t v)
{
    for (;;) {
        uint8_t byte = v & 0x7f;
        v >>= 7; /* arithmetic shift: gcc and clang define it for signed */
        bool done = (v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40));
        kn_buf_byte(b, byte | (done ? 0 : 0x80));
        if (done)
            return;
    }
}

uint8_t *kn_buf_take(kn_buf *b, size_t *len)
{
    uint8_t *p = b->data;
    *len = b->len;
    kn_buf_init(b);
    return p;
}

bool kn_buf_read_file(kn_buf *out, const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return false;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        kn_buf_push(out, chunk, n);
    int failed = ferror(f);
    if (f != stdin)
        fclose(f);
    if (failed)
        return false;
    if (out->failed) {
        errno = ENOMEM;
        return false;
    }
    return true;
}
