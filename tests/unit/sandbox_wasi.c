/*
 * sandbox_wasi.c -- the WASI host API (src/wasi/wasi.h) driven directly,
 * without a guest: read-only preopens, the limits of path resolution, the
 * resolution of imports, proc_exit, and guest addresses without a memory.
 * The attacks from real WASI programs are tests/suites/wasi_sandbox.sh.
 */
#define _GNU_SOURCE 1
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "interp/interp.h"
#include "runtime/runtime.h"
#include "wasi/wasi.h"

/* The engine every store of this program is made from. */
static kn_engine *engine;

enum {
    ENOTDIR_ = 54, EFAULT_ = 21, ENOTCAPABLE_ = 76, ENAMETOOLONG_ = 37, ESUCCESS_ = 0,
    R_FD_READ = 1 << 1, R_FD_WRITE = 1 << 6, OFLAG_CREAT = 1, OFLAG_DIRECTORY = 2
};

/* CHECK with both values shown on failure. */
#define CHECK_EQ(got, want)                                                         \
    do {                                                                            \
        long long got_ = (long long)(got), want_ = (long long)(want);               \
        CHECK(got_ == want_);                                                       \
        if (got_ != want_)                                                          \
            fprintf(stderr, "    got %lld, want %lld\n", got_, want_);            \
    } while (0)

typedef struct env {
    kn_wasi *w;
    kn_store *s;
    kn_meminst *mem;
} env;

/* The host function `name` of module `module`, or NULL. */
static kn_funcinst *wasi_func(env *e, const char *module, const char *name)
{
    kn_import imp = {{module, (uint32_t)strlen(module)}, {name, (uint32_t)strlen(name)},
                     KN_EXTERN_FUNC, {0}};
    kn_extern ex;
    return kn_wasi_resolve(e->w, e->s, &imp, &ex) ? ex.of.func : NULL;
}

/* Calls preview1's `name` with i32/i64 arguments given as uint64_t; the
 * result is its errno, or 1000 + a trap code. */
static uint32_t call(env *e, const char *name, int n, const uint64_t *args)
{
    kn_funcinst *f = wasi_func(e, "wasi_snapshot_preview1", name);
    if (!f)
        return 9999;
    kn_value v[10], r[1];
    memset(v, 0, sizeof v);
    for (int i = 0; i < n; i++) {
        if (f->type->params[i] == KN_I64)
            v[i].i64 = args[i];
        else
            v[i].i32 = (uint32_t)args[i];
    }
    r[0].i32 = 12345;
    kn_trap_code t = f->host(e->s, f->host_env, v, r);
    return t != KN_TRAP_NONE ? 1000 + (uint32_t)t : r[0].i32;
}

/* Puts a string in guest memory at `at`; returns its address. */
static uint64_t put(env *e, uint32_t at, const char *s)
{
    memcpy(e->mem->data + at, s, strlen(s));
    return at;
}

/* path_open(dirfd, path, oflags, base) through the guest memory. */
static uint32_t open_path(env *e, uint32_t dirfd, const char *path, uint32_t oflags,
                          uint64_t base)
{
    uint64_t a[9] = {dirfd, 0, put(e, 100, path), strlen(path), oflags, base, base, 0, 16};
    return call(e, "path_open", 9, a);
}

static uint32_t path_call(env *e, const char *name, uint32_t dirfd, const char *path)
{
    uint64_t a[3] = {dirfd, put(e, 100, path), strlen(path)};
    return call(e, name, 3, a);
}

