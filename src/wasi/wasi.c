/*
 * wasi.c -- a guest's instance of WASI: creation from a configuration, the
 * tables of the two modules' functions (wasi_snapshot_preview1 and
 * wasi_unstable), the host-function trampoline, and the functions that
 * touch no descriptor: arguments, environment, exit, signals, yield and
 * randomness.
 *
 * Function signatures are the witx ones lowered to core wasm: handles,
 * sizes, pointers and enums are i32, 64-bit integers i64, and every
 * function but proc_exit returns its errno as an i32.
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/random.h>
#endif

/* wasi_snapshot_preview1, in witx order. */
static const kn_wasi_def preview1[] = {
    {"args_get", "ii", true, kw_args_get},
    {"args_sizes_get", "ii", true, kw_args_sizes_get},
    {"environ_get", "ii", true, kw_environ_get},
    {"environ_sizes_get", "ii", true, kw_environ_sizes_get},
    {"clock_res_get", "ii", true, kw_clock_res_get},
    {"clock_time_get", "iIi", true, kw_clock_time_get},
    {"fd_advise", "iIIi", true, kw_fd_advise},
    {"fd_allocate", "iII", true, kw_fd_allocate},
    {"fd_close", "i", true, kw_fd_close},
    {"fd_datasync", "i", true, kw_fd_datasync},
    {"fd_fdstat_get", "ii", true, kw_fd_fdstat_get},
    {"fd_fdstat_set_flags", "ii", true, kw_fd_fdstat_set_flags},
    {"fd_fdstat_set_rights", "iII", true, kw_fd_fdstat_set_rights},
    {"fd_filestat_get", "ii", true, kw_fd_filestat_get},
    {"fd_filestat_set_size", "iI", true, kw_fd_filestat_set_size},
    {"fd_filestat_set_times", "iIIi", true, kw_fd_filestat_set_times},
    {"fd_pread", "iiiIi", true, kw_fd_pread},
    {"fd_prestat_get", "ii", true, kw_fd_prestat_get},
    {"fd_prestat_dir_name", "iii", true, kw_fd_prestat_dir_name},
    {"fd_pwrite", "iiiIi", true, kw_fd_pwrite},
    {"fd_read", "iiii", true, kw_fd_read},
    {"fd_readdir", "iiiIi", true, kw_fd_readdir},
    {"fd_renumber", "ii", true, kw_fd_renumber},
    {"fd_seek", "iIii", true, kw_fd_seek},
    {"fd_sync", "i", true, kw_fd_sync},
    {"fd_tell", "ii", true, kw_fd_tell},
    {"fd_write", "iiii", true, kw_fd_write},
    {"path_create_directory", "iii", true, kw_path_create_directory},
    {"path_filestat_get", "iiiii", true, kw_path_filestat_get},
    {"path_filestat_set_times", "iiiiIIi", true, kw_path_filestat_set_times},
    {"path_link", "iiiiiii", true, kw_path_link},
    {"path_open", "iiiiiIIii", true, kw_path_open},
    {"path_readlink", "iiiiii", true, kw_path_readlink},
    {"path_remove_directory", "iii", true, kw_path_remove_directory},
    {"path_rename", "iiiiii", true, kw_path_rename},
    {"path_symlink", "iiiii", true, kw_path_symlink},
    {"path_unlink_file", "iii", true, kw_path_unlink_file},
    {"poll_oneoff", "iiii", true, kw_poll_oneoff},
    {"proc_exit", "i", false, kw_proc_exit},
    {"proc_raise", "i", true, kw_proc_raise},
    {"sched_yield", "", true, kw_sched_yield},
    {"random_get", "ii", true, kw_random_get},
    {"sock_accept", "iii", true, kw_sock_accept},
    {"sock_recv", "iiiiii", true, kw_sock_recv},
    {"sock_send", "iiiii", true, kw_sock_send},
    {"sock_shutdown", "ii", true, kw_sock_shutdown},
};

enum { NPREVIEW1 = sizeof preview1 / sizeof preview1[0] };

/* wasi_unstable has the same functions with the same signatures, less
 * sock_accept (added in preview1). The functions whose memory layouts
 * differ (fd_seek, fd_filestat_get, path_filestat_get, poll_oneoff) ask
 * kn_wasi_call.unstable; unstable.c holds the differences. */
static bool in_unstable(const kn_wasi_def *d)
{
    return strcmp(d->name, "sock_accept") != 0;
}

static const char *const module_names[2] = {"wasi_snapshot_preview1", "wasi_unstable"};

