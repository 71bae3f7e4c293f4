/*
 * numeric.h -- the numeric operators of spec 4.3 that C does not give
 * directly, on slot bit patterns.
 *
 * Floats travel as bits; they become C floats only for the arithmetic
 * itself, which C (Annex F, IEEE 754) performs exactly as the spec asks,
 * rounding to nearest-even in the operand width. A NaN produced by C
 * arithmetic is quiet, and propagates an input NaN's payload or is the
 * default NaN: what spec 4.3.3 allows (an arithmetic NaN, canonical when
 * the inputs are). Which input's payload C leaves open, so binary
 * operations choose it themselves (kn_nan2f); where C's library is unsure
 * about NaN inputs, NaN is handled first.
 */
#ifndef KN_INTERP_NUMERIC_H
#define KN_INTERP_NUMERIC_H

#include <math.h>
#include <stdint.h>
#include <string.h>

static inline float kn_f32(uint64_t slot)
{
    uint32_t bits = (uint32_t)slot;
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

static inline double kn_f64(uint64_t slot)
{
    double d;
    memcpy(&d, &slot, sizeof d);
    return d;
}

static inline uint64_t kn_f32_bits(float f)
{
    uint32_t bits;
    memcpy(&bits, &f, sizeof bits);
    return bits;
}

static inline uint64_t kn_f64_bits(double d)
{
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    return bits;
}

/* abs, neg and copysign only touch the sign bit (spec 4.3.3), NaN or not. */
static inline float kn_fabsf(float a) { return kn_f32(kn_f32_bits(a) & 0x7fffffffu); }
static inline float kn_fnegf(float a) { return kn_f32(kn_f32_bits(a) ^ 0x80000000u); }
static inline float kn_copysignf(float a, float b)
{
    return kn_f32((kn_f32_bits(a) & 0x7fffffffu) | (kn_f32_bits(b) & 0x80000000u));
}
static inline double kn_fabs(double a) { return kn_f64(kn_f64_bits(a) & 0x7fffffffffffffffu); }
static inline double kn_fneg(double a) { return kn_f64(kn_f64_bits(a) ^ 0x8000000000000000u); }
static inline double kn_copysign(double a, double b)
{
    return kn_f64((kn_f64_bits(a) & 0x7fffffffffffffffu) |
                  (kn_f64_bits(b) & 0x8000000000000000u));
}

/* The NaN of a binary operation with a NaN operand: the first operand's
 * if it is NaN, else the second's, quieted. Spec 4.3.3 allows any
 * arithmetic NaN; this is the one x86's SSE arithmetic gives, so the
 * JIT's, and every tier gives the same bits. C's `a + b` does not fix it:
 * the compiler may emit a commutative + or * with its operands swapped,
 * and gcc does in some of the interpreter's forms (f32.max gave the second
 * NaN, the JIT the first). */
static inline float kn_nan2f(float a, float b)
{
    return kn_f32((a != a ? kn_f32_bits(a) : kn_f32_bits(b)) | 0x00400000u);
}

static inline double kn_nan2(double a, double b)
{
    return kn_f64((a != a ? kn_f64_bits(a) : kn_f64_bits(b)) | 0x0008000000000000u);
}

/* add, sub, mul, div of spec 4.3.3 with kn_nan2's NaN for a NaN operand;
 * a NaN made from numbers (inf - inf, 0 / 0) is the processor's. On
 * x86-64 that NaN is what the instruction itself gives (Intel SDM vol. 1,
 * 4.8.3.5: the first source's if it is NaN, else the second's, quieted),
 * so the instruction is written out, which keeps the compiler from
 * swapping the operands, at no cost: testing the result for NaN in C cost
 * the interpreter a quarter more instructions on float code (matmul,
 * nbody, stencil). Elsewhere C computes and the NaN case is mended. */
#if defined(__x86_64__) && defined(__AVX__)
#define KN_FLOAT_ARITH(name, type, nan2, op, insn) \
    static inline type name(type a, type b) \
    { \
        type r; \
        __asm__("v" insn " %2, %1, %0" : "=x"(r) : "x"(a), "xm"(b)); \
        return r; \
    }
#elif defined(__x86_64__)
#define KN_FLOAT_ARITH(name, type, nan2, op, insn) \
    static inline type name(type a, type b) \
    { \
        __asm__(insn " %1, %0" : "+x"(a) : "xm"(b)); \
        return a; \
    }
#else
#define KN_FLOAT_ARITH(name, type, nan2, op, insn) \
    static inline type name(type a, type b) \
    { \
        type r = a op b; \
        return r == r || (a == a && b == b) ? r : nan2(a, b); \
    }
#endif
KN_FLOAT_ARITH(kn_faddf, float, kn_nan2f, +, "addss")
KN_FLOAT_ARITH(kn_fsubf, float, kn_nan2f, -, "subss")
KN_FLOAT_ARITH(kn_fmulf, float, kn_nan2f, *, "mulss")
KN_FLOAT_ARITH(kn_fdivf, float, kn_nan2f, /, "divss")
KN_FLOAT_ARITH(kn_fadd, double, kn_nan2, +, "addsd")
KN_FLOAT_ARITH(kn_fsub, double, kn_nan2, -, "subsd")
KN_FLOAT_ARITH(kn_fmul, double, kn_nan2, *, "mulsd")
KN_FLOAT_ARITH(kn_fdiv, double, kn_nan2, /, "divsd")
#undef KN_FLOAT_ARITH

/* fmin/fmax of spec 4.3.3: NaN if either operand is (C's fmin would return
 * the other operand), and -0 below +0 (C leaves their order open). */
static inline float kn_fminf(float a, float b)
{
    if (a != a || b != b)
        return kn_nan2f(a, b);
    if (a == b)   /* equal: only the signs of zeros can differ */
        return kn_f32(kn_f32_bits(a) | kn_f32_bits(b));
    return a < b ? a : b;
}

static inline float kn_fmaxf(float a, float b)
{
    if (a != a || b != b)
        return kn_nan2f(a, b);
    if (a == b)
        return kn_f32(kn_f32_bits(a) & kn_f32_bits(b));
    return a > b ? a : b;
}

static inline double kn_fmin(double a, double b)
{
    if (a != a || b != b)
        return kn_nan2(a, b);
    if (a == b)
        return kn_f64(kn_f64_bits(a) | kn_f64_bits(b));
    return a < b ? a : b;
}

static inline double kn_fmax(double a, double b)
{
    if (a != a || b != b)
        return kn_nan2(a, b);
    if (a == b)
        return kn_f64(kn_f64_bits(a) & kn_f64_bits(b));
    return a > b ? a : b;
}

/* Rounding to integral values; a NaN comes back quiet. rint rounds half
 * to even in the default rounding mode, which kiln never changes. */
static inline float kn_ceilf(float a)    { return a != a ? a + a : ceilf(a); }
static inline float kn_floorf(float a)   { return a != a ? a + a : floorf(a); }
static inline float kn_truncf(float a)   { return a != a ? a + a : truncf(a); }
static inline float kn_nearestf(float a) { return a != a ? a + a : rintf(a); }
static inline double kn_ceil(double a)    { return a != a ? a + a : ceil(a); }
static inline double kn_floor(double a)   { return a != a ? a + a : floor(a); }
static inline double kn_trunc(double a)   { return a != a ? a + a : trunc(a); }
static inline double kn_nearest(double a) { return a != a ? a + a : rint(a); }

/*
 * Float-to-integer truncation (spec 4.3.3 trunc and trunc_sat). A C cast
 * of an out-of-range value is undefined, so the range is checked first, on
 * the double value (exact for every f32 and f64 input): the truncation of
 * x fits a type [lo, hi] exactly when lo - 1 < x < hi + 1, with the bounds
 * below written as exactly representable doubles.
 *
 * kn_trunc_*: 0 on success, 1 for NaN ("invalid conversion to integer"),
 * 2 when out of range ("integer overflow").
 */
#define KN_TWO31 2147483648.0
#define KN_TWO32 4294967296.0
#define KN_TWO63 9223372036854775808.0
#define KN_TWO64 18446744073709551616.0

static inline int kn_trunc_i32_s(double x, uint32_t *out)
{
    if (x != x)
        return 1;
    if (!(x > -KN_TWO31 - 1.0 && x < KN_TWO31))
        return 2;
    *out = (uint32_t)(int32_t)x;
    return 0;
}

static inline int kn_trunc_i32_u(double x, uint32_t *out)
{
    if (x != x)
        return 1;
    if (!(x > -1.0 && x < KN_TWO32))
        return 2;
    *out = (uint32_t)x;
    return 0;
}

/* -2^63 - 1 is not a double: below -2^63 the next double is -2^63 - 2048. */
static inline int kn_trunc_i64_s(double x, uint64_t *out)
{
    if (x != x)
        return 1;
    if (!(x >= -KN_TWO63 && x < KN_TWO63))
        return 2;
    *out = (uint64_t)(int64_t)x;
    return 0;
}

static inline int kn_trunc_i64_u(double x, uint64_t *out)
{
    if (x != x)
        return 1;
    if (!(x > -1.0 && x < KN_TWO64))
        return 2;
    *out = (uint64_t)x;
    return 0;
}

/* Saturating forms: NaN is 0, out of range is the nearest bound. */
static inline uint32_t kn_trunc_sat_i32_s(double x)
{
    uint32_t r;
    switch (kn_trunc_i32_s(x, &r)) {
    case 0: return r;
    case 1: return 0;
    default: return x < 0 ? (uint32_t)INT32_MIN : (uint32_t)INT32_MAX;
    }
}

static inline uint32_t kn_trunc_sat_i32_u(double x)
{
    uint32_t r;
    switch (kn_trunc_i32_u(x, &r)) {
    case 0: return r;
    case 1: return 0;
    default: return x < 0 ? 0 : UINT32_MAX;
    }
}

static inline uint64_t kn_trunc_sat_i64_s(double x)
{
    uint64_t r;
    switch (kn_trunc_i64_s(x, &r)) {
    case 0: return r;
    case 1: return 0;
    default: return x < 0 ? (uint64_t)INT64_MIN : (uint64_t)INT64_MAX;
    }
}

static inline uint64_t kn_trunc_sat_i64_u(double x)
{
    uint64_t r;
    switch (kn_trunc_i64_u(x, &r)) {
    case 0: return r;
    case 1: return 0;
    default: return x < 0 ? 0 : UINT64_MAX;
    }
}

/* Bit counts; the builtins are undefined for 0. */
static inline uint32_t kn_clz32(uint32_t x) { return x ? (uint32_t)__builtin_clz(x) : 32; }
static inline uint32_t kn_ctz32(uint32_t x) { return x ? (uint32_t)__builtin_ctz(x) : 32; }
static inline uint64_t kn_clz64(uint64_t x) { return x ? (uint64_t)__builtin_clzll(x) : 64; }
static inline uint64_t kn_ctz64(uint64_t x) { return x ? (uint64_t)__builtin_ctzll(x) : 64; }

static inline uint32_t kn_rotl32(uint32_t x, uint32_t k)
{
    k &= 31;
    return (x << k) | (x >> ((32 - k) & 31));
}

static inline uint32_t kn_rotr32(uint32_t x, uint32_t k)
{
    k &= 31;
    return (x >> k) | (x << ((32 - k) & 31));
}

static inline uint64_t kn_rotl64(uint64_t x, uint64_t k)
{
    k &= 63;
    return (x << k) | (x >> ((64 - k) & 63));
}

static inline uint64_t kn_rotr64(uint64_t x, uint64_t k)
{
    k &= 63;
    return (x >> k) | (x << ((64 - k) & 63));
}

#endif
