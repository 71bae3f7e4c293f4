/*
 * error.h -- the one error type of kiln.
 *
 * Every fallible internal function takes a `kn_error *` and fills it on
 * failure. The message is kept apart from the position so that a caller
 * (the spec runner) can compare the message with the spec's wording, while
 * kn_error_format() gives users the whole story: where, then what.
 */
#ifndef KN_ERROR_H
#define KN_ERROR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Which stage of the pipeline failed; the spec's script commands
 * (assert_malformed, assert_invalid, ...) are told apart by it. */
typedef enum kn_error_kind {
    KN_ERR_NONE = 0,
    KN_ERR_MALFORMED,   /* binary or text does not parse ("unexpected end") */
    KN_ERR_INVALID,     /* parses, but fails validation ("type mismatch") */
    KN_ERR_LINK,        /* imports do not match ("unknown import") */
    KN_ERR_TRAP,        /* execution trapped ("unreachable") */
    KN_ERR_EXHAUSTION,  /* a resource limit ended execution ("call stack exhausted") */
    KN_ERR_LIMIT,       /* an implementation limit was exceeded while loading */
    KN_ERR_IO,          /* reading or writing a host file failed */
    KN_ERR_USAGE        /* a bad command-line or API argument */
} kn_error_kind;

/* Position of the error. A binary error has `offset` (bytes from the start
 * of the module); a text error has `line` and `column` (both from 1). Zero
 * means unknown. */
typedef struct kn_error {
    kn_error_kind kind;
    int trap;              /* a kn_trap_code when kind is KN_ERR_TRAP/EXHAUSTION */
    bool has_offset;
    size_t offset;
    uint32_t line, column;
    char message[256];     /* in the spec's words where the spec has words */
} kn_error;

void kn_error_clear(kn_error *e);

/* Sets kind and message; leaves the position unset. Returns false so that a
 * caller can write `return kn_error_set(...);` from a bool function. */
bool kn_error_set(kn_error *e, kn_error_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool kn_error_vset(kn_error *e, kn_error_kind kind, const char *fmt, va_list ap);

/* The same, with a binary offset or a text position. */
bool kn_error_at_offset(kn_error *e, kn_error_kind kind, size_t offset,
                        const char *fmt, ...) __attribute__((format(printf, 4, 5)));
bool kn_error_at_line(kn_error *e, kn_error_kind kind, uint32_t line,
                      uint32_t column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* "FILE:LINE:COL: MESSAGE" or "FILE: offset 0x1f: MESSAGE" into `out`.
 * `file` may be NULL. */
void kn_error_format(const kn_error *e, const char *file, char *out, size_t size);

#endif
