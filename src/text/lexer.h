/*
 * lexer.h -- tokens of the WebAssembly text format (spec 6.2) and the
 * conversion of literal tokens to values (6.3).
 *
 * The lexer hands out tokens one at a time; it skips white space, line
 * comments `;;` and nested block comments `(; ;)`. Literal tokens keep their
 * text; the kn_token_* functions convert them, so the parser decides from
 * context whether `1` is a u32 index or an i64 constant.
 */
#ifndef KN_LEXER_H
#define KN_LEXER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/buf.h"
#include "../base/error.h"

typedef enum kn_tokkind {
    KN_TOK_EOF,
    KN_TOK_LPAREN,
    KN_TOK_RPAREN,
    KN_TOK_KEYWORD,   /* starts with a-z: module, i32.add, offset=4, align=8 */
    KN_TOK_ID,        /* $name (text includes the $) */
    KN_TOK_STRING,    /* "..." (text includes the quotes; escapes undecoded) */
    KN_TOK_NUMBER,    /* starts with a digit or sign, or is inf / nan / nan:0x...,
                         and is well formed by the syntax of 6.3.1-6.3.2 (range
                         not checked): `0x`, `1__2`, `0$x` are RESERVED, so a
                         NUMBER whose conversion fails is out of range (or of
                         the wrong kind, see kn_number_syntax) */
    KN_TOK_RESERVED,  /* any other run of idchars (and strings): always an error
                         where used ("unknown operator") */
    KN_TOK_ERROR      /* lexical error: lexer.err holds the message */
} kn_tokkind;

typedef struct kn_token {
    kn_tokkind kind;
    const char *text;
    size_t len;
    uint32_t line, column;   /* from 1 */
} kn_token;

typedef struct kn_lexer {
    const char *src, *pos, *end;
    uint32_t line;
    const char *line_start;
    kn_token peeked;
    bool has_peeked;
    kn_error *err;
} kn_lexer;

void kn_lexer_init(kn_lexer *lx, const char *src, size_t len, kn_error *err);
kn_token kn_lex_next(kn_lexer *lx);
kn_token kn_lex_peek(kn_lexer *lx);

/* True when `t` is the keyword `kw`. */
bool kn_token_is(const kn_token *t, const char *kw);

/* Decodes a string token's escapes (\n \t \r \\ \' \" \hh \u{...}) into
 * bytes, appended to `out`. The lexer already rejects a malformed string
 * ("unclosed string", "illegal escape", "illegal control character in
 * string", "malformed UTF-8 encoding"), so this fails only for a token that
 * is no string ("unexpected token") or when out of memory. */
bool kn_token_string(const kn_token *t, kn_buf *out, kn_error *err);
/* The same, also requiring valid UTF-8 ("malformed UTF-8 encoding"): names. */
bool kn_token_name(const kn_token *t, kn_buf *out, kn_error *err);

/* Number conversions. Each fails (returns false) when the token is not a
 * number of that form or is out of range: the caller reports the spec's
 * message ("i32 constant out of range", "unknown operator", ...). */
bool kn_token_u32(const kn_token *t, uint32_t *out);         /* nat, e.g. indices */
bool kn_token_u64(const kn_token *t, uint64_t *out);         /* nat */
bool kn_token_i32(const kn_token *t, uint32_t *out);         /* -2^31 .. 2^32-1 */
bool kn_token_i64(const kn_token *t, uint64_t *out);         /* -2^63 .. 2^64-1 */
/* (For iN, 6.3.1: a `+` sign limits the value to 2^(N-1)-1, as the spec says;
 * only an unsigned literal reaches 2^N-1.) */
bool kn_token_f32(const kn_token *t, uint32_t *bits);        /* correctly rounded */
bool kn_token_f64(const kn_token *t, uint64_t *bits);        /* correctly rounded */

/* Added by the lexer engineer: iN for N = 8, 16, 32 or 64 (v128 lanes):
 * -2^(N-1) .. 2^N-1, in two's complement in the low N bits. */
bool kn_token_int(const kn_token *t, unsigned bits, uint64_t *out);

/* Added by the lexer engineer: the syntactic class of a literal's text,
 * without range checks. KN_NUM_INT is sign? (num | 0x hexnum); every other
 * number (fractions, exponents, inf, nan, nan:0x...) is KN_NUM_FLOAT. Tells
 * "constant out of range" from "this is a float where an integer belongs". */
typedef enum kn_numsyntax { KN_NUM_NONE, KN_NUM_INT, KN_NUM_FLOAT } kn_numsyntax;
kn_numsyntax kn_number_syntax(const char *text, size_t len);

#endif
