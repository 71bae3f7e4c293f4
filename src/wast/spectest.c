/*
 * spectest.c -- the `spectest` host module that the spec's scripts import
 * from (spec repository, interpreter/host/spectest.ml).
 *
 * Its print functions print nothing: the scripts only check that calls to
 * them link and return.
 */
#include <string.h>

#include "internal.h"

static kn_trap_code print_nothing(kn_store *s, void *env, const kn_value *args,
                                  kn_value *results)
{
    (void)s, (void)env, (void)args, (void)results;
    return KN_TRAP_NONE;
}

/* The print functions and their parameter types. */
static const struct {
    const char *name;
    uint32_t nparams;
    kn_valtype params[2];
} prints[] = {
    {"print", 0, {0, 0}},
    {"print_i32", 1, {KN_I32, 0}},
    {"print_i64", 1, {KN_I64, 0}},
    {"print_f32", 1, {KN_F32, 0}},
    {"print_f64", 1, {KN_F64, 0}},
    {"print_i32_f32", 2, {KN_I32, KN_F32}},
    {"print_f64_f64", 2, {KN_F64, KN_F64}},
};

enum { NPRINTS = sizeof prints / sizeof prints[0] };
_Static_assert(NPRINTS + 4 + 2 == KN_SPECTEST_NEXPORTS,
               "the prints, four globals, a table and a memory");

bool kn_spectest_init(kn_spectest *st, kn_store *s)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < NPRINTS; i++) {
        kn_functype type = {prints[i].nparams, 0, prints[i].params, NULL};
        kn_funcinst *f = kn_func_new_host(s, &type, print_nothing, NULL);
        if (!f)
            return false;
        st->exports[n].name = prints[i].name;
        st->exports[n].ext.kind = KN_EXTERN_FUNC;
        st->exports[n++].ext.of.func = f;
    }

    float f32 = 666.6f;
    double f64 = 666.6;
    kn_value v[4];
    memset(v, 0, sizeof v);
    v[0].i32 = 666;
    v[1].i64 = 666;
    memcpy(&v[2].f32, &f32, sizeof f32);
    memcpy(&v[3].f64, &f64, sizeof f64);
    static const char *const global_names[4] = {"global_i32", "global_i64",
                                                "global_f32", "global_f64"};
    static const kn_valtype global_types[4] = {KN_I32, KN_I64, KN_F32, KN_F64};
    for (uint32_t i = 0; i < 4; i++) {
        kn_globaltype type = {global_types[i], false};
        kn_globalinst *g = kn_global_new(s, &type, v[i]);
        if (!g)
            return false;
        st->exports[n].name = global_names[i];
        st->exports[n].ext.kind = KN_EXTERN_GLOBAL;
        st->exports[n++].ext.of.global = g;
    }

    kn_tabletype table_type = {KN_FUNCREF, {10, 20, true}};
    kn_memtype memory_type = {{1, 2, true}};
    kn_tableinst *table = kn_table_new(s, &table_type, NULL);
    kn_meminst *memory = kn_memory_new(s, &memory_type);
    if (!table || !memory)
        return false;
    st->exports[n].name = "table";
    st->exports[n].ext.kind = KN_EXTERN_TABLE;
    st->exports[n++].ext.of.table = table;
    st->exports[n].name = "memory";
    st->exports[n].ext.kind = KN_EXTERN_MEMORY;
    st->exports[n++].ext.of.memory = memory;
    return true;
}

bool kn_spectest_export(const kn_spectest *st, const char *name, size_t len,
                        kn_extern *out)
{
    for (uint32_t i = 0; i < KN_SPECTEST_NEXPORTS; i++) {
        const char *e = st->exports[i].name;
        if (strlen(e) == len && memcmp(e, name, len) == 0) {
            *out = st->exports[i].ext;
            return true;
        }
    }
    return false;
}