static kn_trap_code trampoline(kn_store *s, void *env, const kn_value *args,
                               kn_value *results)
{
    const kn_wasi_binding *b = env;
    kn_meminst *m = b->w->memory;
    kn_wasi_call c = {b->w, s, m ? m->data : NULL, m ? m->size : 0, b->unstable};
    uint32_t r = b->def->fn(&c, args);
    if (r & KW_TRAP(0))
        return (kn_trap_code)(r & 0xffff);
    if (b->def->has_result)
        results[0].i32 = r;
    return KN_TRAP_NONE;
}

/* The index of `imp`'s module in module_names, or -1. */
static int module_index(const kn_import *imp)
{
    for (int i = 0; i < 2; i++)
        if (imp->module.len == strlen(module_names[i])
            && memcmp(imp->module.data, module_names[i], imp->module.len) == 0)
            return i;
    return -1;
}

bool kn_wasi_is_module(const kn_import *imp)
{
    return module_index(imp) >= 0;
}

bool kn_wasi_resolve(kn_wasi *w, kn_store *s, const kn_import *imp, kn_extern *out)
{
    int module = module_index(imp);
    if (imp->kind != KN_EXTERN_FUNC || module < 0)
        return false;
    for (uint32_t i = 0; i < NPREVIEW1; i++) {
        const kn_wasi_def *d = &preview1[i];
        if (imp->name.len != strlen(d->name)
            || memcmp(imp->name.data, d->name, imp->name.len) != 0)
            continue;
        if (module == 1 && !in_unstable(d))
            return false;
        kn_valtype params[16], result = KN_I32;
        uint32_t np = (uint32_t)strlen(d->params);
        for (uint32_t p = 0; p < np; p++)
            params[p] = d->params[p] == 'I' ? KN_I64 : KN_I32;
        kn_functype type = {np, d->has_result ? 1 : 0, params, &result};
        /* A new function instance per import: a kn_wasi may serve
         * several stores in turn, and caching instances by store address
         * could hand out one of a freed store's. */
        kn_funcinst *f = kn_func_new_host(s, &type, trampoline,
                                          &w->bindings[module * NPREVIEW1 + i]);
        if (!f)
            return false;
        out->kind = KN_EXTERN_FUNC;
        out->of.func = f;
        return true;
    }
    return false;
}

void kn_wasi_set_memory(kn_wasi *w, kn_meminst *memory)
{
    w->memory = memory;
}

/* Copies `n` strings; *size gets their bytes with NULs. */
static char **copy_strings(int n, const char *const *src, uint32_t *size)
{
    char **dst = calloc(n > 0 ? (size_t)n : 1, sizeof *dst);
    if (!dst)
        return NULL;
    uint64_t total = 0;
    for (int i = 0; i < n; i++) {
        dst[i] = strdup(src[i]);
        if (!dst[i]) {
            while (i-- > 0)
                free(dst[i]);
            free(dst);
            return NULL;
        }
        total += strlen(src[i]) + 1;
    }
    *size = total > UINT32_MAX ? UINT32_MAX : (uint32_t)total;
    return dst;
}

/* Enters host descriptor `host` (borrowed: it is duplicated) as stdio
 * slot `slot`, which is free; a negative host descriptor leaves it closed.
 * With a sink, the slot is an output to it instead (see kn_wasi_fd.sink). */
static bool add_stdio(kn_wasi *w, uint32_t slot, int host,
                      bool (*sink)(void *, const uint8_t *, size_t), void *sink_data,
                      kn_error *err)
{
    if (sink) {
        int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (fd < 0)
            return kn_error_set(err, KN_ERR_IO, "cannot open /dev/null: %s", strerror(errno));
        w->fds[slot] = (kn_wasi_fd){.host = fd, .filetype = KW_FILETYPE_CHARACTER_DEVICE,
                                    .base = KW_RIGHTS_TTY & ~KW_R_FD_READ,
                                    .sink = sink, .sink_data = sink_data};
        return true;
    }
    if (host < 0)
        return true;
    int fd = fcntl(host, F_DUPFD_CLOEXEC, 0);
    if (fd < 0)
        return kn_error_set(err, KN_ERR_IO, "cannot use descriptor %d: %s", host,
                            strerror(errno));
    kw_fd_inherit(&w->fds[slot], fd);
    return true;
}

char *kn_wasi_env_entry(const char *name, const char *value)
{
    size_t n = strlen(name), v = strlen(value);
    char *s = malloc(n + v + 2);
    if (s) {
        memcpy(s, name, n);
        s[n] = '=';
        memcpy(s + n + 1, value, v + 1);
    }
    return s;
}

