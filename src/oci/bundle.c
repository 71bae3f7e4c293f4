/*
 * bundle.c -- which containers are WebAssembly, and the rewrite of their
 * config.json that makes kiln their process.
 *
 * A container is WebAssembly when
 *   - its annotations say so, with crun's rules: run.oci.handler=wasm, or
 *     wasm-smart and an entrypoint (process.args[0]) whose name ends in
 *     .wasm or .wat; failing run.oci.handler, module.wasm.image/variant=
 *     compat or compat-smart, the same two; or
 *   - its entrypoint, resolved in the container's root as execvp would
 *     (resolve.c), is a file starting with WebAssembly's magic bytes. The
 *     CRI plugin hands the runtime no image annotation, so this is what
 *     makes a plain Kubernetes pod of a wasm image work.
 * A Kubernetes sandbox (io.kubernetes.cri.container-type=sandbox: the
 * pause container) never is, as for crun.
 *
 * The rewrite changes three things and keeps every other field, known or
 * not, in its order (json-c keeps both, and numbers as written):
 *   - process.args becomes kiln's command line:
 *       /.kiln run --inherit-env --dir /::/ --argv0 ARGS[0] -- MODULE ARGS[1..]
 *     so the module sees the container's environment (process.env, which
 *     the runtime gives kiln), its root as the preopen "/", and its args;
 *     kiln starts in process.cwd, where a relative MODULE is found;
 *   - mounts gets a read-only bind mount of the host's static kiln at
 *     /.kiln (nosuid, nodev), in place of any earlier mount there;
 *   - annotations get io.kiln.oci.module=MODULE. With process.args[0]
 *     /.kiln, it marks the bundle as rewritten: a second `create` on it
 *     changes nothing, while a config.json whose args were written anew
 *     since is looked at anew.
 * config.json is replaced by rename(2), so the runtime never reads half
 * of it.
 */
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "oci.h"

/* Where kiln appears in the container. */
#define KILN_MOUNT "/.kiln"
/* The annotation that, with args[0] KILN_MOUNT, marks a rewritten bundle. */
#define MARK "io.kiln.oci.module"

/* config.json larger than this is refused (a real one is a few KiB). */
#define MAX_CONFIG (64u << 20)
/* Nesting deeper than this is refused (a real one nests about 6 deep). */
#define MAX_DEPTH 256

/* A bundle being prepared. */
typedef struct bundle {
    const ko_log *log;
    const char *dir;
    char config[4096];       /* DIR/config.json */
    json_object *spec;       /* the parsed config.json */
} bundle;

/* o[key], NULL when absent or null (Go reads null as absent too). */
static json_object *member(json_object *o, const char *key)
{
    json_object *v = NULL;
    return json_object_object_get_ex(o, key, &v) ? v : NULL;
}

/* json-c's name of type t, with its article: "an array", "a string". */
static void type_name(json_type t, char *out, size_t size)
{
    const char *name = json_type_to_name(t);
    snprintf(out, size, "%s %s", strchr("aeiou", name[0]) ? "an" : "a", name);
}

/* Reports `v` (named `name` in config.json) not being of type `t`. */
static bool is(const bundle *b, json_object *v, json_type t, const char *name)
{
    if (json_object_is_type(v, t))
        return true;
    char got[32], want[32];
    type_name(json_object_get_type(v), got, sizeof got);
    type_name(t, want, sizeof want);
    ko_error(b->log, "%s: %s is %s, not %s", b->config, name, got, want);
    return false;
}

/* annotations[key] as a string: NULL when absent, *ok false (reported)
 * when not a string. */
static const char *annotation(const bundle *b, json_object *annotations, const char *key,
                              bool *ok)
{
    json_object *v = annotations ? member(annotations, key) : NULL;
    if (!v)
        return NULL;
    char name[256];
    snprintf(name, sizeof name, "annotations[\"%s\"]", key);
    if (!is(b, v, json_type_string, name)) {
        *ok = false;
        return NULL;
    }
    return json_object_get_string(v);
}

