#include "types.h"

const char *kn_valtype_name(kn_valtype t)
{
    switch (t) {
    case KN_I32: return "i32";
    case KN_I64: return "i64";
    case KN_F32: return "f32";
    case KN_F64: return "f64";
    case KN_V128: return "v128";
    case KN_FUNCREF: return "funcref";
    case KN_EXTERNREF: return "externref";
    default: return "?";
    }
}
