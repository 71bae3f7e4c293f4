/*
 * buf.h -- a growable byte buffer.
 *
 * Used wherever bytes are produced: the text parser's binary output, string
 * literals, file contents. An allocation failure latches `failed`; writers
 * keep going and the owner checks once at the end.
 */
#ifndef KN_BUF_H
#define KN_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct kn_buf {
    uint8_t *data;
    size_t len, cap;
    bool failed;   /* an allocation failed; contents are incomplete */
} kn_buf;

void kn_buf_init(kn_buf *b);
void kn_buf_free(kn_buf *b);
bool kn_buf_reserve(kn_buf *b, size_t extra);
void kn_buf_push(kn_buf *b, const void *p, size_t n);
void kn_buf_byte(kn_buf *b, uint8_t byte);
void kn_buf_uleb(kn_buf *b, uint64_t v);
void kn_buf_sleb(kn_buf *b, int64_t v);
/* Takes ownership of the bytes away from the buffer (which becomes empty). */
uint8_t *kn_buf_take(kn_buf *b, size_t *len);

/* Reads a whole file ("-" is stdin) into `out`; false with errno set on
 * failure. */
bool kn_buf_read_file(kn_buf *out, const char *path);

#endif