kn_wasi *kn_wasi_new(const kn_wasi_config *cfg, kn_error *err)
{
    kn_wasi *w = calloc(1, sizeof *w);
    if (!w)
        goto oom;
    w->bindings = calloc(2 * NPREVIEW1, sizeof *w->bindings);
    uint32_t nfds = 3 + cfg->npreopens + cfg->nlisteners;
    w->fds = calloc(nfds, sizeof *w->fds);
    if (!w->bindings || !w->fds)
        goto oom;
    w->nfds = nfds;
    for (uint32_t i = 0; i < nfds; i++)
        w->fds[i].host = -1;
    for (uint32_t i = 0; i < 2 * NPREVIEW1; i++) {
        w->bindings[i].w = w;
        w->bindings[i].def = &preview1[i % NPREVIEW1];
        w->bindings[i].unstable = i >= NPREVIEW1;
    }
    w->argc = cfg->argc > 0 ? (uint32_t)cfg->argc : 0;
    w->argv = copy_strings((int)w->argc, cfg->argv, &w->argv_size);
    w->envc = cfg->envc > 0 ? (uint32_t)cfg->envc : 0;
    w->envp = copy_strings((int)w->envc, cfg->envp, &w->env_size);
    if (!w->argv || !w->envp)
        goto oom;

    if (!add_stdio(w, 0, cfg->stdin_fd, NULL, NULL, err)
        || !add_stdio(w, 1, cfg->stdout_fd, cfg->stdout_write, cfg->stdout_data, err)
        || !add_stdio(w, 2, cfg->stderr_fd, cfg->stderr_write, cfg->stderr_data, err))
        goto fail;
    for (uint32_t i = 0; i < cfg->npreopens; i++) {
        const kn_wasi_preopen *p = &cfg->preopens[i];
        kn_wasi_fd *f = &w->fds[3 + i];
        int fd = open(p->host_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) {
            kn_error_set(err, KN_ERR_IO, "cannot open directory '%s': %s", p->host_path,
                         strerror(errno));
            goto fail;
        }
        uint64_t withheld = p->readonly ? KW_RIGHTS_WRITING : 0;
        *f = (kn_wasi_fd){.host = fd, .filetype = KW_FILETYPE_DIRECTORY,
                          .base = KW_RIGHTS_DIR & ~withheld,
                          .inheriting = KW_RIGHTS_ALL & ~withheld};
        f->preopen = strdup(p->guest_path);
        if (!f->preopen)
            goto oom;
    }
    for (uint32_t i = 0; i < cfg->nlisteners; i++) {
        /* The listener becomes non-blocking, so an accept after poll()
         * never blocks (wait.c): it is the caller's own socket, handed
         * over, not a description shared with the world. */
        int fd = fcntl(cfg->listener_fds[i], F_DUPFD_CLOEXEC, 0);
        int fl = fd < 0 ? -1 : fcntl(fd, F_GETFL);
        if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) != 0) {
            kn_error_set(err, KN_ERR_IO, "cannot use socket %d: %s", cfg->listener_fds[i],
                         strerror(errno));
            if (fd >= 0)
                close(fd);
            goto fail;
        }
        w->fds[3 + cfg->npreopens + i] = (kn_wasi_fd){
            .host = fd, .filetype = KW_FILETYPE_SOCKET_STREAM,
            .base = KW_RIGHTS_SOCKET, .inheriting = KW_RIGHTS_SOCKET};
    }
    return w;
oom:
    kn_error_set(err, KN_ERR_LIMIT, "out of memory");
fail:
    kn_wasi_delete(w);
    return NULL;
}

void kn_wasi_delete(kn_wasi *w)
{
    if (!w)
        return;
    for (uint32_t i = 0; i < w->argc && w->argv; i++)
        free(w->argv[i]);
    for (uint32_t i = 0; i < w->envc && w->envp; i++)
        free(w->envp[i]);
    free(w->argv);
    free(w->envp);
    for (uint32_t i = 0; i < w->nfds; i++)
        kw_fd_release(&w->fds[i]);
    free(w->fds);
    free(w->bindings);
    free(w);
}

bool kw_out32(kn_wasi_call *c, uint32_t ptr, uint32_t v)
{
    uint8_t *p = kw_mem(c, ptr, 4);
    if (p)
        kw_put32(p, v);
    return p != NULL;
}

bool kw_out64(kn_wasi_call *c, uint32_t ptr, uint64_t v)
{
    uint8_t *p = kw_mem(c, ptr, 8);
    if (p)
        kw_put64(p, v);
    return p != NULL;
}

/* args_get and environ_get: an array of pointers to NUL-terminated
 * strings packed into a buffer, both at guest addresses. Everything is
 * checked before anything is written. */
