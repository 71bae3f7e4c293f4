/*
 * run.h -- running .wast spec scripts against kiln (`kiln wast`).
 *
 * The commands of a script run in order against one store, which holds the
 * spectest host module (spectest.c, registered as "spectest") and every
 * module the script instantiates. Results are counted per command; the
 * first failures are printed with their line numbers.
 */
#ifndef KN_WAST_RUN_H
#define KN_WAST_RUN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct kn_tier;

typedef struct kn_wast_result {
    uint32_t passed, failed;
} kn_wast_result;

/* Runs one script file in a store of `tier` (exec/exec.h); prints
 * failures (at most `max_failures` shown) to `out`. Returns false if the
 * file could not be read or parsed at all. */
bool kn_wast_run_file(const char *path, const struct kn_tier *tier, FILE *out,
                      uint32_t max_failures, kn_wast_result *result);

#endif
