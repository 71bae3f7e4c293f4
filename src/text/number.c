/*
 * number.c -- numeric literals of the text format (spec 6.3.1, 6.3.2) to
 * integers and to IEEE 754 bit patterns.
 *
 * Floats are rounded exactly, once, to the target width: the literal is
 * turned into a fraction num/den * 2^bexp of big integers and the
 * significand is taken by long division, so f32 never goes through double
 * (rounding twice can differ from rounding once).
 */
#include "lexer.h"

#include <string.h>

/* The parts of a literal, located by scan_number(). Digit runs still hold
 * their underscores. */
typedef enum numkind { NUM_DEC, NUM_HEX, NUM_INF, NUM_NAN, NUM_NAN_PAYLOAD } numkind;

typedef struct numparts {
    bool neg, has_sign, is_float;
    numkind kind;
    const char *ib, *ie;   /* integer digits (or the nan payload's hex digits) */
    const char *fb, *fe;   /* fraction digits, possibly empty */
    const char *eb, *ee;   /* exponent digits, or NULL */
    bool exp_neg;
} numparts;

static bool is_dec(char c) { return c >= '0' && c <= '9'; }

static bool is_hex(char c)
{
    return is_dec(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static unsigned hex_value(char c)
{
    if (is_dec(c))
        return (unsigned)(c - '0');
    return (unsigned)((c | 0x20) - 'a' + 10);
}

/* digit ('_'? digit)*: returns the end of the run, or `p` if none starts
 * here. An underscore must sit between two digits (6.3.1). */
static const char *scan_digits(const char *p, const char *end, bool hex)
{
    bool (*digit)(char) = hex ? is_hex : is_dec;
    if (p == end || !digit(*p))
        return p;
    p++;
    while (p < end) {
        if (digit(*p))
            p++;
        else if (*p == '_' && p + 1 < end && digit(p[1]))
            p += 2;
        else
            break;
    }
    return p;
}

static bool has_prefix(const char *p, const char *end, const char *s)
{
    size_t n = strlen(s);
    return (size_t)(end - p) >= n && memcmp(p, s, n) == 0;
}

/* Splits a literal into its parts; false if `s` is no literal at all. */
static bool scan_number(const char *s, size_t len, numparts *np)
{
    const char *p = s, *end = s + len;
    memset(np, 0, sizeof *np);
    if (p < end && (*p == '+' || *p == '-')) {
        np->has_sign = true;
        np->neg = *p++ == '-';
    }
    np->is_float = true;
    if (has_prefix(p, end, "inf") && end - p == 3) {
        np->kind = NUM_INF;
        return true;
    }
    if (has_prefix(p, end, "nan")) {
        if (end - p == 3) {
            np->kind = NUM_NAN;
            return true;
        }
        if (!has_prefix(p, end, "nan:0x"))
            return false;
        np->kind = NUM_NAN_PAYLOAD;
        np->ib = p + 6;
        np->ie = scan_digits(np->ib, end, true);
        return np->ie != np->ib && np->ie == end;
    }
    bool hex = has_prefix(p, end, "0x");
    np->kind = hex ? NUM_HEX : NUM_DEC;
    if (hex)
        p += 2;
    np->ib = p;
    np->ie = p = scan_digits(p, end, hex);
    if (np->ie == np->ib)
        return false;
    np->fb = np->fe = p;
    np->is_float = false;
    if (p < end && *p == '.') {
        np->is_float = true;
        np->fb = ++p;
        np->fe = p = scan_digits(p, end, hex);
    }
    if (p < end && (hex ? (*p == 'p' || *p == 'P') : (*p == 'e' || *p == 'E'))) {
        np->is_float = true;
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            np->exp_neg = *p++ == '-';
        np->eb = p;
        np->ee = p = scan_digits(p, end, false);
        if (np->ee == np->eb)
            return false;
    }
    return p == end;
}

kn_numsyntax kn_number_syntax(const char *text, size_t len)
{
    numparts np;
    if (!scan_number(text, len, &np))
        return KN_NUM_NONE;
    return np.is_float ? KN_NUM_FLOAT : KN_NUM_INT;
}

/* ---- integers ---- */

/* The magnitude of an integer literal; false if it is no integer or
 * exceeds 2^64-1. */
static bool int_magnitude(const kn_token *t, numparts *np, uint64_t *out)
{
    if (!scan_number(t->text, t->len, np) || np->is_float)
        return false;
    unsigned base = np->kind == NUM_HEX ? 16 : 10;
    uint64_t v = 0;
    for (const char *p = np->ib; p < np->ie; p++) {
        if (*p == '_')
            continue;
        unsigned d = hex_value(*p);
        if (v > (UINT64_MAX - d) / base)
            return false;
        v = v * base + d;
    }
    *out = v;
    return true;
}

bool kn_token_u64(const kn_token *t, uint64_t *out)
{
    numparts np;
    return int_magnitude(t, &np, out) && !np.has_sign;
}

bool kn_token_u32(const kn_token *t, uint32_t *out)
{
    uint64_t v;
    if (!kn_token_u64(t, &v) || v > UINT32_MAX)
        return false;
    *out = (uint32_t)v;
    return true;
}

/* iN (6.3.1): an unsigned literal up to 2^N-1, or a signed one, where
 * `+n` needs n < 2^(N-1) and `-n` needs n <= 2^(N-1). Negative values are
 * returned in two's complement. */
static bool signed_int(const kn_token *t, unsigned bits, uint64_t *out)
{
    numparts np;
    uint64_t v, half = (uint64_t)1 << (bits - 1);
    uint64_t umax = bits == 64 ? UINT64_MAX : ((uint64_t)1 << bits) - 1;
    if (!int_magnitude(t, &np, &v))
        return false;
    if (!np.has_sign) {
        if (v > umax)
            return false;
    } else if (np.neg) {
        if (v > half)
            return false;
        v = (0 - v) & umax;
    } else if (v >= half) {
        return false;
    }
    *out = v;
    return true;
}

bool kn_token_int(const kn_token *t, unsigned bits, uint64_t *out)
{
    return bits >= 1 && bits <= 64 && signed_int(t, bits, out);
}

bool kn_token_i64(const kn_token *t, uint64_t *out)
{
    return signed_int(t, 64, out);
}

bool kn_token_i32(const kn_token *t, uint32_t *out)
{
    uint64_t v;
    if (!signed_int(t, 32, &v))
        return false;
    *out = (uint32_t)v;
    return true;
}

/* ---- big integers for exact float conversion ---- */

/* 192 limbs hold 6144 bits; the bounds in decimal_float() and hex_float()
 * keep every operand below about 4800 bits. An operation that would
 * overflow fails instead, and the literal is then reported out of range. */
#define BIG_LIMBS 192
#define DEC_DIGITS 1100  /* significant decimal digits kept; see decimal_float() */
#define HEX_DIGITS 40    /* significant hex digits kept (160 bits) */

typedef struct big {
    uint32_t w[BIG_LIMBS];  /* little-endian limbs */
    size_t n;               /* limbs in use; w[n-1] != 0 unless n == 0 */
} big;

static void big_set(big *b, uint32_t v)
{
    b->n = v ? 1 : 0;
    b->w[0] = v;
}

static bool big_mul_add(big *b, uint32_t m, uint32_t a)
{
    uint64_t carry = a;
    for (size_t i = 0; i < b->n; i++) {
        uint64_t x = (uint64_t)b->w[i] * m + carry;
        b->w[i] = (uint32_t)x;
        carry = x >> 32;
    }
    if (carry) {
        if (b->n == BIG_LIMBS)
            return false;
        b->w[b->n++] = (uint32_t)carry;
    }
    return true;
}

static size_t big_bitlen(const big *b)
{
    if (b->n == 0)
        return 0;
    uint32_t top = b->w[b->n - 1];
    size_t bits = (b->n - 1) * 32;
    while (top) {
        bits++;
        top >>= 1;
    }
    return bits;
}

static bool big_shl(big *b, size_t k)
{
    if (b->n == 0)
        return true;
    size_t words = k / 32, bits = k % 32;
    if (big_bitlen(b) + k > BIG_LIMBS * 32)
        return false;
    size_t n = b->n + words + 1;
    if (n > BIG_LIMBS)
        n = BIG_LIMBS;
    for (size_t i = n; i-- > 0;) {
        uint32_t hi = i >= words && i - words < b->n ? b->w[i - words] : 0;
        uint32_t lo = i >= words + 1 && i - words - 1 < b->n ? b->w[i - words - 1] : 0;
        b->w[i] = bits ? (hi << bits) | (lo >> (32 - bits)) : hi;
    }
    b->n = n;
    while (b->n && b->w[b->n - 1] == 0)
        b->n--;
    return true;
}

static void big_shr1(big *b)
{
    for (size_t i = 0; i < b->n; i++)
        b->w[i] = (b->w[i] >> 1) | (i + 1 < b->n ? b->w[i + 1] << 31 : 0);
    while (b->n && b->w[b->n - 1] == 0)
        b->n--;
}

static int big_cmp(const big *a, const big *b)
{
    if (a->n != b->n)
        return a->n < b->n ? -1 : 1;
    for (size_t i = a->n; i-- > 0;)
        if (a->w[i] != b->w[i])
            return a->w[i] < b->w[i] ? -1 : 1;
    return 0;
}

/* a -= b, where a >= b. */
static void big_sub(big *a, const big *b)
{
    uint64_t borrow = 0;
    for (size_t i = 0; i < a->n; i++) {
        uint64_t x = (uint64_t)a->w[i] - (i < b->n ? b->w[i] : 0) - borrow;
        a->w[i] = (uint32_t)x;
        borrow = (x >> 32) & 1;
    }
    while (a->n && a->w[a->n - 1] == 0)
        a->n--;
}

static bool big_mul_pow10(big *b, int64_t k)
{
    for (; k >= 9; k -= 9)
        if (!big_mul_add(b, 1000000000u, 0))
            return false;
    uint32_t m = 1;
    while (k-- > 0)
        m *= 10;
    return big_mul_add(b, m, 0);
}

/* ---- rounding ---- */

typedef struct floatfmt {
    int p;              /* significand bits, with the implicit one: 24 or 53 */
    int emin, emax;     /* exponent range of normal numbers */
} floatfmt;

static const floatfmt F32 = {24, -126, 127};
static const floatfmt F64 = {53, -1022, 1023};

/*
 * Rounds num/den * 2^bexp (num > 0; `sticky` says the true value is a
 * little larger, by digits dropped from the literal) to the nearest value
 * of `f`, ties to even (6.3.2 and IEEE 754 roundTiesToEven). Stores the
 * magnitude's bit pattern; false when it rounds to infinity.
 *
 * The quotient q = floor(num * 2^t / den) is chosen with p+2 or p+3 bits:
 * enough for the guard bit, with the remainder and `sticky` standing in
 * for everything below. Destroys num and den.
 */
static bool round_float(big *num, big *den, int64_t bexp, bool sticky,
                        const floatfmt *f, uint64_t *bits)
{
    int64_t ln = (int64_t)big_bitlen(num), ld = (int64_t)big_bitlen(den);
    /* num/den * 2^bexp lies in [2^(mag-1), 2^(mag+1)). */
    int64_t mag = ln - ld + bexp;
    if (mag > f->emax + 2)
        return false;
    if (mag < f->emin - f->p - 2) {
        *bits = 0;   /* below half the smallest subnormal: rounds to zero */
        return true;
    }
    int64_t t = (f->p + 2) - (ln - ld);
    if (!(t >= 0 ? big_shl(num, (size_t)t) : big_shl(den, (size_t)-t)))
        return false;
    if (!big_shl(den, 56))
        return false;
    uint64_t q = 0;
    for (int i = 56; i >= 0; i--) {
        if (big_cmp(num, den) >= 0) {
            big_sub(num, den);
            q |= (uint64_t)1 << i;
        }
        big_shr1(den);
    }
    sticky = sticky || num->n != 0;

    /* value = (q + fraction) * 2^-s */
    int64_t s = t - bexp;
    int qlen = 0;
    for (uint64_t x = q; x; x >>= 1)
        qlen++;
    int64_t e = qlen - 1 - s;           /* exponent of the leading bit */
    int64_t drop = e < f->emin ? f->emin - f->p + 1 + s : qlen - f->p;
    if (drop > qlen) {
        *bits = 0;
        return true;
    }
    uint64_t m = q >> drop, rem = q & (((uint64_t)1 << drop) - 1);
    uint64_t half = (uint64_t)1 << (drop - 1);
    if (rem > half || (rem == half && (sticky || (m & 1))))
        m++;
    if (m == (uint64_t)1 << f->p) {
        m >>= 1;
        drop++;
    }
    uint64_t implicit = (uint64_t)1 << (f->p - 1);
    if (m < implicit) {     /* subnormal (or zero): biased exponent 0 */
        *bits = m;
        return true;
    }
    int64_t exp = drop - s + f->p - 1;
    if (exp > f->emax)
        return false;
    *bits = ((uint64_t)(exp - f->emin + 1) << (f->p - 1)) | (m - implicit);
    return true;
}

/* Reads an exponent's digits, saturating far beyond any float's range. */
static int64_t read_exponent(const numparts *np)
{
    int64_t e = 0;
    if (!np->eb)
        return 0;
    for (const char *p = np->eb; p < np->ee; p++)
        if (*p != '_' && e < 1000000000)
            e = e * 10 + (*p - '0');
    return np->exp_neg ? -e : e;
}

/*
 * A decimal literal is D * 10^E. At most DEC_DIGITS significant digits of
 * D are kept; any nonzero digit dropped sets `sticky`. That is exact:
 * every point where the rounding can change (a multiple of 2^-s, s < 1200
 * here) has fewer than 900 significant decimal digits, so it cannot lie
 * strictly between the truncated value and the true one.
 */
static bool decimal_float(const numparts *np, const floatfmt *f, uint64_t *bits)
{
    big num, den;
    bool sticky = false;
    int64_t kept = 0, point = 0;   /* digits kept; of them after the point */
    int64_t dropped_int = 0;       /* integer digits dropped past DEC_DIGITS */
    big_set(&num, 0);
    for (const char *p = np->ib; p < np->fe; p++) {
        if (*p == '_' || *p == '.')
            continue;
        bool frac = p >= np->fb;
        if (kept == 0 && *p == '0') {
            if (frac)
                point++;
            continue;   /* leading zero */
        }
        if (kept == DEC_DIGITS) {
            sticky = sticky || *p != '0';
            if (!frac)
                dropped_int++;
            continue;
        }
        if (!big_mul_add(&num, 10, (uint32_t)(*p - '0')))
            return false;
        kept++;
        if (frac)
            point++;
    }
    if (num.n == 0) {
        *bits = 0;
        return true;
    }
    int64_t e10 = read_exponent(np) - point + dropped_int;
    /* The value lies in [10^(mag-1), 10^mag); f64 overflows beyond 10^309
     * and rounds to zero below 10^-325. */
    int64_t mag = kept + e10;
    if (mag > 310)
        return false;
    if (mag < -326) {
        *bits = 0;
        return true;
    }
    big_set(&den, 1);
    if (!big_mul_pow10(e10 >= 0 ? &num : &den, e10 >= 0 ? e10 : -e10))
        return false;
    return round_float(&num, &den, 0, sticky, f, bits);
}

/* A hexadecimal literal is H * 2^(P - 4 * fraction digits), exact in
 * binary; digits past HEX_DIGITS only matter as `sticky`. */
static bool hex_float(const numparts *np, const floatfmt *f, uint64_t *bits)
{
    big num, den;
    bool sticky = false;
    int64_t kept = 0, bexp = 0;
    big_set(&num, 0);
    for (const char *p = np->ib; p < np->fe; p++) {
        if (*p == '_' || *p == '.')
            continue;
        bool frac = p >= np->fb;
        unsigned d = hex_value(*p);
        if (kept == 0 && d == 0) {
            if (frac)
                bexp -= 4;
            continue;
        }
        if (kept == HEX_DIGITS) {
            sticky = sticky || d != 0;
            if (!frac)
                bexp += 4;
            continue;
        }
        if (!big_mul_add(&num, 16, d))
            return false;
        kept++;
        if (frac)
            bexp -= 4;
    }
    if (num.n == 0) {
        *bits = 0;
        return true;
    }
    bexp += read_exponent(np);
    big_set(&den, 1);
    return round_float(&num, &den, bexp, sticky, f, bits);
}

/* fN (6.3.2): any literal, integers included; NaN payloads must be
 * nonzero and fit the significand. */
static bool to_float(const kn_token *t, const floatfmt *f, uint64_t *out)
{
    numparts np;
    uint64_t mag, frac_mask = ((uint64_t)1 << (f->p - 1)) - 1;
    uint64_t inf = (uint64_t)(f->emax - f->emin + 2) << (f->p - 1);
    if (!scan_number(t->text, t->len, &np))
        return false;
    switch (np.kind) {
    case NUM_INF:
        mag = inf;
        break;
    case NUM_NAN:
        mag = inf | ((uint64_t)1 << (f->p - 2));
        break;
    case NUM_NAN_PAYLOAD: {
        uint64_t payload = 0;
        for (const char *p = np.ib; p < np.ie; p++) {
            if (*p == '_')
                continue;
            if (payload > frac_mask)
                return false;
            payload = payload * 16 + hex_value(*p);
        }
        if (payload == 0 || payload > frac_mask)
            return false;
        mag = inf | payload;
        break;
    }
    case NUM_HEX:
        if (!hex_float(&np, f, &mag))
            return false;
        break;
    default:
        if (!decimal_float(&np, f, &mag))
            return false;
        break;
    }
    unsigned width = f->p == 24 ? 32 : 64;
    *out = mag | (np.neg ? (uint64_t)1 << (width - 1) : 0);
    return true;
}

bool kn_token_f32(const kn_token *t, uint32_t *bits)
{
    uint64_t v;
    if (!to_float(t, &F32, &v))
        return false;
    *bits = (uint32_t)v;
    return true;
}

bool kn_token_f64(const kn_token *t, uint64_t *bits)
{
    return to_float(t, &F64, bits);
}
