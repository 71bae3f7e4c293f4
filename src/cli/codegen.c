/*
 * codegen.c -- `-C KEY=VALUE[,KEY=VALUE...]`, the compiler settings of
 * `kiln run` and `kiln wast`, spelled as wasmtime spells them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../aot/aot.h"
#include "../jit/jit.h"
#include "cli.h"

void kn_cli_codegen_init(kn_cli_codegen *c)
{
    c->tier = kn_tier_default();
    c->aot = false;
    c->opt_level = 2;
    c->cache = false;
}

/* One KEY=VALUE of `len` bytes. */
static bool setting(kn_cli_codegen *c, const char *cmd, const char *s, size_t len)
{
    char item[64];
    if (len >= sizeof item) {
        fprintf(stderr, "kiln %s: unknown -C setting '%.*s'\n", cmd, (int)len, s);
        return false;
    }
    memcpy(item, s, len);
    item[len] = '\0';
    char *value = strchr(item, '=');
    if (value)
        *value++ = '\0';
    if (strcmp(item, "compiler") == 0 && value && strcmp(value, "aot") == 0) {
        c->aot = true;
        c->tier = &kn_aot_tier_eager[c->opt_level];
        return true;
    }
    if (strcmp(item, "opt-level") == 0 && value) {
        if (strlen(value) != 1 || value[0] < '0' || value[0] > '2') {
            fprintf(stderr, "kiln %s: -C opt-level=%s: the levels are 0, 1 and 2\n", cmd, value);
            return false;
        }
        c->opt_level = value[0] - '0';
        if (c->aot)
            c->tier = &kn_aot_tier_eager[c->opt_level];
        return true;
    }
    if (strcmp(item, "cache") == 0 && value) {
        bool yes = strcmp(value, "y") == 0 || strcmp(value, "yes") == 0 || strcmp(value, "true") == 0;
        bool no = strcmp(value, "n") == 0 || strcmp(value, "no") == 0 || strcmp(value, "false") == 0;
        if (!yes && !no) {
            fprintf(stderr, "kiln %s: -C cache=%s: say y or n\n", cmd, value);
            return false;
        }
        c->cache = yes;
        return true;
    }
    if (strcmp(item, "compiler") == 0 && value) {
        const kn_tier *t = kn_tier_find(value);
        if (!t) {
            fprintf(stderr, "kiln %s: -C compiler=%s: %s\n", cmd, value,
                    strcmp(value, "jit") == 0
                        ? "no JIT on this machine (x86-64 with SSE4.1, POPCNT, LZCNT and BMI1)"
                        : "the compilers are interp, jit and aot");
            return false;
        }
        c->tier = t;
        c->aot = false;
        return true;
    }
    fprintf(stderr, "kiln %s: unknown -C setting '%s' (settings: compiler=interp|jit|aot, opt-level=0|1|2, cache=y|n)\n",
            cmd, item);
    return false;
}

bool kn_cli_codegen_parse(kn_cli_codegen *c, const char *cmd, const char *arg)
{
    for (;;) {
        const char *comma = strchr(arg, ',');
        size_t len = comma ? (size_t)(comma - arg) : strlen(arg);
        if (!setting(c, cmd, arg, len))
            return false;
        if (!comma)
            return true;
        arg = comma + 1;
    }
}