int main(void)
{
    engine = kn_engine_new(&kn_interp_tier);
    char root[] = "/tmp/kiln-sandbox-XXXXXX";
    CHECK(mkdtemp(root) != NULL);
    char path[4096];
    snprintf(path, sizeof path, "%s/file.txt", root);
    int fd = open(path, O_WRONLY | O_CREAT, 0644);
    CHECK(fd >= 0 && write(fd, "data", 4) == 4);
    close(fd);

    /* fd 3: the tree read-only; fd 4: the same, writable. */
    kn_wasi_preopen pre[2] = {{root, "/ro", true}, {root, "/rw", false}};
    const char *argv[1] = {"prog"};
    kn_wasi_config cfg = {.argc = 1, .argv = argv, .npreopens = 2, .preopens = pre,
                          .stdin_fd = -1, .stdout_fd = -1, .stderr_fd = -1};
    kn_error err;
    env e = {0};
    e.w = kn_wasi_new(&cfg, &err);
    e.s = kn_store_new(engine);
    kn_memtype mt = {{1, 1, true}};
    e.mem = kn_memory_new(e.s, &mt);
    CHECK(e.w && e.s && e.mem);

    /* No memory yet: every guest address is out of bounds. */
    uint64_t sizes[2] = {0, 4};
    CHECK_EQ(call(&e, "args_sizes_get", 2, sizes), EFAULT_);
    kn_wasi_set_memory(e.w, e.mem);
    CHECK_EQ(call(&e, "args_sizes_get", 2, sizes), ESUCCESS_);
    CHECK(memcmp(e.mem->data, "\1\0\0\0\5\0\0\0", 8) == 0);

    /* Read-only: reading works; writing, creating, removing do not. */
    CHECK_EQ(open_path(&e, 3, "file.txt", 0, R_FD_READ), ESUCCESS_);
    CHECK_EQ(open_path(&e, 3, "file.txt", 0, R_FD_READ | R_FD_WRITE), ENOTCAPABLE_);
    CHECK_EQ(open_path(&e, 3, "new.txt", OFLAG_CREAT, R_FD_READ), ENOTCAPABLE_);
    CHECK_EQ(path_call(&e, "path_create_directory", 3, "d"), ENOTCAPABLE_);
    CHECK_EQ(path_call(&e, "path_unlink_file", 3, "file.txt"), ENOTCAPABLE_);
    uint64_t ren[6] = {3, put(&e, 100, "file.txt"), 8, 3, put(&e, 200, "moved"), 5};
    CHECK_EQ(call(&e, "path_rename", 6, ren), ENOTCAPABLE_);
    /* ... and a directory opened through it inherits the restriction. */
    CHECK_EQ(open_path(&e, 3, ".", OFLAG_DIRECTORY, (uint64_t)1 << 13), ESUCCESS_);
    uint32_t sub = e.mem->data[16];
    CHECK_EQ(open_path(&e, sub, "file.txt", 0, R_FD_WRITE), ENOTCAPABLE_);
    uint64_t stat_args[2] = {sub, 300};
    CHECK_EQ(call(&e, "fd_fdstat_get", 2, stat_args), ESUCCESS_);
    uint64_t inheriting;
    memcpy(&inheriting, e.mem->data + 316, 8);
    CHECK((inheriting & R_FD_WRITE) == 0);
    /* The writable preopen of the same tree can. */
    CHECK_EQ(open_path(&e, 4, "new.txt", OFLAG_CREAT, R_FD_READ | R_FD_WRITE), ESUCCESS_);
    CHECK_EQ(path_call(&e, "path_unlink_file", 4, "new.txt"), ESUCCESS_);

    /* Depth: a walk holds one descriptor per directory it is in, up to
     * 128; deeper paths are ENAMETOOLONG (a documented limit). */
    char rel[2048] = "";
    size_t len = 0;
    for (int i = 0; i < 130; i++) {
        rel[len++] = 'd';
        rel[len] = '\0';
        snprintf(path, sizeof path, "%s/%s", root, rel);
        CHECK(mkdir(path, 0755) == 0);
        rel[len++] = '/';
    }
    rel[len] = '\0';
    char ok[1024];
    memcpy(ok, rel, 2 * 100);
    ok[2 * 100 - 1] = '\0';
    CHECK_EQ(open_path(&e, 4, ok, OFLAG_DIRECTORY, 0), ESUCCESS_);
    CHECK_EQ(open_path(&e, 4, rel, OFLAG_DIRECTORY, 0), ENAMETOOLONG_);
    CHECK_EQ(path_call(&e, "path_create_directory", 4, "file.txt/x"), ENOTDIR_);

    /* Imports: functions of both modules, nothing else. */
    CHECK(wasi_func(&e, "wasi_unstable", "fd_write") != NULL);
    CHECK(wasi_func(&e, "wasi_unstable", "sock_accept") == NULL);
    CHECK(wasi_func(&e, "wasi_snapshot_preview1", "sock_accept") != NULL);
    CHECK(wasi_func(&e, "wasi_snapshot_preview1", "no_such_function") == NULL);
    CHECK(wasi_func(&e, "env", "fd_write") == NULL);
    kn_import mem_imp = {{"wasi_unstable", 13}, {"memory", 6}, KN_EXTERN_MEMORY, {0}};
    kn_extern ex;
    CHECK(!kn_wasi_resolve(e.w, e.s, &mem_imp, &ex));

    /* proc_exit ends the program with its code; proc_raise(ABRT) with a
     * trap; an ignored signal returns. */
    uint64_t code = 7;
    CHECK_EQ(call(&e, "proc_exit", 1, &code), 1000 + KN_TRAP_EXIT);
    CHECK_EQ(e.s->trap.exit_code, 7);
    uint64_t sig = 6;
    CHECK_EQ(call(&e, "proc_raise", 1, &sig), 1000 + KN_TRAP_HOST);
    sig = 16;
    CHECK_EQ(call(&e, "proc_raise", 1, &sig), ESUCCESS_);

    kn_wasi_delete(e.w);
    kn_store_delete(e.s);

    /* A preopen that cannot be opened is an error naming it. */
    kn_wasi_preopen bad = {"/nonexistent/kiln-dir", "/x", false};
    cfg.npreopens = 1;
    cfg.preopens = &bad;
    CHECK(kn_wasi_new(&cfg, &err) == NULL);
    CHECK(err.kind == KN_ERR_IO && strstr(err.message, "/nonexistent/kiln-dir"));

    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    CHECK(system(cmd) == 0);
    return check_report();
}
