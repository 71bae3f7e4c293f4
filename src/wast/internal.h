/*
 * internal.h -- the spec runner's host module `spectest` (spectest.c), used
 * by run.c.
 */
#ifndef KN_WAST_INTERNAL_H
#define KN_WAST_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "../runtime/runtime.h"

enum { KN_SPECTEST_NEXPORTS = 13 };

/* The exports of one `spectest` instance, made in one store. */
typedef struct kn_spectest {
    struct {
        const char *name;
        kn_extern ext;
    } exports[KN_SPECTEST_NEXPORTS];
} kn_spectest;

/* Creates the objects of spectest in `s`: print functions that print
 * nothing, global_i32/i64 = 666, global_f32/f64 = 666.6, a table of 10..20
 * funcref, a memory of 1..2 pages. False when out of memory. */
bool kn_spectest_init(kn_spectest *st, kn_store *s);

/* The export named `name` (len bytes), or false. */
bool kn_spectest_export(const kn_spectest *st, const char *name, size_t len,
                        kn_extern *out);

#endif
