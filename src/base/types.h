/*
 * types.h -- WebAssembly value types and the representation of values.
 *
 * Value types are kept as their binary encodings (spec 5.3.1), so the
 * decoder stores what it reads and the encoder writes what it holds.
 */
#ifndef KN_TYPES_H
#define KN_TYPES_H

#include <stdbool.h>
#include <stdint.h>

typedef uint8_t kn_valtype;
enum {
    KN_I32 = 0x7f,
    KN_I64 = 0x7e,
    KN_F32 = 0x7d,
    KN_F64 = 0x7c,
    KN_V128 = 0x7b,
    KN_FUNCREF = 0x70,
    KN_EXTERNREF = 0x6f
};

static inline bool kn_is_reftype(kn_valtype t)
{
    return t == KN_FUNCREF || t == KN_EXTERNREF;
}

static inline bool kn_is_valtype(uint8_t byte)
{
    return (byte >= KN_V128 && byte <= KN_I32) || kn_is_reftype(byte);
}

/* "i32", "funcref", ...; "?" for a byte that is no value type. */
const char *kn_valtype_name(kn_valtype t);

/*
 * A value. Floats are held as their bit patterns, never as C floats, so a
 * NaN's payload survives every copy (an x87 load would quiet a signalling
 * NaN). References are pointers: a funcref is a `kn_funcinst *`, an
 * externref is the host's opaque pointer, and NULL is the null reference of
 * either type. v128 is sixteen little-endian bytes; kiln's interpreter keeps
 * it in two 64-bit stack slots.
 */
typedef union kn_value {
    uint32_t i32;
    uint64_t i64;
    uint32_t f32;  /* bits */
    uint64_t f64;  /* bits */
    void *ref;
    uint8_t v128[16];
} kn_value;

#endif