/* Reads and parses config.json; errors carry the line and column. */
static bool load(bundle *b)
{
    int fd = open(b->config, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        ko_error(b->log, "%s: %s", b->config, strerror(errno));
        return false;
    }
    struct stat st;
    char *text = NULL;
    bool ok = false;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ko_error(b->log, "%s: not a regular file", b->config);
        goto done;
    }
    if (st.st_size > MAX_CONFIG) {
        ko_error(b->log, "%s: %lld bytes, more than the %u MiB kiln-oci reads", b->config,
                 (long long)st.st_size, MAX_CONFIG >> 20);
        goto done;
    }
    size_t len = (size_t)st.st_size;
    if (!(text = malloc(len + 1))) {
        ko_error(b->log, "%s: out of memory", b->config);
        goto done;
    }
    size_t got = 0;
    while (got < len) {
        ssize_t n = read(fd, text + got, len - got);
        if (n <= 0) {
            ko_error(b->log, "%s: %s", b->config, n < 0 ? strerror(errno) : "shorter than its size");
            goto done;
        }
        got += (size_t)n;
    }
    text[len] = '\0';
    json_tokener *tok = json_tokener_new_ex(MAX_DEPTH);
    if (!tok) {
        ko_error(b->log, "%s: out of memory", b->config);
        goto done;
    }
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    b->spec = json_tokener_parse_ex(tok, text, (int)len);
    enum json_tokener_error err = json_tokener_get_error(tok);
    size_t end = json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    if (b->spec && err == json_tokener_success)
        while (end < len && strchr(" \t\r\n", text[end]))
            end++;
    if (!b->spec || err != json_tokener_success || end < len) {
        /* The position: where the tokener stopped, as line:column. */
        size_t line = 1, col = 1;
        for (size_t i = 0; i < end && i < len; i++, col++)
            if (text[i] == '\n')
                line++, col = 0;
        const char *why = err == json_tokener_continue ? "unexpected end of input"
                        : err != json_tokener_success ? json_tokener_error_desc(err)
                        : "text after the JSON value";
        ko_error(b->log, "%s:%zu:%zu: invalid JSON: %s", b->config, line, col, why);
        goto done;
    }
    ok = is(b, b->spec, json_type_object, "the whole file");
done:
    free(text);
    close(fd);
    return ok;
}

/* Writes b->spec over config.json: a temporary file in the bundle, then
 * rename(2), with the old file's permissions. */
