/*
 * numops.h -- the scalar numeric operations (spec 4.3, 4.4.1), one list
 * read by the dispatch loop (exec.c), which makes their handlers, and by
 * the translator (translate.c), which learns from it where each one takes
 * its operands and leaves its result.
 *
 * Each row: the operation, how it sees its operands (a, and b for binary
 * ones: u32 i32 u64 i64 as integers of that width and sign, f32 f64 as
 * floats), the class of its result (I: an integer, F: a float, D: a
 * double) and the result as a C expression of a and b. Floats are C
 * floats here; the arithmetic is IEEE 754 as spec 4.3.3 asks (numeric.h).
 */
#ifndef KN_INTERP_NUMOPS_H
#define KN_INTERP_NUMOPS_H

#define KN_NUM_UNOPS(X) \
    X(I32_EQZ,    u32, I, a == 0) \
    X(I64_EQZ,    u64, I, a == 0) \
    X(I32_CLZ,    u32, I, kn_clz32(a)) \
    X(I32_CTZ,    u32, I, kn_ctz32(a)) \
    X(I32_POPCNT, u32, I, (uint32_t)__builtin_popcount(a)) \
    X(I64_CLZ,    u64, I, kn_clz64(a)) \
    X(I64_CTZ,    u64, I, kn_ctz64(a)) \
    X(I64_POPCNT, u64, I, (uint64_t)__builtin_popcountll(a)) \
    X(F32_ABS,     f32, F, kn_fabsf(a)) \
    X(F32_NEG,     f32, F, kn_fnegf(a)) \
    X(F32_CEIL,    f32, F, kn_ceilf(a)) \
    X(F32_FLOOR,   f32, F, kn_floorf(a)) \
    X(F32_TRUNC,   f32, F, kn_truncf(a)) \
    X(F32_NEAREST, f32, F, kn_nearestf(a)) \
    X(F32_SQRT,    f32, F, sqrtf(a)) \
    X(F64_ABS,     f64, D, kn_fabs(a)) \
    X(F64_NEG,     f64, D, kn_fneg(a)) \
    X(F64_CEIL,    f64, D, kn_ceil(a)) \
    X(F64_FLOOR,   f64, D, kn_floor(a)) \
    X(F64_TRUNC,   f64, D, kn_trunc(a)) \
    X(F64_NEAREST, f64, D, kn_nearest(a)) \
    X(F64_SQRT,    f64, D, sqrt(a)) \
    X(I32_WRAP_I64,      u64, I, (uint32_t)a) \
    X(I64_EXTEND_I32_S,  i32, I, (uint64_t)(int64_t)a) \
    X(I64_EXTEND_I32_U,  u32, I, (uint64_t)a) \
    X(F32_CONVERT_I32_S, i32, F, (float)a) \
    X(F32_CONVERT_I32_U, u32, F, (float)a) \
    X(F32_CONVERT_I64_S, i64, F, (float)a) \
    X(F32_CONVERT_I64_U, u64, F, (float)a) \
    X(F32_DEMOTE_F64,    f64, F, (float)a) \
    X(F64_CONVERT_I32_S, i32, D, (double)a) \
    X(F64_CONVERT_I32_U, u32, D, (double)a) \
    X(F64_CONVERT_I64_S, i64, D, (double)a) \
    X(F64_CONVERT_I64_U, u64, D, (double)a) \
    X(F64_PROMOTE_F32,   f32, D, (double)a) \
    X(I32_EXTEND8_S,  u32, I, (uint32_t)(int32_t)(int8_t)a) \
    X(I32_EXTEND16_S, u32, I, (uint32_t)(int32_t)(int16_t)a) \
    X(I64_EXTEND8_S,  u64, I, (uint64_t)(int64_t)(int8_t)a) \
    X(I64_EXTEND16_S, u64, I, (uint64_t)(int64_t)(int16_t)a) \
    X(I64_EXTEND32_S, u64, I, (uint64_t)(int64_t)(int32_t)a) \
    X(I32_TRUNC_SAT_F32_S, f32, I, kn_trunc_sat_i32_s((double)a)) \
    X(I32_TRUNC_SAT_F32_U, f32, I, kn_trunc_sat_i32_u((double)a)) \
    X(I32_TRUNC_SAT_F64_S, f64, I, kn_trunc_sat_i32_s(a)) \
    X(I32_TRUNC_SAT_F64_U, f64, I, kn_trunc_sat_i32_u(a)) \
    X(I64_TRUNC_SAT_F32_S, f32, I, kn_trunc_sat_i64_s((double)a)) \
    X(I64_TRUNC_SAT_F32_U, f32, I, kn_trunc_sat_i64_u((double)a)) \
    X(I64_TRUNC_SAT_F64_S, f64, I, kn_trunc_sat_i64_s(a)) \
    X(I64_TRUNC_SAT_F64_U, f64, I, kn_trunc_sat_i64_u(a))

/* The integer comparisons, on their own for the compare-and-branch
 * operations made from them (exec.c); M and its leading arguments first. */
#define KN_CMP32(M, ...) \
    M(__VA_ARGS__, I32_EQ,   u32, a == b) \
    M(__VA_ARGS__, I32_NE,   u32, a != b) \
    M(__VA_ARGS__, I32_LT_S, i32, a <  b) \
    M(__VA_ARGS__, I32_LT_U, u32, a <  b) \
    M(__VA_ARGS__, I32_GT_S, i32, a >  b) \
    M(__VA_ARGS__, I32_GT_U, u32, a >  b) \
    M(__VA_ARGS__, I32_LE_S, i32, a <= b) \
    M(__VA_ARGS__, I32_LE_U, u32, a <= b) \
    M(__VA_ARGS__, I32_GE_S, i32, a >= b) \
    M(__VA_ARGS__, I32_GE_U, u32, a >= b)
