/*
 * kiln_wasi.c -- include/wasi.h: a WASI configuration, and the store's
 * WASI context built from it by the WASI layer (src/wasi/wasi.h).
 *
 * Streams reach the WASI layer as host descriptors, which it duplicates:
 * an inherited stream is the process's own descriptor, a file is opened
 * here and closed once the context holds its copy, and stdin bytes are
 * written to an unlinked temporary file. Captured and callback output use
 * the WASI layer's write hooks instead of a descriptor.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../include/wasi.h"
#include "kiln_impl.h"

extern char **environ;

enum stream_kind { STREAM_CLOSED, STREAM_INHERIT, STREAM_FILE, STREAM_BYTES, STREAM_CAPTURE,
                   STREAM_CALLBACK };

typedef struct stream {
    enum stream_kind kind;
    char *path;              /* STREAM_FILE */
    uint8_t *bytes;          /* STREAM_BYTES */
    size_t len;
    wasi_output_fn fn;       /* STREAM_CALLBACK */
    void *data;
} stream;

struct wasi_config_t {
    kn_vec argv;             /* char * */
    kn_vec env;              /* char *, "NAME=VALUE" */
    stream io[3];
    kn_vec preopens;         /* kn_wasi_preopen, strings owned */
};

static void strings_free(kn_vec *v)
{
    char **s = v->items;
    for (size_t i = 0; i < v->len; i++)
        free(s[i]);
    kn_vec_free(v);
}

static void stream_reset(stream *st)
{
    free(st->path);
    free(st->bytes);
    memset(st, 0, sizeof *st);
}

KILN_API wasi_config_t *wasi_config_new(void) { return calloc(1, sizeof(wasi_config_t)); }

KILN_API void wasi_config_delete(wasi_config_t *c)
{
    if (!c)
        return;
    strings_free(&c->argv);
    strings_free(&c->env);
    for (int i = 0; i < 3; i++)
        stream_reset(&c->io[i]);
    kn_wasi_preopen *p = c->preopens.items;
    for (size_t i = 0; i < c->preopens.len; i++) {
        free((char *)p[i].host_path);
        free((char *)p[i].guest_path);
    }
    kn_vec_free(&c->preopens);
    free(c);
}

static bool push_string(kn_vec *v, char *s)
{
    if (s && kn_vec_push(v, sizeof s, &s))
        return true;
    free(s);
    return false;
}

KILN_API bool wasi_config_set_argv(wasi_config_t *c, int argc, const char *const argv[])
{
    strings_free(&c->argv);
    for (int i = 0; i < argc; i++)
        if (!push_string(&c->argv, strdup(argv[i])))
            return false;
    return true;
}

KILN_API bool wasi_config_set_env(wasi_config_t *c, int envc, const char *const names[],
                                  const char *const values[])
{
    strings_free(&c->env);
    for (int i = 0; i < envc; i++)
        if (!push_string(&c->env, kn_wasi_env_entry(names[i], values[i])))
            return false;
    return true;
}

KILN_API bool wasi_config_inherit_env(wasi_config_t *c)
{
    strings_free(&c->env);
    for (char **e = environ; e && *e; e++)
        if (!push_string(&c->env, strdup(*e)))
            return false;
    return true;
}

static bool set_file(stream *st, const char *path)
{
    stream_reset(st);
    st->path = strdup(path);
    st->kind = st->path ? STREAM_FILE : STREAM_CLOSED;
    return st->path != NULL;
}

static void set_kind(stream *st, enum stream_kind kind)
{
    stream_reset(st);
    st->kind = kind;
}

KILN_API void wasi_config_inherit_stdin(wasi_config_t *c) { set_kind(&c->io[0], STREAM_INHERIT); }

KILN_API bool wasi_config_set_stdin_file(wasi_config_t *c, const char *path)
{
    return set_file(&c->io[0], path);
}

KILN_API bool wasi_config_set_stdin_bytes(wasi_config_t *c, const void *bytes, size_t len)
{
    stream *st = &c->io[0];
    set_kind(st, STREAM_BYTES);
    st->bytes = malloc(len ? len : 1);
    if (!st->bytes) {
        st->kind = STREAM_CLOSED;
        return false;
    }
    if (len)
        memcpy(st->bytes, bytes, len);
    st->len = len;
    return true;
}

KILN_API void wasi_config_inherit_stdout(wasi_config_t *c) { set_kind(&c->io[1], STREAM_INHERIT); }
KILN_API void wasi_config_inherit_stderr(wasi_config_t *c) { set_kind(&c->io[2], STREAM_INHERIT); }
KILN_API void wasi_config_capture_stdout(wasi_config_t *c) { set_kind(&c->io[1], STREAM_CAPTURE); }
KILN_API void wasi_config_capture_stderr(wasi_config_t *c) { set_kind(&c->io[2], STREAM_CAPTURE); }

KILN_API bool wasi_config_set_stdout_file(wasi_config_t *c, const char *path)
{
    return set_file(&c->io[1], path);
}

KILN_API bool wasi_config_set_stderr_file(wasi_config_t *c, const char *path)
{
    return set_file(&c->io[2], path);
}

static void set_callback(stream *st, wasi_output_fn fn, void *data)
{
    set_kind(st, STREAM_CALLBACK);
    st->fn = fn;
    st->data = data;
}

