/*
 * simd.h -- the lane semantics of the 128-bit vector instructions (spec
 * 4.3.x vector operators, 4.4.3 and 4.4.7 vector instructions), for the
 * dispatch loop (exec.c).
 *
 * A v128 is a kn_v128: sixteen bytes seen as lanes of every shape. Lane i
 * is at bytes [i*w, (i+1)*w) little-endian, which on the little-endian
 * hosts kiln supports is simply element i of the matching array. The
 * interpreter keeps a v128 in two consecutive frame slots and moves it with
 * memcpy, so no alignment is assumed.
 *
 * Every operation is written once as portable C, lane by lane; that path
 * is the reference and the one `make SIMD=portable` (KN_SIMD_PORTABLE)
 * builds. Where the compiler offers GCC/Clang vector extensions
 * (KN_SIMD_VECTOR), the operations whose vector expression means exactly
 * the same -- wrapping integer arithmetic, bitwise operations, shifts,
 * comparisons, float arithmetic (IEEE 754 lane-wise, like C) -- are
 * written as one vector expression instead, which compiles to the host's
 * SIMD instructions. The rest stay lane loops, which the compiler may
 * vectorise itself. The spec suite runs in both builds, so a result never
 * depends on the path.
 *
 * Floats: abs, neg, pmin/pmax, lane moves and comparisons' results work on
 * bit patterns; arithmetic works on C floats, which follows spec 4.3.3
 * (numeric.h explains the NaN rules; min/max/nearest reuse its helpers).
 */
#ifndef KN_INTERP_SIMD_H
#define KN_INTERP_SIMD_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "numeric.h"

#if !defined(KN_SIMD_PORTABLE) && (defined(__GNUC__) || defined(__clang__))
#define KN_SIMD_VECTOR 1
#endif

#ifdef KN_SIMD_VECTOR
typedef uint8_t  kn_vu8  __attribute__((vector_size(16)));
typedef int8_t   kn_vi8  __attribute__((vector_size(16)));
typedef uint16_t kn_vu16 __attribute__((vector_size(16)));
typedef int16_t  kn_vi16 __attribute__((vector_size(16)));
typedef uint32_t kn_vu32 __attribute__((vector_size(16)));
typedef int32_t  kn_vi32 __attribute__((vector_size(16)));
typedef uint64_t kn_vu64 __attribute__((vector_size(16)));
typedef int64_t  kn_vi64 __attribute__((vector_size(16)));
typedef float    kn_vf32 __attribute__((vector_size(16)));
typedef double   kn_vf64 __attribute__((vector_size(16)));
#endif

typedef union kn_v128 {
    uint8_t u8[16];
    int8_t i8[16];
    uint16_t u16[8];
    int16_t i16[8];
    uint32_t u32[4];
    int32_t i32[4];
    uint64_t u64[2];
    int64_t i64[2];
    float f32[4];
    double f64[2];
#ifdef KN_SIMD_VECTOR
    kn_vu8 vu8;
    kn_vi8 vi8;
    kn_vu16 vu16;
    kn_vi16 vi16;
    kn_vu32 vu32;
    kn_vi32 vi32;
    kn_vu64 vu64;
    kn_vi64 vi64;
    kn_vf32 vf32;
    kn_vf64 vf64;
#endif
} kn_v128;