#define KN_CMP64(M, ...) \
    M(__VA_ARGS__, I64_EQ,   u64, a == b) \
    M(__VA_ARGS__, I64_NE,   u64, a != b) \
    M(__VA_ARGS__, I64_LT_S, i64, a <  b) \
    M(__VA_ARGS__, I64_LT_U, u64, a <  b) \
    M(__VA_ARGS__, I64_GT_S, i64, a >  b) \
    M(__VA_ARGS__, I64_GT_U, u64, a >  b) \
    M(__VA_ARGS__, I64_LE_S, i64, a <= b) \
    M(__VA_ARGS__, I64_LE_U, u64, a <= b) \
    M(__VA_ARGS__, I64_GE_S, i64, a >= b) \
    M(__VA_ARGS__, I64_GE_U, u64, a >= b)
#define KN_CMP_BINOP(X, id, view, expr) X(id, view, I, expr)

#define KN_NUM_BINOPS(X) \
    KN_CMP32(KN_CMP_BINOP, X) \
    KN_CMP64(KN_CMP_BINOP, X) \
    X(F32_EQ, f32, I, a == b) \
    X(F32_NE, f32, I, a != b) \
    X(F32_LT, f32, I, a <  b) \
    X(F32_GT, f32, I, a >  b) \
    X(F32_LE, f32, I, a <= b) \
    X(F32_GE, f32, I, a >= b) \
    X(F64_EQ, f64, I, a == b) \
    X(F64_NE, f64, I, a != b) \
    X(F64_LT, f64, I, a <  b) \
    X(F64_GT, f64, I, a >  b) \
    X(F64_LE, f64, I, a <= b) \
    X(F64_GE, f64, I, a >= b) \
    X(I32_ADD,   u32, I, (uint32_t)(a + b)) \
    X(I32_SUB,   u32, I, (uint32_t)(a - b)) \
    X(I32_MUL,   u32, I, (uint32_t)(a * b)) \
    X(I32_AND,   u32, I, a & b) \
    X(I32_OR,    u32, I, a | b) \
    X(I32_XOR,   u32, I, a ^ b) \
    X(I32_SHL,   u32, I, (uint32_t)(a << (b & 31))) \
    X(I32_SHR_S, i32, I, (uint32_t)(a >> (b & 31))) \
    X(I32_SHR_U, u32, I, a >> (b & 31)) \
    X(I32_ROTL,  u32, I, kn_rotl32(a, b)) \
    X(I32_ROTR,  u32, I, kn_rotr32(a, b)) \
    X(I64_ADD,   u64, I, a + b) \
    X(I64_SUB,   u64, I, a - b) \
    X(I64_MUL,   u64, I, a * b) \
    X(I64_AND,   u64, I, a & b) \
    X(I64_OR,    u64, I, a | b) \
    X(I64_XOR,   u64, I, a ^ b) \
    X(I64_SHL,   u64, I, a << (b & 63)) \
    X(I64_SHR_S, i64, I, (uint64_t)(a >> (b & 63))) \
    X(I64_SHR_U, u64, I, a >> (b & 63)) \
    X(I64_ROTL,  u64, I, kn_rotl64(a, b)) \
    X(I64_ROTR,  u64, I, kn_rotr64(a, b)) \
    X(F32_ADD,      f32, F, kn_faddf(a, b)) \
    X(F32_SUB,      f32, F, kn_fsubf(a, b)) \
    X(F32_MUL,      f32, F, kn_fmulf(a, b)) \
    X(F32_DIV,      f32, F, kn_fdivf(a, b)) \
    X(F32_MIN,      f32, F, kn_fminf(a, b)) \
    X(F32_MAX,      f32, F, kn_fmaxf(a, b)) \
    X(F32_COPYSIGN, f32, F, kn_copysignf(a, b)) \
    X(F64_ADD,      f64, D, kn_fadd(a, b)) \
    X(F64_SUB,      f64, D, kn_fsub(a, b)) \
    X(F64_MUL,      f64, D, kn_fmul(a, b)) \
    X(F64_DIV,      f64, D, kn_fdiv(a, b)) \
    X(F64_MIN,      f64, D, kn_fmin(a, b)) \
    X(F64_MAX,      f64, D, kn_fmax(a, b)) \
    X(F64_COPYSIGN, f64, D, kn_copysign(a, b))

/*
 * Pairs of i32 operations fused into one instruction: `first` on x and y,
 * then `second` on that result and o, in the operand order shown by the
 * expression: the rotate of an xor and the xor of a rotate (ARX rounds,
 * SHA-2's sigmas), the mask of a shift (bit-by-bit loops), a sum of three
 * (hashes, address arithmetic). A row: the fused operation, first,
 * second, the result as an expression of x, y and o; M (a macro) and its
 * leading arguments come first.
 */
#define KN_PAIR_OPS(M, ...) \
    M(__VA_ARGS__, I32_XOR_ROTL,  I32_XOR,   I32_ROTL, kn_rotl32(x ^ y, o)) \
    M(__VA_ARGS__, I32_ROTL_XOR,  I32_ROTL,  I32_XOR,  kn_rotl32(x, y) ^ o) \
    M(__VA_ARGS__, I32_SHR_U_AND, I32_SHR_U, I32_AND,  (x >> (y & 31)) & o) \
    M(__VA_ARGS__, I32_ADD_ADD,   I32_ADD,   I32_ADD,  (uint32_t)(x + y + o))

#endif
