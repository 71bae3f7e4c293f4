/*
 * lexer.c -- tokens of the text format (spec 6.2) and string literals (6.3.3).
 *
 * A token is a maximal run of idchars and strings (the 6.2.2 rule that
 * tokens must be separated by white space or parentheses): `0$x`, `$l"a"`
 * and `"a"x` are each one reserved token, which the parser rejects, as the
 * spec's token.wast demands. The run is then classified by its shape.
 */
#include "lexer.h"

#include <string.h>

void kn_lexer_init(kn_lexer *lx, const char *src, size_t len, kn_error *err)
{
    memset(lx, 0, sizeof *lx);
    lx->src = lx->pos = lx->line_start = src;
    lx->end = src + len;
    lx->line = 1;
    lx->err = err;
}

/* idchar (6.2.2): printable ASCII except space, `"`, parentheses and
 * , ; [ ] { } */
static bool is_idchar(unsigned char c)
{
    if (c >= '0' && c <= '9') return true;
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
    return c != 0 && strchr("!#$%&'*+-./:<=>?@\\^_`|~", c) != NULL;
}

/* Length of the UTF-8 sequence at p (1..4), or 0 if it is malformed:
 * overlong forms, surrogates and values past U+10FFFF are rejected. */
static size_t utf8_length(const unsigned char *p, const unsigned char *end)
{
    size_t avail = (size_t)(end - p), n;
    uint32_t c = p[0], min;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) { n = 2; min = 0x80; c &= 0x1f; }
    else if (c >= 0xe0 && c <= 0xef) { n = 3; min = 0x800; c &= 0x0f; }
    else if (c >= 0xf0 && c <= 0xf4) { n = 4; min = 0x10000; c &= 0x07; }
    else return 0;
    if (avail < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (p[i] & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    return n;
}

static void put_utf8(kn_buf *out, uint32_t c)
{
    if (c < 0x80) {
        kn_buf_byte(out, (uint8_t)c);
    } else if (c < 0x800) {
        kn_buf_byte(out, (uint8_t)(0xc0 | (c >> 6)));
        kn_buf_byte(out, (uint8_t)(0x80 | (c & 0x3f)));
    } else if (c < 0x10000) {
        kn_buf_byte(out, (uint8_t)(0xe0 | (c >> 12)));
        kn_buf_byte(out, (uint8_t)(0x80 | ((c >> 6) & 0x3f)));
        kn_buf_byte(out, (uint8_t)(0x80 | (c & 0x3f)));
    } else {
        kn_buf_byte(out, (uint8_t)(0xf0 | (c >> 18)));
        kn_buf_byte(out, (uint8_t)(0x80 | ((c >> 12) & 0x3f)));
        kn_buf_byte(out, (uint8_t)(0x80 | ((c >> 6) & 0x3f)));
        kn_buf_byte(out, (uint8_t)(0x80 | (c & 0x3f)));
    }
}

static int hex_digit(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') return (c | 0x20) - 'a' + 10;
    return -1;
}

/*
 * Scans the string literal starting at the quote `p[0]` (6.3.3). Returns
 * the position after the closing quote, or NULL with `*msg` set. When
 * `out` is not NULL the decoded bytes are appended to it. The lexer and
 * kn_token_string share this, so a STRING token always decodes.
 */
static const unsigned char *scan_string(const unsigned char *p,
                                        const unsigned char *end,
                                        kn_buf *out, const char **msg)
{
    p++;
    for (;;) {
        if (p == end || *p == '\n' || *p == '\r') {
            *msg = "unclosed string";
            return NULL;
        }
        unsigned char c = *p;
        if (c == '"')
            return p + 1;
        if (c < 0x20 || c == 0x7f) {
            *msg = "illegal control character in string";
            return NULL;
        }
        if (c >= 0x80) {
            size_t n = utf8_length(p, end);
            if (n == 0) {
                *msg = "malformed UTF-8 encoding";
                return NULL;
            }
            if (out)
                kn_buf_push(out, p, n);
            p += n;
            continue;
        }
        if (c != '\\') {
            if (out)
                kn_buf_byte(out, c);
            p++;
            continue;
        }
        if (end - p < 2) {
            *msg = "unclosed string";
            return NULL;
        }
        uint32_t v;
        switch (p[1]) {
        case 't': v = '\t'; break;
        case 'n': v = '\n'; break;
        case 'r': v = '\r'; break;
        case '"': case '\'': case '\\': v = p[1]; break;
        default: v = 0x110000; break;   /* not a one-letter escape */
        }
        if (v < 0x110000) {
            p += 2;
        } else if (p[1] == 'u' && end - p >= 3 && p[2] == '{') {
            /* \u{hexnum}: a Unicode scalar value, encoded as UTF-8 */
            const unsigned char *q = p + 3;
            v = 0;
            bool digit = false, ok = true;
            for (; q < end && *q != '}'; q++) {
                int d = hex_digit(*q);
                if (*q == '_' && digit && q + 1 < end && hex_digit(q[1]) >= 0)
                    continue;
                if (d < 0) {
                    ok = false;
                    break;
                }
                digit = true;
                if (v <= 0x10ffff)
                    v = v * 16 + (uint32_t)d;
            }
            if (!ok || !digit || q == end || v > 0x10ffff ||
                (v >= 0xd800 && v < 0xe000)) {
                *msg = "illegal escape";
                return NULL;
            }
            if (out)
                put_utf8(out, v);
            p = q + 1;
            continue;
        } else if (end - p >= 3 && hex_digit(p[1]) >= 0 && hex_digit(p[2]) >= 0) {
            v = (uint32_t)(hex_digit(p[1]) * 16 + hex_digit(p[2]));   /* \hh: a raw byte */
            p += 3;
        } else {
            *msg = "illegal escape";
            return NULL;
        }
        if (out)
            kn_buf_byte(out, (uint8_t)v);
    }
}

static kn_token make(kn_lexer *lx, kn_tokkind kind, const char *start)
{
    kn_token t;
    t.kind = kind;
    t.text = start;
    t.len = (size_t)(lx->pos - start);
    t.line = lx->line;
    t.column = (uint32_t)(start - lx->line_start) + 1;
    return t;
}

static kn_token error_at(kn_lexer *lx, const char *at, const char *msg)
{
    kn_token t = make(lx, KN_TOK_ERROR, at);
    t.len = 0;
    kn_error_at_line(lx->err, KN_ERR_MALFORMED, t.line, t.column, "%s", msg);
    return t;
}

/* Consumes one newline at lx->pos: LF, CR or CR LF (6.2.4). */
static void newline(kn_lexer *lx)
{
    if (*lx->pos == '\r' && lx->pos + 1 < lx->end && lx->pos[1] == '\n')
        lx->pos++;
    lx->pos++;
    lx->line++;
    lx->line_start = lx->pos;
}

/* Skips white space and comments (6.2.4). Block comments nest; their
 * content is arbitrary. False, with an error token in *t, if a block
 * comment is not closed. */
static bool skip_space(kn_lexer *lx, kn_token *t)
{
    while (lx->pos < lx->end) {
        char c = *lx->pos;
        if (c == ' ' || c == '\t') {
            lx->pos++;
        } else if (c == '\n' || c == '\r') {
            newline(lx);
        } else if (c == ';' && lx->pos + 1 < lx->end && lx->pos[1] == ';') {
            while (lx->pos < lx->end && *lx->pos != '\n' && *lx->pos != '\r')
                lx->pos++;
        } else if (c == '(' && lx->pos + 1 < lx->end && lx->pos[1] == ';') {
            uint32_t line = lx->line;
            uint32_t column = (uint32_t)(lx->pos - lx->line_start) + 1;
            size_t depth = 0;
            do {
                if (lx->pos + 1 >= lx->end) {
                    lx->pos = lx->end;
                    *t = make(lx, KN_TOK_ERROR, lx->pos);
                    t->line = line;
                    t->column = column;
                    kn_error_at_line(lx->err, KN_ERR_MALFORMED, line, column,
                                     "unclosed comment");
                    return false;
                }
                if (lx->pos[0] == '(' && lx->pos[1] == ';') {
                    depth++;
                    lx->pos += 2;
                } else if (lx->pos[0] == ';' && lx->pos[1] == ')') {
                    depth--;
                    lx->pos += 2;
                } else if (*lx->pos == '\n' || *lx->pos == '\r') {
                    newline(lx);
                } else {
                    lx->pos++;
                }
            } while (depth > 0);
        } else {
            break;
        }
    }
    return true;
}

static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

static kn_token lex(kn_lexer *lx)
{
    kn_token t;
    if (!skip_space(lx, &t))
        return t;
    const char *start = lx->pos;
    if (lx->pos == lx->end)
        return make(lx, KN_TOK_EOF, start);
    unsigned char c = (unsigned char)*lx->pos;
    if (c == '(' || c == ')') {
        lx->pos++;
        return make(lx, c == '(' ? KN_TOK_LPAREN : KN_TOK_RPAREN, start);
    }

    /* The run: idchars, strings, and the reserved , ; [ ] { } (a `;;`
     * starts a comment instead) */
    size_t strings = 0;
    bool plain = true;    /* only idchars */
    for (;;) {
        if (lx->pos == lx->end)
            break;
        c = (unsigned char)*lx->pos;
        if (is_idchar(c)) {
            lx->pos++;
        } else if (c == '"') {
            const char *msg = NULL;
            const unsigned char *after = scan_string(
                (const unsigned char *)lx->pos, (const unsigned char *)lx->end,
                NULL, &msg);
            if (!after) {
                kn_token e = error_at(lx, start, msg);
                /* resume after the line: the string cannot be closed on it */
                while (lx->pos < lx->end && *lx->pos != '\n' && *lx->pos != '\r')
                    lx->pos++;
                return e;
            }
            lx->pos = (const char *)after;
            strings++;
            plain = false;
        } else if (c == ',' || c == '[' || c == ']' || c == '{' || c == '}' ||
                   (c == ';' && !(lx->pos + 1 < lx->end && lx->pos[1] == ';'))) {
            lx->pos++;
            plain = false;
        } else {
            break;
        }
    }
    size_t len = (size_t)(lx->pos - start);
    if (len == 0) {
        /* Not the start of any token (6.2.2). */
        size_t n = utf8_length((const unsigned char *)lx->pos,
                               (const unsigned char *)lx->end);
        kn_token e = error_at(lx, start, n ? "illegal character"
                                           : "malformed UTF-8 encoding");
        lx->pos += n ? n : 1;
        return e;
    }
    /* Every quote outside a string opens one, so a run of one string that
     * starts and ends with a quote is exactly that string. */
    if (strings == 1 && start[0] == '"' && start[len - 1] == '"')
        return make(lx, KN_TOK_STRING, start);
    if (!plain)
        return make(lx, KN_TOK_RESERVED, start);
    if (start[0] == '$') {
        if (len == 1)
            return error_at(lx, start, "empty identifier");
        return make(lx, KN_TOK_ID, start);
    }
    if (kn_number_syntax(start, len) != KN_NUM_NONE)
        return make(lx, KN_TOK_NUMBER, start);
    return make(lx, is_lower(start[0]) ? KN_TOK_KEYWORD : KN_TOK_RESERVED, start);
}

kn_token kn_lex_next(kn_lexer *lx)
{
    if (lx->has_peeked) {
        lx->has_peeked = false;
        return lx->peeked;
    }
    return lex(lx);
}

kn_token kn_lex_peek(kn_lexer *lx)
{
    if (!lx->has_peeked) {
        lx->peeked = lex(lx);
        lx->has_peeked = true;
    }
    return lx->peeked;
}

bool kn_token_is(const kn_token *t, const char *kw)
{
    size_t n = strlen(kw);
    return t->kind == KN_TOK_KEYWORD && t->len == n && memcmp(t->text, kw, n) == 0;
}

static bool decode(const kn_token *t, kn_buf *out, kn_error *err)
{
    const char *msg = "unexpected token";
    const unsigned char *p = (const unsigned char *)t->text;
    const unsigned char *after = NULL;
    if (t->len >= 2 && p[0] == '"')
        after = scan_string(p, p + t->len, out, &msg);
    if (after != p + t->len)
        return kn_error_at_line(err, KN_ERR_MALFORMED, t->line, t->column, "%s",
                                after ? "unexpected token" : msg);
    if (out->failed)
        return kn_error_set(err, KN_ERR_LIMIT, "out of memory");
    return true;
}

bool kn_token_string(const kn_token *t, kn_buf *out, kn_error *err)
{
    return decode(t, out, err);
}

bool kn_token_name(const kn_token *t, kn_buf *out, kn_error *err)
{
    size_t start = out->len;
    if (!decode(t, out, err))
        return false;
    if (out->len == start)
        return true;   /* the empty name; out->data may still be NULL */
    const unsigned char *p = out->data + start, *end = out->data + out->len;
    while (p < end) {
        size_t n = utf8_length(p, end);
        if (n == 0)
            return kn_error_at_line(err, KN_ERR_MALFORMED, t->line, t->column,
                                    "malformed UTF-8 encoding");
        p += n;
    }
    return true;
}