static uint32_t put_strings(kn_wasi_call *c, uint32_t n, char **strs, uint32_t size,
                            uint32_t array, uint32_t buf)
{
    uint8_t *a = kw_mem(c, array, (uint64_t)n * 4);
    uint8_t *b = kw_mem(c, buf, size);
    if (!a || !b)
        return KW_EFAULT;
    uint32_t off = 0;
    for (uint32_t i = 0; i < n; i++) {
        size_t len = strlen(strs[i]) + 1;
        kw_put32(a + 4 * i, buf + off);   /* < 2^32: buf + size is inside memory */
        memcpy(b + off, strs[i], len);
        off += (uint32_t)len;
    }
    return KW_ESUCCESS;
}

static uint32_t put_sizes(kn_wasi_call *c, uint32_t n, uint32_t size, uint32_t n_ptr,
                          uint32_t size_ptr)
{
    if (!kw_mem(c, n_ptr, 4) || !kw_mem(c, size_ptr, 4))
        return KW_EFAULT;
    kw_out32(c, n_ptr, n);
    kw_out32(c, size_ptr, size);
    return KW_ESUCCESS;
}

KW_FN(args_get)
{
    return put_strings(c, c->w->argc, c->w->argv, c->w->argv_size, a[0].i32, a[1].i32);
}

KW_FN(args_sizes_get)
{
    return put_sizes(c, c->w->argc, c->w->argv_size, a[0].i32, a[1].i32);
}

KW_FN(environ_get)
{
    return put_strings(c, c->w->envc, c->w->envp, c->w->env_size, a[0].i32, a[1].i32);
}

KW_FN(environ_sizes_get)
{
    return put_sizes(c, c->w->envc, c->w->env_size, a[0].i32, a[1].i32);
}

KW_FN(proc_exit)
{
    c->store->trap.exit_code = (int)a[0].i32;
    return KW_TRAP(KN_TRAP_EXIT);
}

/* proc_raise: a guest has no handlers kiln could run, so each signal takes
 * its default action as witx lists it: "ignored" and "stops/continues"
 * signals return success; "terminates the process" ends the program with a
 * trap naming the signal. */
KW_FN(proc_raise)
{
    static const char *const names[31] = {
        "NONE", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL",
        "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "CHLD", "CONT", "STOP",
        "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH",
        "POLL", "PWR", "SYS"};
    uint32_t sig = a[0].i32;
    if (sig > 30)
        return KW_EINVAL;
    switch (sig) {
    case 0: case 13: case 16: case 17: case 18: case 19: case 20: case 21:
    case 22: case 27:
        return KW_ESUCCESS;   /* NONE; PIPE, CHLD, URG, WINCH ignored; stop/continue */
    default:
        kn_trap_host(c->store, "terminated by signal SIG%s (proc_raise)", names[sig]);
        return KW_TRAP(KN_TRAP_HOST);
    }
}

KW_FN(sched_yield)
{
    (void)a;
    (void)c;
    sched_yield();
    return KW_ESUCCESS;
}

/* random_get: the OS's generator (getrandom on Linux, /dev/urandom
 * elsewhere), straight into guest memory. */
