/*
 * cache.c -- precompiled modules kept between runs (`kiln run -C
 * cache=y`): $XDG_CACHE_HOME/kiln (else ~/.cache/kiln), one .cwasm per
 * module and way of compiling it.
 *
 * An entry's name is a hash of everything its code depends on: the
 * module's bytes, kiln's version and build (the fingerprint, in the
 * header), the target, the CPU level and the opt level. The entry is
 * still checked as any .cwasm is when loaded, and its module's bytes must
 * equal the module run: a hash collision or a damaged entry costs a
 * compilation, never a wrong program. An entry is written to a temporary
 * file in the same directory and renamed into place, so a concurrent run
 * sees the whole entry or none.
 */
#define _GNU_SOURCE 1

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/* The cache's directory, made if missing; false when there is none. */
static bool cache_dir(char *out, size_t size)
{
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    int n;
    if (xdg && xdg[0] == '/')
        n = snprintf(out, size, "%s/kiln", xdg);
    else if (home && *home)
        n = snprintf(out, size, "%s/.cache/kiln", home);
    else
        return false;
    if (n < 0 || (size_t)n >= size)
        return false;
    /* the parents first (~/.cache may not exist yet) */
    for (char *p = out + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        mkdir(out, 0700);
        *p = '/';
    }
    return mkdir(out, 0700) == 0 || errno == EEXIST;
}

static bool entry_path(const kn_module *m, const kn_aot_options *o, char *out, size_t size)
{
    char dir[3900];
    if (!cache_dir(dir, sizeof dir))
        return false;
    char key[128];
    snprintf(key, sizeof key, "%s %s %s %d", KN_AOT_VERSION, kn_aot_target(), kn_aot_features(),
             o->opt);
    uint64_t h = kn_aot_hash(m->bytes, m->size, 7);
    uint64_t k = kn_aot_hash((const uint8_t *)key, strlen(key), h);
    int n = snprintf(out, size, "%s/%016" PRIx64 "%016" PRIx64 ".cwasm", dir, h, k);
    return n > 0 && (size_t)n < size;
}

/* A loaded entry whose module is `m`'s; NULL if none fits. */
static kn_module *lookup(const kn_module *m, const char *path)
{
    kn_buf file;
    kn_buf_init(&file);
    kn_module *got = NULL;
    if (kn_buf_read_file(&file, path)) {
        kn_error err;
        kn_error_clear(&err);
        got = kn_aot_load(file.data, file.len, &err);
        if (got && (got->size != m->size || memcmp(got->bytes, m->bytes, m->size) != 0)) {
            kn_aot_module_free(got);
            got = NULL;
        }
    }
    kn_buf_free(&file);
    return got;
}

/* Writes the entry beside its place and renames it there. */
static void store(const char *path, const kn_buf *b)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return;
    bool ok = fwrite(b->data, 1, b->len, f) == b->len;
    ok = fclose(f) == 0 && ok;
    if (!ok || rename(tmp, path) != 0)
        unlink(tmp);
}

kn_module *kn_aot_cached(const kn_module *m, const kn_aot_options *o, kn_error *err)
{
    char path[4096];
    bool cacheable = entry_path(m, o, path, sizeof path);
    if (cacheable) {
        kn_module *hit = lookup(m, path);
        if (hit)
            return hit;
    }
    kn_buf file;
    kn_buf_init(&file);
    kn_module *made = NULL;
    if (kn_aot_compile(m, o, &file, err)) {
        made = kn_aot_load(file.data, file.len, err);
        if (made && cacheable)
            store(path, &file);
    }
    kn_buf_free(&file);
    return made;
}
