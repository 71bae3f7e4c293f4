/*
 * codegen.c -- `-C KEY=VALUE[,KEY=VALUE...]`, the compiler settings of
 * `kiln run` and `kiln wast`, spelled as wasmtime spells them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../jit/jit.h"
#include "cli.h"

void kn_cli_codegen_init(kn_cli_codegen *c)
{
    c->tier = kn_tier_default();
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
    if (strcmp(item, "compiler") == 0 && value) {
        const kn_tier *t = kn_tier_find(value);
        if (!t) {
            fprintf(stderr, "kiln %s: -C compiler=%s: %s\n", cmd, value,
                    strcmp(value, "jit") == 0
                        ? "no JIT on this machine (x86-64 with SSE4.1, POPCNT, LZCNT and BMI1)"
                        : "the compilers are interp and jit");
            return false;
        }
        c->tier = t;
        return true;
    }
    fprintf(stderr, "kiln %s: unknown -C setting '%s' (settings: compiler=interp|jit)\n",
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