KW_FN(random_get)
{
    uint32_t len = a[1].i32;
    uint8_t *p = kw_mem(c, a[0].i32, len);
    if (!p)
        return KW_EFAULT;
    uint32_t err = kw_fuel(c, len);
    if (err != KW_ESUCCESS)
        return err;
#if defined(__linux__)
    while (len > 0) {
        ssize_t n = getrandom(p, len, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? kw_errno(errno) : KW_EIO;
        p += n;
        len -= (uint32_t)n;
    }
    return KW_ESUCCESS;
#else
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return kw_errno(errno);
    while (len > 0) {
        ssize_t n = read(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            uint32_t e = n < 0 ? kw_errno(errno) : KW_EIO;
            close(fd);
            return e;
        }
        p += n;
        len -= (uint32_t)n;
    }
    close(fd);
    return KW_ESUCCESS;
#endif
}

uint32_t kw_fuel(kn_wasi_call *c, uint64_t bytes)
{
    kn_store *s = c->store;
    uint64_t cost = bytes >> KN_BULK_FUEL_SHIFT;
    if (!s->fuel_enabled)
        return KW_ESUCCESS;
    if (s->fuel < cost) {
        s->fuel = 0;
        return KW_TRAP(KN_TRAP_OUT_OF_FUEL);
    }
    s->fuel -= cost;
    return KW_ESUCCESS;
}

void kw_fuel_return(kn_wasi_call *c, uint64_t asked, uint64_t moved)
{
    if (c->store->fuel_enabled)
        c->store->fuel += (asked >> KN_BULK_FUEL_SHIFT) - (moved >> KN_BULK_FUEL_SHIFT);
}

uint32_t kw_errno(int e)
{
    switch (e) {
    case 0: return KW_ESUCCESS;
    case E2BIG: return KW_E2BIG;
    case EACCES: return KW_EACCES;
    case EADDRINUSE: return KW_EADDRINUSE;
    case EADDRNOTAVAIL: return KW_EADDRNOTAVAIL;
    case EAFNOSUPPORT: return KW_EAFNOSUPPORT;
    case EAGAIN: return KW_EAGAIN;
#if EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK: return KW_EAGAIN;
#endif
    case EALREADY: return KW_EALREADY;
    case EBADF: return KW_EBADF;
    case EBADMSG: return KW_EBADMSG;
    case EBUSY: return KW_EBUSY;
    case ECANCELED: return KW_ECANCELED;
    case ECHILD: return KW_ECHILD;
    case ECONNABORTED: return KW_ECONNABORTED;
    case ECONNREFUSED: return KW_ECONNREFUSED;
    case ECONNRESET: return KW_ECONNRESET;
    case EDEADLK: return KW_EDEADLK;
    case EDESTADDRREQ: return KW_EDESTADDRREQ;
    case EDOM: return KW_EDOM;
    case EDQUOT: return KW_EDQUOT;
    case EEXIST: return KW_EEXIST;
    case EFAULT: return KW_EFAULT;
    case EFBIG: return KW_EFBIG;
    case EHOSTUNREACH: return KW_EHOSTUNREACH;
    case EIDRM: return KW_EIDRM;
    case EILSEQ: return KW_EILSEQ;
    case EINPROGRESS: return KW_EINPROGRESS;
    case EINTR: return KW_EINTR;
    case EINVAL: return KW_EINVAL;
    case EIO: return KW_EIO;
    case EISCONN: return KW_EISCONN;
    case EISDIR: return KW_EISDIR;
    case ELOOP: return KW_ELOOP;
    case EMFILE: return KW_EMFILE;
    case EMLINK: return KW_EMLINK;
    case EMSGSIZE: return KW_EMSGSIZE;
    case EMULTIHOP: return KW_EMULTIHOP;
    case ENAMETOOLONG: return KW_ENAMETOOLONG;
    case ENETDOWN: return KW_ENETDOWN;
    case ENETRESET: return KW_ENETRESET;
    case ENETUNREACH: return KW_ENETUNREACH;
    case ENFILE: return KW_ENFILE;
    case ENOBUFS: return KW_ENOBUFS;
    case ENODEV: return KW_ENODEV;
    case ENOENT: return KW_ENOENT;
    case ENOEXEC: return KW_ENOEXEC;
    case ENOLCK: return KW_ENOLCK;
    case ENOLINK: return KW_ENOLINK;
    case ENOMEM: return KW_ENOMEM;
    case ENOMSG: return KW_ENOMSG;
    case ENOPROTOOPT: return KW_ENOPROTOOPT;
    case ENOSPC: return KW_ENOSPC;
    case ENOSYS: return KW_ENOSYS;
    case ENOTCONN: return KW_ENOTCONN;
    case ENOTDIR: return KW_ENOTDIR;
    case ENOTEMPTY: return KW_ENOTEMPTY;
    case ENOTRECOVERABLE: return KW_ENOTRECOVERABLE;
    case ENOTSOCK: return KW_ENOTSOCK;
    case ENOTSUP: return KW_ENOTSUP;
#if EOPNOTSUPP != ENOTSUP
    case EOPNOTSUPP: return KW_ENOTSUP;
#endif
    case ENOTTY: return KW_ENOTTY;
    case ENXIO: return KW_ENXIO;
    case EOVERFLOW: return KW_EOVERFLOW;
    case EOWNERDEAD: return KW_EOWNERDEAD;
    case EPERM: return KW_EPERM;
    case EPIPE: return KW_EPIPE;
    case EPROTO: return KW_EPROTO;
    case EPROTONOSUPPORT: return KW_EPROTONOSUPPORT;
    case EPROTOTYPE: return KW_EPROTOTYPE;
    case ERANGE: return KW_ERANGE;
    case EROFS: return KW_EROFS;
    case ESPIPE: return KW_ESPIPE;
    case ESRCH: return KW_ESRCH;
    case ESTALE: return KW_ESTALE;
    case ETIMEDOUT: return KW_ETIMEDOUT;
    case ETXTBSY: return KW_ETXTBSY;
    case EXDEV: return KW_EXDEV;
    default: return KW_EIO;
    }
}