static inline kn_v128 kn_v128_read(const void *p)
{
    kn_v128 v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline void kn_v128_write(void *p, kn_v128 v)
{
    memcpy(p, &v, sizeof v);
}

static inline kn_v128 kn_v128_zero(void)
{
    kn_v128 v;
    memset(&v, 0, sizeof v);
    return v;
}

/* ---- generators ----
 *
 * LANES1/LANES2 define `name` as a lane loop over field F (N lanes of type
 * T): A and B are the operands' lanes, `expr` the result lane. VEC1/VEC2
 * define it as one expression on the vector view v##F of type VT. The *V
 * forms pick the vector expression when there is one. */

#define LANES1(name, T, F, N, expr) \
    static inline kn_v128 name(kn_v128 a) \
    { \
        kn_v128 r; \
        for (int i = 0; i < (N); i++) { \
            T A = a.F[i]; \
            r.F[i] = (T)(expr); \
        } \
        return r; \
    }

#define LANES2(name, T, F, N, expr) \
    static inline kn_v128 name(kn_v128 a, kn_v128 b) \
    { \
        kn_v128 r; \
        for (int i = 0; i < (N); i++) { \
            T A = a.F[i], B = b.F[i]; \
            r.F[i] = (T)(expr); \
        } \
        return r; \
    }

/* A comparison: all ones where `A op B` holds. The result is written to the
 * unsigned field R of the operands' width, since float lanes yield masks. */
#define CMP_LANES(name, T, F, R, RT, N, op) \
    static inline kn_v128 name(kn_v128 a, kn_v128 b) \
    { \
        kn_v128 r; \
        for (int i = 0; i < (N); i++) { \
            T A = a.F[i], B = b.F[i]; \
            r.R[i] = A op B ? (RT)~(RT)0 : 0; \
        } \
        return r; \
    }

#ifdef KN_SIMD_VECTOR
#define VEC1(name, VT, F, expr) \
    static inline kn_v128 name(kn_v128 a) \
    { \
        kn_v128 r; \
        VT A = a.v##F; \
        r.v##F = (VT)(expr); \
        return r; \
    }
#define VEC2(name, VT, F, expr) \
    static inline kn_v128 name(kn_v128 a, kn_v128 b) \
    { \
        kn_v128 r; \
        VT A = a.v##F, B = b.v##F; \
        r.v##F = (VT)(expr); \
        return r; \
    }
/* Vector comparisons yield the signed integer vector of -1 and 0 lanes. */
#define CMP(name, T, F, R, RT, N, op) \
    static inline kn_v128 name(kn_v128 a, kn_v128 b) \
    { \
        kn_v128 r; \
        r.v##R = (__typeof__(r.v##R))(a.v##F op b.v##F); \
        return r; \
    }
#define LANES1V(name, T, VT, F, N, lane, vec) VEC1(name, VT, F, vec)
#define LANES2V(name, T, VT, F, N, lane, vec) VEC2(name, VT, F, vec)
#else
#define CMP(name, T, F, R, RT, N, op) CMP_LANES(name, T, F, R, RT, N, op)
#define LANES1V(name, T, VT, F, N, lane, vec) LANES1(name, T, F, N, lane)
#define LANES2V(name, T, VT, F, N, lane, vec) LANES2(name, T, F, N, lane)
#endif

/* ---- bitwise (spec 4.3.2 ivnot, ivand, ...) ---- */

LANES1V(v128_not,    uint64_t, kn_vu64, u64, 2, ~A, ~A)
LANES2V(v128_and,    uint64_t, kn_vu64, u64, 2, A & B, A & B)
LANES2V(v128_andnot, uint64_t, kn_vu64, u64, 2, A & ~B, A & ~B)
LANES2V(v128_or,     uint64_t, kn_vu64, u64, 2, A | B, A | B)
LANES2V(v128_xor,    uint64_t, kn_vu64, u64, 2, A ^ B, A ^ B)

/* Bits of a where c is set, of b elsewhere. */
static inline kn_v128 v128_bitselect(kn_v128 a, kn_v128 b, kn_v128 c)
{
    kn_v128 r;
#ifdef KN_SIMD_VECTOR
    r.vu64 = (a.vu64 & c.vu64) | (b.vu64 & ~c.vu64);
#else
    for (int i = 0; i < 2; i++)
        r.u64[i] = (a.u64[i] & c.u64[i]) | (b.u64[i] & ~c.u64[i]);
#endif
    return r;
}

static inline uint32_t v128_any_true(kn_v128 a)
{
    return (a.u64[0] | a.u64[1]) != 0;
}

/* ---- comparisons (4.3.3 ieq ... fge, lane-wise) ---- */

CMP(i8x16_eq,   uint8_t,  u8,  u8,  uint8_t,  16, ==)
CMP(i8x16_ne,   uint8_t,  u8,  u8,  uint8_t,  16, !=)
CMP(i8x16_lt_s, int8_t,   i8,  u8,  uint8_t,  16, <)
CMP(i8x16_lt_u, uint8_t,  u8,  u8,  uint8_t,  16, <)
CMP(i8x16_gt_s, int8_t,   i8,  u8,  uint8_t,  16, >)
CMP(i8x16_gt_u, uint8_t,  u8,  u8,  uint8_t,  16, >)
CMP(i8x16_le_s, int8_t,   i8,  u8,  uint8_t,  16, <=)
CMP(i8x16_le_u, uint8_t,  u8,  u8,  uint8_t,  16, <=)
CMP(i8x16_ge_s, int8_t,   i8,  u8,  uint8_t,  16, >=)
CMP(i8x16_ge_u, uint8_t,  u8,  u8,  uint8_t,  16, >=)
CMP(i16x8_eq,   uint16_t, u16, u16, uint16_t, 8, ==)
CMP(i16x8_ne,   uint16_t, u16, u16, uint16_t, 8, !=)
CMP(i16x8_lt_s, int16_t,  i16, u16, uint16_t, 8, <)
CMP(i16x8_lt_u, uint16_t, u16, u16, uint16_t, 8, <)
CMP(i16x8_gt_s, int16_t,  i16, u16, uint16_t, 8, >)
CMP(i16x8_gt_u, uint16_t, u16, u16, uint16_t, 8, >)
CMP(i16x8_le_s, int16_t,  i16, u16, uint16_t, 8, <=)
CMP(i16x8_le_u, uint16_t, u16, u16, uint16_t, 8, <=)
CMP(i16x8_ge_s, int16_t,  i16, u16, uint16_t, 8, >=)
CMP(i16x8_ge_u, uint16_t, u16, u16, uint16_t, 8, >=)
CMP(i32x4_eq,   uint32_t, u32, u32, uint32_t, 4, ==)
CMP(i32x4_ne,   uint32_t, u32, u32, uint32_t, 4, !=)
CMP(i32x4_lt_s, int32_t,  i32, u32, uint32_t, 4, <)
CMP(i32x4_lt_u, uint32_t, u32, u32, uint32_t, 4, <)
CMP(i32x4_gt_s, int32_t,  i32, u32, uint32_t, 4, >)
CMP(i32x4_gt_u, uint32_t, u32, u32, uint32_t, 4, >)
CMP(i32x4_le_s, int32_t,  i32, u32, uint32_t, 4, <=)
CMP(i32x4_le_u, uint32_t, u32, u32, uint32_t, 4, <=)
CMP(i32x4_ge_s, int32_t,  i32, u32, uint32_t, 4, >=)
CMP(i32x4_ge_u, uint32_t, u32, u32, uint32_t, 4, >=)
CMP(i64x2_eq,   uint64_t, u64, u64, uint64_t, 2, ==)
CMP(i64x2_ne,   uint64_t, u64, u64, uint64_t, 2, !=)
CMP(i64x2_lt_s, int64_t,  i64, u64, uint64_t, 2, <)
CMP(i64x2_gt_s, int64_t,  i64, u64, uint64_t, 2, >)
CMP(i64x2_le_s, int64_t,  i64, u64, uint64_t, 2, <=)
CMP(i64x2_ge_s, int64_t,  i64, u64, uint64_t, 2, >=)
/* Float comparisons are false for NaN, except ne (4.3.3 fne). */
CMP(f32x4_eq,   float,    f32, u32, uint32_t, 4, ==)
CMP(f32x4_ne,   float,    f32, u32, uint32_t, 4, !=)
CMP(f32x4_lt,   float,    f32, u32, uint32_t, 4, <)
CMP(f32x4_gt,   float,    f32, u32, uint32_t, 4, >)
CMP(f32x4_le,   float,    f32, u32, uint32_t, 4, <=)
CMP(f32x4_ge,   float,    f32, u32, uint32_t, 4, >=)
CMP(f64x2_eq,   double,   f64, u64, uint64_t, 2, ==)
CMP(f64x2_ne,   double,   f64, u64, uint64_t, 2, !=)
CMP(f64x2_lt,   double,   f64, u64, uint64_t, 2, <)
CMP(f64x2_gt,   double,   f64, u64, uint64_t, 2, >)
CMP(f64x2_le,   double,   f64, u64, uint64_t, 2, <=)
CMP(f64x2_ge,   double,   f64, u64, uint64_t, 2, >=)

/* ---- integer arithmetic (4.3.2), wrapping on unsigned lanes ---- */

static inline int32_t sat_s(int32_t x, int32_t lo, int32_t hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

LANES2V(i8x16_add,  uint8_t,  kn_vu8,  u8,  16, A + B, A + B)
LANES2V(i8x16_sub,  uint8_t,  kn_vu8,  u8,  16, A - B, A - B)
LANES1V(i8x16_neg,  uint8_t,  kn_vu8,  u8,  16, 0u - A, 0 - A)
LANES1(i8x16_abs,   uint8_t,  u8,  16, A & 0x80 ? 0u - A : A)
LANES1(i8x16_popcnt, uint8_t, u8,  16, __builtin_popcount(A))
LANES2(i8x16_add_sat_s, int8_t,  i8, 16, sat_s(A + B, INT8_MIN, INT8_MAX))
LANES2(i8x16_add_sat_u, uint8_t, u8, 16, sat_s(A + B, 0, UINT8_MAX))
LANES2(i8x16_sub_sat_s, int8_t,  i8, 16, sat_s(A - B, INT8_MIN, INT8_MAX))
LANES2(i8x16_sub_sat_u, uint8_t, u8, 16, sat_s(A - B, 0, UINT8_MAX))
LANES2(i8x16_min_s, int8_t,   i8,  16, A < B ? A : B)
LANES2(i8x16_min_u, uint8_t,  u8,  16, A < B ? A : B)
LANES2(i8x16_max_s, int8_t,   i8,  16, A > B ? A : B)
LANES2(i8x16_max_u, uint8_t,  u8,  16, A > B ? A : B)
LANES2(i8x16_avgr_u, uint8_t, u8,  16, (A + B + 1) >> 1)

LANES2V(i16x8_add,  uint16_t, kn_vu16, u16, 8, A + B, A + B)
LANES2V(i16x8_sub,  uint16_t, kn_vu16, u16, 8, A - B, A - B)
LANES2V(i16x8_mul,  uint16_t, kn_vu16, u16, 8, (uint32_t)A * B, A * B)
LANES1V(i16x8_neg,  uint16_t, kn_vu16, u16, 8, 0u - A, 0 - A)
LANES1(i16x8_abs,   uint16_t, u16, 8, A & 0x8000 ? 0u - A : A)
LANES2(i16x8_add_sat_s, int16_t,  i16, 8, sat_s(A + B, INT16_MIN, INT16_MAX))
LANES2(i16x8_add_sat_u, uint16_t, u16, 8, sat_s(A + B, 0, UINT16_MAX))
LANES2(i16x8_sub_sat_s, int16_t,  i16, 8, sat_s(A - B, INT16_MIN, INT16_MAX))
LANES2(i16x8_sub_sat_u, uint16_t, u16, 8, sat_s(A - B, 0, UINT16_MAX))
LANES2(i16x8_min_s, int16_t,  i16, 8, A < B ? A : B)
LANES2(i16x8_min_u, uint16_t, u16, 8, A < B ? A : B)
LANES2(i16x8_max_s, int16_t,  i16, 8, A > B ? A : B)
LANES2(i16x8_max_u, uint16_t, u16, 8, A > B ? A : B)
LANES2(i16x8_avgr_u, uint16_t, u16, 8, (A + B + 1) >> 1)
/* Q15 rounding multiply (4.3.2 iq15mulrsat_s): only -1 * -1 saturates. */
LANES2(i16x8_q15mulr_sat_s, int16_t, i16, 8,
       sat_s((A * B + 0x4000) >> 15, INT16_MIN, INT16_MAX))

LANES2V(i32x4_add,  uint32_t, kn_vu32, u32, 4, A + B, A + B)
LANES2V(i32x4_sub,  uint32_t, kn_vu32, u32, 4, A - B, A - B)
LANES2V(i32x4_mul,  uint32_t, kn_vu32, u32, 4, A * B, A * B)
LANES1V(i32x4_neg,  uint32_t, kn_vu32, u32, 4, 0u - A, 0 - A)
LANES1(i32x4_abs,   uint32_t, u32, 4, A & 0x80000000u ? 0u - A : A)
LANES2(i32x4_min_s, int32_t,  i32, 4, A < B ? A : B)
LANES2(i32x4_min_u, uint32_t, u32, 4, A < B ? A : B)
LANES2(i32x4_max_s, int32_t,  i32, 4, A > B ? A : B)
LANES2(i32x4_max_u, uint32_t, u32, 4, A > B ? A : B)

LANES2V(i64x2_add,  uint64_t, kn_vu64, u64, 2, A + B, A + B)
LANES2V(i64x2_sub,  uint64_t, kn_vu64, u64, 2, A - B, A - B)
LANES2V(i64x2_mul,  uint64_t, kn_vu64, u64, 2, A * B, A * B)
LANES1V(i64x2_neg,  uint64_t, kn_vu64, u64, 2, 0u - A, 0 - A)
LANES1(i64x2_abs,   uint64_t, u64, 2, A >> 63 ? 0u - A : A)

/* Sums of products of adjacent signed pairs; only 2 * (-2^15)^2 = 2^31
 * overflows, and wraps (4.3.2 idot). */
static inline kn_v128 i32x4_dot_i16x8_s(kn_v128 a, kn_v128 b)
{
    kn_v128 r;
    for (int i = 0; i < 4; i++)
        r.u32[i] = (uint32_t)(a.i16[2 * i] * b.i16[2 * i]) +
                   (uint32_t)(a.i16[2 * i + 1] * b.i16[2 * i + 1]);
    return r;
}

/* ---- shifts: the count modulo the lane width (4.3.2 ishl, ishr) ---- */

#ifdef KN_SIMD_VECTOR
#define SHIFT(name, T, WT, F, N, bits, op) \
    static inline kn_v128 name(kn_v128 a, uint32_t n) \
    { \
        kn_v128 r; \
        r.v##F = a.v##F op (int)(n & ((bits) - 1)); \
        return r; \
    }
#else
/* Lanes widen to WT first: a uint16_t shifted as an int could overflow. */
#define SHIFT(name, T, WT, F, N, bits, op) \
    static inline kn_v128 name(kn_v128 a, uint32_t n) \
    { \
        kn_v128 r; \
        for (int i = 0; i < (N); i++) \
            r.F[i] = (T)((WT)a.F[i] op (n & ((bits) - 1))); \
        return r; \
    }
#endif

SHIFT(i8x16_shl,   uint8_t,  uint32_t, u8,  16, 8,  <<)
SHIFT(i8x16_shr_s, int8_t,   int32_t,  i8,  16, 8,  >>)
SHIFT(i8x16_shr_u, uint8_t,  uint32_t, u8,  16, 8,  >>)
SHIFT(i16x8_shl,   uint16_t, uint32_t, u16, 8,  16, <<)
SHIFT(i16x8_shr_s, int16_t,  int32_t,  i16, 8,  16, >>)
SHIFT(i16x8_shr_u, uint16_t, uint32_t, u16, 8,  16, >>)
SHIFT(i32x4_shl,   uint32_t, uint32_t, u32, 4,  32, <<)
SHIFT(i32x4_shr_s, int32_t,  int32_t,  i32, 4,  32, >>)
SHIFT(i32x4_shr_u, uint32_t, uint32_t, u32, 4,  32, >>)
SHIFT(i64x2_shl,   uint64_t, uint64_t, u64, 2,  64, <<)
SHIFT(i64x2_shr_s, int64_t,  int64_t,  i64, 2,  64, >>)
SHIFT(i64x2_shr_u, uint64_t, uint64_t, u64, 2,  64, >>)

/* ---- narrowing, widening, pairwise (4.3.2, 4.4.3) ---- */

/* Each operand's lanes, saturated to the narrower type: a's in the low
 * half of the result, b's in the high half. */
#define NARROW(name, S, D, DT, N, lo, hi) \
    static inline kn_v128 name(kn_v128 a, kn_v128 b) \
    { \
        kn_v128 r; \
        for (int i = 0; i < (N); i++) { \
            r.D[i] = (DT)sat_s(a.S[i], lo, hi); \
            r.D[i + (N)] = (DT)sat_s(b.S[i], lo, hi); \
        } \
        return r; \
    }

NARROW(i8x16_narrow_i16x8_s, i16, i8,  int8_t,   8, INT8_MIN, INT8_MAX)
NARROW(i8x16_narrow_i16x8_u, i16, u8,  uint8_t,  8, 0, UINT8_MAX)
NARROW(i16x8_narrow_i32x4_s, i32, i16, int16_t,  4, INT16_MIN, INT16_MAX)
NARROW(i16x8_narrow_i32x4_u, i32, u16, uint16_t, 4, 0, UINT16_MAX)

/* Lanes `first` ... of field S, each extended to the twice wider D. */
#define EXTEND(name, S, D, DT, N, first) \
    static inline kn_v128 name(kn_v128 a) \
    { \
        kn_v128 r; \
        for (int i = 0; i < (N); i++) \
            r.D[i] = (DT)a.S[i + (first)]; \
        return r; \
    }

EXTEND(i16x8_extend_low_i8x16_s,  i8,  i16, int16_t,  8, 0)
EXTEND(i16x8_extend_high_i8x16_s, i8,  i16, int16_t,  8, 8)
EXTEND(i16x8_extend_low_i8x16_u,  u8,  u16, uint16_t, 8, 0)
EXTEND(i16x8_extend_high_i8x16_u, u8,  u16, uint16_t, 8, 8)
EXTEND(i32x4_extend_low_i16x8_s,  i16, i32, int32_t,  4, 0)
EXTEND(i32x4_extend_high_i16x8_s, i16, i32, int32_t,  4, 4)
EXTEND(i32x4_extend_low_i16x8_u,  u16, u32, uint32_t, 4, 0)
EXTEND(i32x4_extend_high_i16x8_u, u16, u32, uint32_t, 4, 4)
EXTEND(i64x2_extend_low_i32x4_s,  i32, i64, int64_t,  2, 0)
EXTEND(i64x2_extend_high_i32x4_s, i32, i64, int64_t,  2, 2)
EXTEND(i64x2_extend_low_i32x4_u,  u32, u64, uint64_t, 2, 0)
EXTEND(i64x2_extend_high_i32x4_u, u32, u64, uint64_t, 2, 2)

/* Products of lanes `first` ... extended to the wider type D; they cannot
 * overflow it (wide products are computed in WT). */
#define EXTMUL(name, S, D, WT, N, first) \
    static inline kn_v128 name(kn_v128 a, kn_v128 b) \
    { \
        kn_v128 r; \
        for (int i = 0; i < (N); i++) \
            r.D[i] = (WT)a.S[i + (first)] * (WT)b.S[i + (first)]; \
        return r; \
    }

EXTMUL(i16x8_extmul_low_i8x16_s,  i8,  i16, int32_t,  8, 0)
EXTMUL(i16x8_extmul_high_i8x16_s, i8,  i16, int32_t,  8, 8)
EXTMUL(i16x8_extmul_low_i8x16_u,  u8,  u16, uint32_t, 8, 0)
EXTMUL(i16x8_extmul_high_i8x16_u, u8,  u16, uint32_t, 8, 8)
EXTMUL(i32x4_extmul_low_i16x8_s,  i16, i32, int32_t,  4, 0)
EXTMUL(i32x4_extmul_high_i16x8_s, i16, i32, int32_t,  4, 4)
EXTMUL(i32x4_extmul_low_i16x8_u,  u16, u32, uint32_t, 4, 0)
EXTMUL(i32x4_extmul_high_i16x8_u, u16, u32, uint32_t, 4, 4)
EXTMUL(i64x2_extmul_low_i32x4_s,  i32, i64, int64_t,  2, 0)
EXTMUL(i64x2_extmul_high_i32x4_s, i32, i64, int64_t,  2, 2)
EXTMUL(i64x2_extmul_low_i32x4_u,  u32, u64, uint64_t, 2, 0)
EXTMUL(i64x2_extmul_high_i32x4_u, u32, u64, uint64_t, 2, 2)

#define EXTADD_PAIRWISE(name, S, D, DT, N) \
    static inline kn_v128 name(kn_v128 a) \
    { \
        kn_v128 r; \
        for (int i = 0; i < (N); i++) \
            r.D[i] = (DT)(a.S[2 * i] + a.S[2 * i + 1]); \
        return r; \
    }

EXTADD_PAIRWISE(i16x8_extadd_pairwise_i8x16_s, i8,  i16, int16_t,  8)
EXTADD_PAIRWISE(i16x8_extadd_pairwise_i8x16_u, u8,  u16, uint16_t, 8)
EXTADD_PAIRWISE(i32x4_extadd_pairwise_i16x8_s, i16, i32, int32_t,  4)
EXTADD_PAIRWISE(i32x4_extadd_pairwise_i16x8_u, u16, u32, uint32_t, 4)

/* ---- lane tests (4.4.3 all_true, bitmask) ---- */

#define ALL_TRUE(name, F, N) \
    static inline uint32_t name(kn_v128 a) \
    { \
        for (int i = 0; i < (N); i++) \
            if (a.F[i] == 0) \
                return 0; \
        return 1; \
    }

ALL_TRUE(i8x16_all_true, u8,  16)
ALL_TRUE(i16x8_all_true, u16, 8)
ALL_TRUE(i32x4_all_true, u32, 4)
ALL_TRUE(i64x2_all_true, u64, 2)

/* Bit i of the result is the sign bit of lane i. */
#define BITMASK(name, F, N, bits) \
    static inline uint32_t name(kn_v128 a) \
    { \
        uint32_t m = 0; \
        for (int i = 0; i < (N); i++) \
            m |= (uint32_t)(a.F[i] >> ((bits) - 1)) << i; \
        return m; \
    }

BITMASK(i8x16_bitmask, u8,  16, 8)
BITMASK(i16x8_bitmask, u16, 8,  16)
BITMASK(i32x4_bitmask, u32, 4,  32)
BITMASK(i64x2_bitmask, u64, 2,  64)

/* ---- float arithmetic (4.3.3, lane-wise) ---- */

LANES2V(f32x4_add, float, kn_vf32, f32, 4, A + B, A + B)
LANES2V(f32x4_sub, float, kn_vf32, f32, 4, A - B, A - B)
LANES2V(f32x4_mul, float, kn_vf32, f32, 4, A * B, A * B)
LANES2V(f32x4_div, float, kn_vf32, f32, 4, A / B, A / B)
LANES2V(f64x2_add, double, kn_vf64, f64, 2, A + B, A + B)
LANES2V(f64x2_sub, double, kn_vf64, f64, 2, A - B, A - B)
LANES2V(f64x2_mul, double, kn_vf64, f64, 2, A * B, A * B)
LANES2V(f64x2_div, double, kn_vf64, f64, 2, A / B, A / B)
LANES2(f32x4_min, float,  f32, 4, kn_fminf(A, B))
LANES2(f32x4_max, float,  f32, 4, kn_fmaxf(A, B))
LANES2(f64x2_min, double, f64, 2, kn_fmin(A, B))
LANES2(f64x2_max, double, f64, 2, kn_fmax(A, B))
LANES1(f32x4_sqrt,    float,  f32, 4, sqrtf(A))
LANES1(f32x4_ceil,    float,  f32, 4, kn_ceilf(A))
LANES1(f32x4_floor,   float,  f32, 4, kn_floorf(A))
LANES1(f32x4_trunc,   float,  f32, 4, kn_truncf(A))
LANES1(f32x4_nearest, float,  f32, 4, kn_nearestf(A))
LANES1(f64x2_sqrt,    double, f64, 2, sqrt(A))
LANES1(f64x2_ceil,    double, f64, 2, kn_ceil(A))
LANES1(f64x2_floor,   double, f64, 2, kn_floor(A))
LANES1(f64x2_trunc,   double, f64, 2, kn_trunc(A))
LANES1(f64x2_nearest, double, f64, 2, kn_nearest(A))
/* abs and neg only touch the sign bit, NaN or not. */
LANES1V(f32x4_abs, uint32_t, kn_vu32, u32, 4, A & 0x7fffffffu, A & 0x7fffffffu)
LANES1V(f32x4_neg, uint32_t, kn_vu32, u32, 4, A ^ 0x80000000u, A ^ 0x80000000u)
LANES1V(f64x2_abs, uint64_t, kn_vu64, u64, 2, A & 0x7fffffffffffffffu,
        A & 0x7fffffffffffffffu)
LANES1V(f64x2_neg, uint64_t, kn_vu64, u64, 2, A ^ 0x8000000000000000u,
        A ^ 0x8000000000000000u)

/* Pseudo-minimum and maximum (4.3.3 fpmin, fpmax): `b < a ? b : a` and
 * `a < b ? b : a`, choosing an operand's exact bits, NaN or not. */
#define PMINMAX(name, FT, F, U, N, cond) \
    static inline kn_v128 name(kn_v128 a, kn_v128 b) \
    { \
        kn_v128 r; \
        for (int i = 0; i < (N); i++) { \
            FT A = a.F[i], B = b.F[i]; \
            r.U[i] = (cond) ? b.U[i] : a.U[i]; \
        } \
        return r; \
    }

PMINMAX(f32x4_pmin, float,  f32, u32, 4, B < A)
PMINMAX(f32x4_pmax, float,  f32, u32, 4, A < B)
PMINMAX(f64x2_pmin, double, f64, u64, 2, B < A)
PMINMAX(f64x2_pmax, double, f64, u64, 2, A < B)

/* ---- conversions (4.3.4, lane-wise) ---- */

static inline kn_v128 i32x4_trunc_sat_f32x4_s(kn_v128 a)
{
    kn_v128 r;
    for (int i = 0; i < 4; i++)
        r.u32[i] = kn_trunc_sat_i32_s((double)a.f32[i]);
    return r;
}

static inline kn_v128 i32x4_trunc_sat_f32x4_u(kn_v128 a)
{
    kn_v128 r;
    for (int i = 0; i < 4; i++)
        r.u32[i] = kn_trunc_sat_i32_u((double)a.f32[i]);
    return r;
}

static inline kn_v128 f32x4_convert_i32x4_s(kn_v128 a)
{
    kn_v128 r;
    for (int i = 0; i < 4; i++)
        r.f32[i] = (float)a.i32[i];
    return r;
}

static inline kn_v128 f32x4_convert_i32x4_u(kn_v128 a)
{
    kn_v128 r;
    for (int i = 0; i < 4; i++)
        r.f32[i] = (float)a.u32[i];
    return r;
}

/* The *_zero forms fill the high lanes with zeros. */
static inline kn_v128 i32x4_trunc_sat_f64x2_s_zero(kn_v128 a)
{
    kn_v128 r = kn_v128_zero();
    for (int i = 0; i < 2; i++)
        r.u32[i] = kn_trunc_sat_i32_s(a.f64[i]);
    return r;
}

static inline kn_v128 i32x4_trunc_sat_f64x2_u_zero(kn_v128 a)
{
    kn_v128 r = kn_v128_zero();
    for (int i = 0; i < 2; i++)
        r.u32[i] = kn_trunc_sat_i32_u(a.f64[i]);
    return r;
}

static inline kn_v128 f64x2_convert_low_i32x4_s(kn_v128 a)
{
    kn_v128 r;
    for (int i = 0; i < 2; i++)
        r.f64[i] = (double)a.i32[i];
    return r;
}

static inline kn_v128 f64x2_convert_low_i32x4_u(kn_v128 a)
{
    kn_v128 r;
    for (int i = 0; i < 2; i++)
        r.f64[i] = (double)a.u32[i];
    return r;
}

static inline kn_v128 f32x4_demote_f64x2_zero(kn_v128 a)
{
    kn_v128 r = kn_v128_zero();
    for (int i = 0; i < 2; i++)
        r.f32[i] = (float)a.f64[i];
    return r;
}

static inline kn_v128 f64x2_promote_low_f32x4(kn_v128 a)
{
    kn_v128 r;
    for (int i = 0; i < 2; i++)
        r.f64[i] = (double)a.f32[i];
    return r;
}

/* ---- lane moves (4.4.3 swizzle, shuffle, splat) ---- */

/* A vector from its two 64-bit halves. Built in a vector register where
 * there is one: stored as two halves, a value read back whole at once
 * would wait for a failed store forwarding. */
static inline kn_v128 v128_from_halves(uint64_t lo, uint64_t hi)
{
    kn_v128 r;
#ifdef KN_SIMD_VECTOR
    r.vu64 = (kn_vu64){lo, hi};
#else
    r.u64[0] = lo;
    r.u64[1] = hi;
#endif
    return r;
}

/* Lane i of the result is a's lane b[i], or 0 when that is out of range. */
static inline kn_v128 i8x16_swizzle(kn_v128 a, kn_v128 b)
{
    uint64_t half[2] = {0, 0};
    for (int i = 0; i < 16; i++)
        if (b.u8[i] < 16)
            half[i >> 3] |= (uint64_t)a.u8[b.u8[i]] << (8 * (i & 7));
    return v128_from_halves(half[0], half[1]);
}

/* Lane i of the result is lane lanes[i] of a ++ b; validation keeps every
 * index below 32. */
static inline kn_v128 i8x16_shuffle(kn_v128 a, kn_v128 b, const uint8_t lanes[16])
{
    uint8_t ab[32];
    uint64_t lo = 0, hi = 0;
    memcpy(ab, &a, 16);
    memcpy(ab + 16, &b, 16);
    for (int i = 0; i < 8; i++) {
        lo |= (uint64_t)ab[lanes[i] & 31] << (8 * i);
        hi |= (uint64_t)ab[lanes[i + 8] & 31] << (8 * i);
    }
    return v128_from_halves(lo, hi);
}

#define SPLAT(name, T, F, N) \
    static inline kn_v128 name(uint64_t x) \
    { \
        kn_v128 r; \
        for (int i = 0; i < (N); i++) \
            r.F[i] = (T)x; \
        return r; \
    }

SPLAT(i8x16_splat, uint8_t,  u8,  16)
SPLAT(i16x8_splat, uint16_t, u16, 8)
SPLAT(i32x4_splat, uint32_t, u32, 4)
SPLAT(i64x2_splat, uint64_t, u64, 2)

/* ---- loads (4.4.7 v128.loadNxM, load_splat) from `n` bytes at p ---- */

#define LOAD_EXTEND(name, ST, D, DT, N) \
    static inline kn_v128 name(const uint8_t *p) \
    { \
        ST s[N]; \
        kn_v128 r; \
        memcpy(s, p, sizeof s); \
        for (int i = 0; i < (N); i++) \
            r.D[i] = (DT)s[i]; \
        return r; \
    }

LOAD_EXTEND(v128_load8x8_s,  int8_t,   i16, int16_t,  8)
LOAD_EXTEND(v128_load8x8_u,  uint8_t,  u16, uint16_t, 8)
LOAD_EXTEND(v128_load16x4_s, int16_t,  i32, int32_t,  4)
LOAD_EXTEND(v128_load16x4_u, uint16_t, u32, uint32_t, 4)
LOAD_EXTEND(v128_load32x2_s, int32_t,  i64, int64_t,  2)
LOAD_EXTEND(v128_load32x2_u, uint32_t, u64, uint64_t, 2)

/* The n bytes at p repeated to fill 16. */
static inline kn_v128 v128_load_splat(const uint8_t *p, unsigned n)
{
    kn_v128 r;
    for (unsigned i = 0; i < 16; i += n)
        memcpy(r.u8 + i, p, n);
    return r;
}

/* The n bytes at p in the low lane, zeros above. */
static inline kn_v128 v128_load_zero(const uint8_t *p, unsigned n)
{
    kn_v128 r = kn_v128_zero();
    memcpy(r.u8, p, n);
    return r;
}


/* ---- the instructions by operand shape, for exec.c ---- */

/* v128 -> v128: [op][d][a] */
#define KN_SIMD_UNARY(X) \
    X(V128_NOT, v128_not) \
    X(I8X16_ABS, i8x16_abs) X(I8X16_NEG, i8x16_neg) X(I8X16_POPCNT, i8x16_popcnt) \
    X(I16X8_ABS, i16x8_abs) X(I16X8_NEG, i16x8_neg) \
    X(I32X4_ABS, i32x4_abs) X(I32X4_NEG, i32x4_neg) \
    X(I64X2_ABS, i64x2_abs) X(I64X2_NEG, i64x2_neg) \
    X(I16X8_EXTADD_PAIRWISE_I8X16_S, i16x8_extadd_pairwise_i8x16_s) \
    X(I16X8_EXTADD_PAIRWISE_I8X16_U, i16x8_extadd_pairwise_i8x16_u) \
    X(I32X4_EXTADD_PAIRWISE_I16X8_S, i32x4_extadd_pairwise_i16x8_s) \
    X(I32X4_EXTADD_PAIRWISE_I16X8_U, i32x4_extadd_pairwise_i16x8_u) \
    X(I16X8_EXTEND_LOW_I8X16_S, i16x8_extend_low_i8x16_s) \
    X(I16X8_EXTEND_HIGH_I8X16_S, i16x8_extend_high_i8x16_s) \
    X(I16X8_EXTEND_LOW_I8X16_U, i16x8_extend_low_i8x16_u) \
    X(I16X8_EXTEND_HIGH_I8X16_U, i16x8_extend_high_i8x16_u) \
    X(I32X4_EXTEND_LOW_I16X8_S, i32x4_extend_low_i16x8_s) \
    X(I32X4_EXTEND_HIGH_I16X8_S, i32x4_extend_high_i16x8_s) \
    X(I32X4_EXTEND_LOW_I16X8_U, i32x4_extend_low_i16x8_u) \
    X(I32X4_EXTEND_HIGH_I16X8_U, i32x4_extend_high_i16x8_u) \
    X(I64X2_EXTEND_LOW_I32X4_S, i64x2_extend_low_i32x4_s) \
    X(I64X2_EXTEND_HIGH_I32X4_S, i64x2_extend_high_i32x4_s) \
    X(I64X2_EXTEND_LOW_I32X4_U, i64x2_extend_low_i32x4_u) \
    X(I64X2_EXTEND_HIGH_I32X4_U, i64x2_extend_high_i32x4_u) \
    X(F32X4_ABS, f32x4_abs) X(F32X4_NEG, f32x4_neg) X(F32X4_SQRT, f32x4_sqrt) \
    X(F32X4_CEIL, f32x4_ceil) X(F32X4_FLOOR, f32x4_floor) \
    X(F32X4_TRUNC, f32x4_trunc) X(F32X4_NEAREST, f32x4_nearest) \
    X(F64X2_ABS, f64x2_abs) X(F64X2_NEG, f64x2_neg) X(F64X2_SQRT, f64x2_sqrt) \
    X(F64X2_CEIL, f64x2_ceil) X(F64X2_FLOOR, f64x2_floor) \
    X(F64X2_TRUNC, f64x2_trunc) X(F64X2_NEAREST, f64x2_nearest) \
    X(I32X4_TRUNC_SAT_F32X4_S, i32x4_trunc_sat_f32x4_s) \
    X(I32X4_TRUNC_SAT_F32X4_U, i32x4_trunc_sat_f32x4_u) \
    X(F32X4_CONVERT_I32X4_S, f32x4_convert_i32x4_s) \
    X(F32X4_CONVERT_I32X4_U, f32x4_convert_i32x4_u) \
    X(I32X4_TRUNC_SAT_F64X2_S_ZERO, i32x4_trunc_sat_f64x2_s_zero) \
    X(I32X4_TRUNC_SAT_F64X2_U_ZERO, i32x4_trunc_sat_f64x2_u_zero) \
    X(F64X2_CONVERT_LOW_I32X4_S, f64x2_convert_low_i32x4_s) \
    X(F64X2_CONVERT_LOW_I32X4_U, f64x2_convert_low_i32x4_u) \
    X(F32X4_DEMOTE_F64X2_ZERO, f32x4_demote_f64x2_zero) \
    X(F64X2_PROMOTE_LOW_F32X4, f64x2_promote_low_f32x4)

/* v128 v128 -> v128: [op][d][a][b] */
#define KN_SIMD_BINARY(X) \
    X(V128_AND, v128_and) X(V128_ANDNOT, v128_andnot) \
    X(V128_OR, v128_or) X(V128_XOR, v128_xor) X(I8X16_SWIZZLE, i8x16_swizzle) \
    X(I8X16_EQ, i8x16_eq) X(I8X16_NE, i8x16_ne) \
    X(I8X16_LT_S, i8x16_lt_s) X(I8X16_LT_U, i8x16_lt_u) \
    X(I8X16_GT_S, i8x16_gt_s) X(I8X16_GT_U, i8x16_gt_u) \
    X(I8X16_LE_S, i8x16_le_s) X(I8X16_LE_U, i8x16_le_u) \
    X(I8X16_GE_S, i8x16_ge_s) X(I8X16_GE_U, i8x16_ge_u) \
    X(I16X8_EQ, i16x8_eq) X(I16X8_NE, i16x8_ne) \
    X(I16X8_LT_S, i16x8_lt_s) X(I16X8_LT_U, i16x8_lt_u) \
    X(I16X8_GT_S, i16x8_gt_s) X(I16X8_GT_U, i16x8_gt_u) \
    X(I16X8_LE_S, i16x8_le_s) X(I16X8_LE_U, i16x8_le_u) \
    X(I16X8_GE_S, i16x8_ge_s) X(I16X8_GE_U, i16x8_ge_u) \
    X(I32X4_EQ, i32x4_eq) X(I32X4_NE, i32x4_ne) \
    X(I32X4_LT_S, i32x4_lt_s) X(I32X4_LT_U, i32x4_lt_u) \
    X(I32X4_GT_S, i32x4_gt_s) X(I32X4_GT_U, i32x4_gt_u) \
    X(I32X4_LE_S, i32x4_le_s) X(I32X4_LE_U, i32x4_le_u) \
    X(I32X4_GE_S, i32x4_ge_s) X(I32X4_GE_U, i32x4_ge_u) \
    X(I64X2_EQ, i64x2_eq) X(I64X2_NE, i64x2_ne) \
    X(I64X2_LT_S, i64x2_lt_s) X(I64X2_GT_S, i64x2_gt_s) \
    X(I64X2_LE_S, i64x2_le_s) X(I64X2_GE_S, i64x2_ge_s) \
    X(F32X4_EQ, f32x4_eq) X(F32X4_NE, f32x4_ne) X(F32X4_LT, f32x4_lt) \
    X(F32X4_GT, f32x4_gt) X(F32X4_LE, f32x4_le) X(F32X4_GE, f32x4_ge) \
    X(F64X2_EQ, f64x2_eq) X(F64X2_NE, f64x2_ne) X(F64X2_LT, f64x2_lt) \
    X(F64X2_GT, f64x2_gt) X(F64X2_LE, f64x2_le) X(F64X2_GE, f64x2_ge) \
    X(I8X16_NARROW_I16X8_S, i8x16_narrow_i16x8_s) \
    X(I8X16_NARROW_I16X8_U, i8x16_narrow_i16x8_u) \
    X(I16X8_NARROW_I32X4_S, i16x8_narrow_i32x4_s) \
    X(I16X8_NARROW_I32X4_U, i16x8_narrow_i32x4_u) \
    X(I8X16_ADD, i8x16_add) X(I8X16_SUB, i8x16_sub) \
    X(I8X16_ADD_SAT_S, i8x16_add_sat_s) X(I8X16_ADD_SAT_U, i8x16_add_sat_u) \
    X(I8X16_SUB_SAT_S, i8x16_sub_sat_s) X(I8X16_SUB_SAT_U, i8x16_sub_sat_u) \
    X(I8X16_MIN_S, i8x16_min_s) X(I8X16_MIN_U, i8x16_min_u) \
    X(I8X16_MAX_S, i8x16_max_s) X(I8X16_MAX_U, i8x16_max_u) \
    X(I8X16_AVGR_U, i8x16_avgr_u) \
    X(I16X8_ADD, i16x8_add) X(I16X8_SUB, i16x8_sub) X(I16X8_MUL, i16x8_mul) \
    X(I16X8_ADD_SAT_S, i16x8_add_sat_s) X(I16X8_ADD_SAT_U, i16x8_add_sat_u) \
    X(I16X8_SUB_SAT_S, i16x8_sub_sat_s) X(I16X8_SUB_SAT_U, i16x8_sub_sat_u) \
    X(I16X8_MIN_S, i16x8_min_s) X(I16X8_MIN_U, i16x8_min_u) \
    X(I16X8_MAX_S, i16x8_max_s) X(I16X8_MAX_U, i16x8_max_u) \
    X(I16X8_AVGR_U, i16x8_avgr_u) X(I16X8_Q15MULR_SAT_S, i16x8_q15mulr_sat_s) \
    X(I16X8_EXTMUL_LOW_I8X16_S, i16x8_extmul_low_i8x16_s) \
    X(I16X8_EXTMUL_HIGH_I8X16_S, i16x8_extmul_high_i8x16_s) \
    X(I16X8_EXTMUL_LOW_I8X16_U, i16x8_extmul_low_i8x16_u) \
    X(I16X8_EXTMUL_HIGH_I8X16_U, i16x8_extmul_high_i8x16_u) \
    X(I32X4_ADD, i32x4_add) X(I32X4_SUB, i32x4_sub) X(I32X4_MUL, i32x4_mul) \
    X(I32X4_MIN_S, i32x4_min_s) X(I32X4_MIN_U, i32x4_min_u) \
    X(I32X4_MAX_S, i32x4_max_s) X(I32X4_MAX_U, i32x4_max_u) \
    X(I32X4_DOT_I16X8_S, i32x4_dot_i16x8_s) \
    X(I32X4_EXTMUL_LOW_I16X8_S, i32x4_extmul_low_i16x8_s) \
    X(I32X4_EXTMUL_HIGH_I16X8_S, i32x4_extmul_high_i16x8_s) \
    X(I32X4_EXTMUL_LOW_I16X8_U, i32x4_extmul_low_i16x8_u) \
    X(I32X4_EXTMUL_HIGH_I16X8_U, i32x4_extmul_high_i16x8_u) \
    X(I64X2_ADD, i64x2_add) X(I64X2_SUB, i64x2_sub) X(I64X2_MUL, i64x2_mul) \
    X(I64X2_EXTMUL_LOW_I32X4_S, i64x2_extmul_low_i32x4_s) \
    X(I64X2_EXTMUL_HIGH_I32X4_S, i64x2_extmul_high_i32x4_s) \
    X(I64X2_EXTMUL_LOW_I32X4_U, i64x2_extmul_low_i32x4_u) \
    X(I64X2_EXTMUL_HIGH_I32X4_U, i64x2_extmul_high_i32x4_u) \
    X(F32X4_ADD, f32x4_add) X(F32X4_SUB, f32x4_sub) \
    X(F32X4_MUL, f32x4_mul) X(F32X4_DIV, f32x4_div) \
    X(F32X4_MIN, f32x4_min) X(F32X4_MAX, f32x4_max) \
    X(F32X4_PMIN, f32x4_pmin) X(F32X4_PMAX, f32x4_pmax) \
    X(F64X2_ADD, f64x2_add) X(F64X2_SUB, f64x2_sub) \
    X(F64X2_MUL, f64x2_mul) X(F64X2_DIV, f64x2_div) \
    X(F64X2_MIN, f64x2_min) X(F64X2_MAX, f64x2_max) \
    X(F64X2_PMIN, f64x2_pmin) X(F64X2_PMAX, f64x2_pmax)

/* v128 -> i32: [op][d][a] */
#define KN_SIMD_TEST(X) \
    X(V128_ANY_TRUE, v128_any_true) \
    X(I8X16_ALL_TRUE, i8x16_all_true) X(I8X16_BITMASK, i8x16_bitmask) \
    X(I16X8_ALL_TRUE, i16x8_all_true) X(I16X8_BITMASK, i16x8_bitmask) \
    X(I32X4_ALL_TRUE, i32x4_all_true) X(I32X4_BITMASK, i32x4_bitmask) \
    X(I64X2_ALL_TRUE, i64x2_all_true) X(I64X2_BITMASK, i64x2_bitmask)

/* v128 i32 -> v128: [op][d][a][count] */
#define KN_SIMD_SHIFT(X) \
    X(I8X16_SHL, i8x16_shl) X(I8X16_SHR_S, i8x16_shr_s) X(I8X16_SHR_U, i8x16_shr_u) \
    X(I16X8_SHL, i16x8_shl) X(I16X8_SHR_S, i16x8_shr_s) X(I16X8_SHR_U, i16x8_shr_u) \
    X(I32X4_SHL, i32x4_shl) X(I32X4_SHR_S, i32x4_shr_s) X(I32X4_SHR_U, i32x4_shr_u) \
    X(I64X2_SHL, i64x2_shl) X(I64X2_SHR_S, i64x2_shr_s) X(I64X2_SHR_U, i64x2_shr_u)

/* scalar -> v128: [op][d][a]; a float splats its bits */
#define KN_SIMD_SPLAT(X) \
    X(I8X16_SPLAT, i8x16_splat) X(I16X8_SPLAT, i16x8_splat) \
    X(I32X4_SPLAT, i32x4_splat) X(I64X2_SPLAT, i64x2_splat) \
    X(F32X4_SPLAT, i32x4_splat) X(F64X2_SPLAT, i64x2_splat)

/* v128.loadNxM and load_splat: [op][d][addr][offset], N*M or M bytes */
#define KN_SIMD_LOAD_EXTEND(X) \
    X(V128_LOAD8X8_S, v128_load8x8_s) X(V128_LOAD8X8_U, v128_load8x8_u) \
    X(V128_LOAD16X4_S, v128_load16x4_s) X(V128_LOAD16X4_U, v128_load16x4_u) \
    X(V128_LOAD32X2_S, v128_load32x2_s) X(V128_LOAD32X2_U, v128_load32x2_u)

#endif