KILN_API void wasi_config_set_stdout_callback(wasi_config_t *c, wasi_output_fn fn, void *data)
{
    set_callback(&c->io[1], fn, data);
}

KILN_API void wasi_config_set_stderr_callback(wasi_config_t *c, wasi_output_fn fn, void *data)
{
    set_callback(&c->io[2], fn, data);
}

KILN_API bool wasi_config_preopen_dir(wasi_config_t *c, const char *path, const char *guest_path,
                                      int perms)
{
    kn_wasi_preopen p = {strdup(path), strdup(guest_path), !(perms & WASI_PERMS_WRITE)};
    if (p.host_path && p.guest_path && kn_vec_push(&c->preopens, sizeof p, &p))
        return true;
    free((char *)p.host_path);
    free((char *)p.guest_path);
    return false;
}

/* ---- the store's context ---- */

void ka_wasi_delete(ka_wasi *w)
{
    if (!w)
        return;
    kn_wasi_delete(w->w);
    kn_buf_free(&w->captured[0]);
    kn_buf_free(&w->captured[1]);
    free(w);
}

static bool capture(void *data, const uint8_t *bytes, size_t len)
{
    kn_buf *b = data;
    kn_buf_push(b, bytes, len);
    return !b->failed;
}

/* The WASI layer's write hook for output stream `st` and its *data; NULL
 * when the stream is a descriptor. */
static wasi_output_fn write_hook(const stream *st, kn_buf *captured, void **data)
{
    *data = st->kind == STREAM_CAPTURE ? captured : st->data;
    return st->kind == STREAM_CAPTURE ? capture : st->kind == STREAM_CALLBACK ? st->fn : NULL;
}

/* A host descriptor for stream `fd` (0, 1, 2), or -1 for none; *close_it
 * when it is ours to close once the context has its copy. */
static kiln_error *stream_fd(const stream *st, int fd, int *out, bool *close_it)
{
    *out = -1;
    *close_it = false;
    switch (st->kind) {
    case STREAM_INHERIT:
        *out = fd;
        return NULL;
    case STREAM_FILE:
        *out = fd == 0 ? open(st->path, O_RDONLY | O_CLOEXEC)
                       : open(st->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        break;
    case STREAM_BYTES: {
        FILE *tmp = tmpfile();
        if (tmp && (st->len == 0 || fwrite(st->bytes, 1, st->len, tmp) == st->len) &&
            fflush(tmp) == 0) {
            *out = dup(fileno(tmp));
            if (*out >= 0 && lseek(*out, 0, SEEK_SET) != 0) {
                close(*out);
                *out = -1;
            }
        }
        if (tmp)
            fclose(tmp);
        break;
    }
    default:
        return NULL;
    }
    if (*out < 0)
        return ka_error_usage(KILN_ERROR_IO, "cannot open %s for fd %d: %s",
                              st->path ? st->path : "a temporary file", fd, strerror(errno));
    *close_it = true;
    return NULL;
}

KILN_API kiln_error *kiln_store_set_wasi(kiln_store *s, wasi_config_t *c)
{
    kiln_error *e = NULL;
    ka_wasi *w = NULL;
    int fds[3] = {-1, -1, -1};
    bool close_fd[3] = {false, false, false};
    if (s->wasi)
        e = ka_error_usage(KILN_ERROR_USAGE, "the store already has a WASI context");
    else if (!(w = calloc(1, sizeof *w)))
        e = ka_error_usage(KILN_ERROR_LIMIT, "out of memory");
    for (int i = 0; i < 3 && !e; i++)
        e = stream_fd(&c->io[i], i, &fds[i], &close_fd[i]);
    if (!e) {
        kn_wasi_config kc = {
            .argc = (int)c->argv.len,
            .argv = c->argv.items,
            .envc = (int)c->env.len,
            .envp = c->env.items,
            .npreopens = (uint32_t)c->preopens.len,
            .preopens = c->preopens.items,
            .stdin_fd = fds[0],
            .stdout_fd = fds[1],
            .stderr_fd = fds[2],
        };
        kc.stdout_write = write_hook(&c->io[1], &w->captured[0], &kc.stdout_data);
        kc.stderr_write = write_hook(&c->io[2], &w->captured[1], &kc.stderr_data);
        kn_error err;
        kn_error_clear(&err);
        if (!(w->w = kn_wasi_new(&kc, &err)))
            e = ka_error_from(&err);
    }
    for (int i = 0; i < 3; i++)
        if (close_fd[i])
            close(fds[i]);
    wasi_config_delete(c);
    if (e) {
        ka_wasi_delete(w);
        return e;
    }
    s->wasi = w;
    return NULL;
}

KILN_API kiln_error *kiln_linker_define_wasi(kiln_linker *l)
{
    l->wasi = true;
    return NULL;
}

KILN_API const uint8_t *kiln_store_wasi_output(kiln_store *s, int fd, size_t *len)
{
    *len = 0;
    if (!s->wasi || (fd != 1 && fd != 2) || !s->wasi->captured[fd - 1].len)
        return NULL;
    *len = s->wasi->captured[fd - 1].len;
    return s->wasi->captured[fd - 1].data;
}