static bool save(bundle *b)
{
    struct stat st;
    if (stat(b->config, &st) != 0)
        st.st_mode = 0600;
    const char *text = json_object_to_json_string_ext(
        b->spec, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
    char tmp[sizeof b->config + 16];
    snprintf(tmp, sizeof tmp, "%s.kiln-oci", b->config);
    int fd = text ? open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
                         st.st_mode & 0777) : -1;
    if (fd < 0) {
        ko_error(b->log, "%s: %s", tmp, text ? strerror(errno) : "out of memory");
        return false;
    }
    size_t len = strlen(text), done = 0;
    while (done < len) {
        ssize_t n = write(fd, text + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    int error = done < len ? errno : 0;
    if (close(fd) != 0 && !error)
        error = errno;
    if (!error && rename(tmp, b->config) != 0)
        error = errno;
    if (error) {
        unlink(tmp);
        ko_error(b->log, "%s: cannot write it: %s", b->config, strerror(error));
        return false;
    }
    return true;
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* The handler the annotations ask for, crun's way: run.oci.handler, else
 * module.wasm.image/variant (compat is wasm, compat-smart is wasm-smart).
 * True when it is wasm for this entrypoint. */
static bool annotated_wasm(const char *handler, const char *variant, const char *arg0)
{
    if (!handler && variant)
        handler = strcmp(variant, "compat") == 0 ? "wasm"
                : strcmp(variant, "compat-smart") == 0 ? "wasm-smart" : NULL;
    if (!handler)
        return false;
    if (strcmp(handler, "wasm-smart") == 0)
        return has_suffix(arg0, ".wasm") || has_suffix(arg0, ".wat");
    return strcmp(handler, "wasm") == 0;
}

/* Appends string s to array a; false when out of memory. */
static bool push(json_object *a, const char *s)
{
    json_object *v = json_object_new_string(s);
    if (v && json_object_array_add(a, v) == 0)
        return true;
    json_object_put(v);
    return false;
}

/* o[key], created as an empty object or array (of type t) when absent;
 * NULL after an error (reported). */
static json_object *member_or_new(const bundle *b, json_object *o, const char *key, json_type t)
{
    json_object *v = member(o, key);
    if (v)
        return is(b, v, t, key) ? v : NULL;
    v = t == json_type_array ? json_object_new_array() : json_object_new_object();
    if (!v || json_object_object_add(o, key, v) != 0) {
        json_object_put(v);
        ko_error(b->log, "%s: out of memory", b->config);
        return NULL;
    }
    return v;
}

/* The rewrite described at the top of this file. */
static bool rewrite(bundle *b, json_object *process, json_object *args, const char *module,
                    const char *kiln)
{
    /* config.json's faults first: they are the same whatever the host has. */
    json_object *mounts = member_or_new(b, b->spec, "mounts", json_type_array);
    json_object *annotations = member_or_new(b, b->spec, "annotations", json_type_object);
    if (!mounts || !annotations)
        return false;
    char why[512];
    if (!ko_is_static_elf(kiln, why, sizeof why)) {
        ko_error(b->log, "kiln binary: %s", why);
        return false;
    }
    /* An earlier rewrite's mount goes (the config was written anew since). */
    for (size_t i = json_object_array_length(mounts); i-- > 0;) {
        json_object *m = json_object_array_get_idx(mounts, i);
        json_object *dest = json_object_is_type(m, json_type_object) ? member(m, "destination") : NULL;
        if (dest && json_object_is_type(dest, json_type_string) &&
            strcmp(json_object_get_string(dest), KILN_MOUNT) == 0)
            json_object_array_del_idx(mounts, i, 1);
    }
    json_object *kargs = json_object_new_array();
    json_object *mount = json_object_new_object();
    json_object *options = json_object_new_array();
    bool ok = kargs && mount && options;
    static const char *const head[] = {KILN_MOUNT, "run", "--inherit-env", "--dir", "/::/",
                                       "--argv0"};
    for (size_t i = 0; ok && i < sizeof head / sizeof head[0]; i++)
        ok = push(kargs, head[i]);
    ok = ok && push(kargs, json_object_get_string(json_object_array_get_idx(args, 0))) &&
         push(kargs, "--") && push(kargs, module);
    size_t nargs = json_object_array_length(args);
    for (size_t i = 1; ok && i < nargs; i++)
        ok = push(kargs, json_object_get_string(json_object_array_get_idx(args, i)));
    static const char *const mount_options[] = {"bind", "ro", "nosuid", "nodev"};
    for (size_t i = 0; ok && i < sizeof mount_options / sizeof mount_options[0]; i++)
        ok = push(options, mount_options[i]);
    ok = ok && json_object_object_add(mount, "destination", json_object_new_string(KILN_MOUNT)) == 0 &&
         json_object_object_add(mount, "type", json_object_new_string("bind")) == 0 &&
         json_object_object_add(mount, "source", json_object_new_string(kiln)) == 0 &&
         json_object_object_add(mount, "options", options) == 0;
    if (ok)
        options = NULL;   /* the mount owns it */
    ok = ok && json_object_array_add(mounts, mount) == 0;
    if (ok)
        mount = NULL;
    ok = ok && json_object_object_add(process, "args", kargs) == 0;
    if (ok)
        kargs = NULL;
    ok = ok && json_object_object_add(annotations, MARK, json_object_new_string(module)) == 0;
    json_object_put(kargs);
    json_object_put(mount);
    json_object_put(options);
    if (!ok) {
        ko_error(b->log, "%s: out of memory", b->config);
        return false;
    }
    return save(b);
}

/* Reads what deciding needs, checking the types of what it reads, then
 * decides and rewrites. */
static bool prepare(bundle *b, const char *kiln)
{
    bool ok = true;
    json_object *annotations = member(b->spec, "annotations");
    if (annotations && !is(b, annotations, json_type_object, "annotations"))
        return false;
    const char *type = annotation(b, annotations, "io.kubernetes.cri.container-type", &ok);
    const char *handler = annotation(b, annotations, "run.oci.handler", &ok);
    const char *variant = annotation(b, annotations, "module.wasm.image/variant", &ok);
    const char *mark = annotation(b, annotations, MARK, &ok);
    if (!ok)
        return false;
    if (type && strcmp(type, "sandbox") == 0)
        return true;   /* the pod's pause container */

    json_object *process = member(b->spec, "process");
    if (!process) {
        ko_error(b->log, "%s: process is missing", b->config);
        return false;
    }
    if (!is(b, process, json_type_object, "process"))
        return false;
    json_object *args = member(process, "args");
    if (args && !is(b, args, json_type_array, "process.args"))
        return false;
    size_t nargs = args ? json_object_array_length(args) : 0;
    if (nargs == 0) {
        ko_error(b->log, "%s: process.args is missing or empty", b->config);
        return false;
    }
    for (size_t i = 0; i < nargs; i++) {
        char name[64];
        snprintf(name, sizeof name, "process.args[%zu]", i);
        if (!is(b, json_object_array_get_idx(args, i), json_type_string, name))
            return false;
    }
    const char *arg0 = json_object_get_string(json_object_array_get_idx(args, 0));
    if (mark && strcmp(arg0, KILN_MOUNT) == 0)
        return true;   /* rewritten already */
    const char *cwd = "/", *path = NULL;
    json_object *v = member(process, "cwd");
    if (v && !is(b, v, json_type_string, "process.cwd"))
        return false;
    if (v)
        cwd = json_object_get_string(v);
    json_object *env = member(process, "env");
    if (env && !is(b, env, json_type_array, "process.env"))
        return false;
    size_t nenv = env ? json_object_array_length(env) : 0;
    for (size_t i = 0; i < nenv; i++) {
        char name[64];
        snprintf(name, sizeof name, "process.env[%zu]", i);
        json_object *e = json_object_array_get_idx(env, i);
        if (!is(b, e, json_type_string, name))
            return false;
        if (strncmp(json_object_get_string(e), "PATH=", 5) == 0)
            path = json_object_get_string(e) + 5;
    }
    json_object *root = member(b->spec, "root");
    if (!root) {
        ko_error(b->log, "%s: root is missing", b->config);
        return false;
    }
    if (!is(b, root, json_type_object, "root"))
        return false;
    json_object *rootpath = member(root, "path");
    if (!rootpath) {
        ko_error(b->log, "%s: root.path is missing", b->config);
        return false;
    }
    if (!is(b, rootpath, json_type_string, "root.path"))
        return false;

    /* The root: relative to the bundle, or absolute. */
    const char *rp = json_object_get_string(rootpath);
    char rootdir[8192];
    if ((size_t)snprintf(rootdir, sizeof rootdir, "%s%s%s", rp[0] == '/' ? "" : b->dir,
                         rp[0] == '/' ? "" : "/", rp) >= sizeof rootdir) {
        ko_error(b->log, "%s: root.path is too long", b->config);
        return false;
    }
    int rootfd = open(rootdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0) {
        ko_error(b->log, "%s: root.path %s: %s", b->config, rootdir, strerror(errno));
        return false;
    }
    ko_entry entry;
    bool resolved = ko_resolve_entry(rootfd, cwd, path, arg0, &entry);
    close(rootfd);
    if (!resolved) {
        ko_error(b->log, "out of memory");
        return false;
    }
    bool wasm = annotated_wasm(handler, variant, arg0);
    if (wasm && !entry.found)
        ko_error(b->log, "the WebAssembly entrypoint %s is not in the container's root: %s",
                 arg0, entry.why);
    else if (wasm || entry.wasm)
        ok = rewrite(b, process, args, entry.path, kiln);
    /* Otherwise a native container, or an entrypoint the runtime will
     * report itself: untouched. */
    free(entry.path);
    return ok && (!wasm || entry.found);
}

bool ko_prepare_bundle(const ko_log *log, const char *dir, const char *kiln)
{
    bundle b = {.log = log, .dir = dir, .spec = NULL};
    if ((size_t)snprintf(b.config, sizeof b.config, "%s/config.json", dir) >= sizeof b.config) {
        ko_error(log, "the bundle's path is too long: %s", dir);
        return false;
    }
    bool ok = load(&b) && prepare(&b, kiln);
    json_object_put(b.spec);
    return ok;
}
