/*
 * sandbox_escape.c -- attacks on the capability sandbox, through the raw
 * WASI calls (no wasi-libc path handling in between).
 *
 * Run by tests/suites/wasi_sandbox.sh with one preopen (fd 3) of the tree
 * it builds (see there): ROOT/ is the preopen, ROOT/../outside/ holds
 * secret.txt ("SECRET"), which nothing here may read, write, link, move or
 * create beside. Every escape must fail with ENOTCAPABLE, or for a link
 * that is not followed ELOOP/ENOTDIR; every legitimate path must work.
 * The suite afterwards checks on the host that outside/ is untouched.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

#include "../check.h"

/* The raw imports, so that paths carry explicit lengths (NULs inside,
 * addresses out of bounds). */
#define IMPORT(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(name)))
IMPORT("path_open") int32_t raw_path_open(int32_t fd, int32_t dirflags, int32_t path,
                                          int32_t len, int32_t oflags, int64_t base,
                                          int64_t inheriting, int32_t fdflags, int32_t out);
IMPORT("fd_write") int32_t raw_fd_write(int32_t fd, int32_t iovs, int32_t n, int32_t out);
IMPORT("fd_read") int32_t raw_fd_read(int32_t fd, int32_t iovs, int32_t n, int32_t out);
IMPORT("args_get") int32_t raw_args_get(int32_t argv, int32_t buf);
IMPORT("path_filestat_get") int32_t raw_path_filestat_get(int32_t fd, int32_t flags,
                                                          int32_t path, int32_t len,
                                                          int32_t out);

enum { ROOT = 3 };
#define ALL ((__wasi_rights_t)-1 >> 34)   /* the 30 rights of preview1 */
/* All a directory may be opened with: fd_write on one is EISDIR. */
#define ALL_DIR (ALL & ~__WASI_RIGHTS_FD_WRITE)
#define FOLLOW __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW

static int32_t open_raw(__wasi_fd_t dir, int follow, const char *path, size_t len,
                        __wasi_oflags_t oflags, __wasi_rights_t base, __wasi_fd_t *fd)
{
    return raw_path_open((int32_t)dir, follow ? FOLLOW : 0, (int32_t)(uintptr_t)path,
                         (int32_t)len, oflags, (int64_t)base, (int64_t)base, 0,
                         (int32_t)(uintptr_t)fd);
}

/* Opens `path` beneath `dir` for reading: 0 and *fd, or an errno. */
static int open_at(__wasi_fd_t dir, int follow, const char *path, __wasi_fd_t *fd)
{
    return open_raw(dir, follow, path, strlen(path), 0,
                    __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_READDIR, fd);
}

/* Reads a file beneath ROOT into buf; 0 or an errno. */
static int slurp(const char *path, int follow, char *buf, size_t size)
{
    __wasi_fd_t fd;
    int e = open_at(ROOT, follow, path, &fd);
    if (e)
        return e;
    __wasi_iovec_t iov = {(uint8_t *)buf, size - 1};
    __wasi_size_t n = 0;
    e = __wasi_fd_read(fd, &iov, 1, &n);
    buf[e ? 0 : n] = '\0';
    (void)__wasi_fd_close(fd);
    return e;
}

/* An escape attempt: fails with ENOTCAPABLE (or `alt` when not 0). */
static int refused(int e, int alt)
{
    return e == __WASI_ERRNO_NOTCAPABLE || (alt && e == alt);
}

static void test_open(void)
{
    char buf[64];
    CHECK_EQ(slurp("file.txt", 1, buf, sizeof buf), 0);
    CHECK(strcmp(buf, "inside\n") == 0);

    /* Absolute paths and plain climbing. */
    CHECK_EQ(slurp("/etc/passwd", 1, buf, sizeof buf), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(slurp("../outside/secret.txt", 1, buf, sizeof buf), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(slurp("..", 1, buf, sizeof buf), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(slurp("sub/../../outside/secret.txt", 1, buf, sizeof buf),
             __WASI_ERRNO_NOTCAPABLE);
    /* A transient escape that comes back in is still an escape. */
    CHECK_EQ(slurp("sub/../../root/file.txt", 1, buf, sizeof buf), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(slurp("./sub/./../../root/file.txt", 0, buf, sizeof buf),
             __WASI_ERRNO_NOTCAPABLE);

    /* `..` that stays inside works. */
    CHECK_EQ(slurp("sub/../file.txt", 1, buf, sizeof buf), 0);
    CHECK(strcmp(buf, "inside\n") == 0);
    CHECK_EQ(slurp("sub/deeper/../../file.txt", 0, buf, sizeof buf), 0);
    CHECK_EQ(slurp("sub//deeper/.././inner.txt", 0, buf, sizeof buf), 0);
    CHECK(strcmp(buf, "inner\n") == 0);

    /* Symbolic links inside work when followed. */
    CHECK_EQ(slurp("link_in", 1, buf, sizeof buf), 0);
    CHECK(strcmp(buf, "inside\n") == 0);
    CHECK_EQ(slurp("link_sub_in", 1, buf, sizeof buf), 0);
    CHECK(strcmp(buf, "inner\n") == 0);
    CHECK_EQ(slurp("link_dotdot_in", 1, buf, sizeof buf), 0);
    CHECK_EQ(slurp("sub/link_up_ok/file.txt", 0, buf, sizeof buf), 0);
    CHECK(strcmp(buf, "inside\n") == 0);
    CHECK_EQ(slurp("link_subdir/inner.txt", 0, buf, sizeof buf), 0);
    /* ... and are not followed when the guest says not to. */
    CHECK_EQ(slurp("link_in", 0, buf, sizeof buf), __WASI_ERRNO_LOOP);

    /* Links out: absolute, relative, chained, a directory mid-path. */
    CHECK_EQ(slurp("link_abs", 1, buf, sizeof buf), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(slurp("link_abs", 0, buf, sizeof buf), __WASI_ERRNO_LOOP);
    CHECK_EQ(slurp("link_rel_out", 1, buf, sizeof buf), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(slurp("link_chain1", 1, buf, sizeof buf), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(slurp("link_dir_out/secret.txt", 0, buf, sizeof buf), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(slurp("link_dir_out/secret.txt", 1, buf, sizeof buf), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(slurp("link_dir_abs/secret.txt", 0, buf, sizeof buf), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(slurp("sub/link_up/outside/secret.txt", 0, buf, sizeof buf),
             __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(slurp("sub/link_up_ok/../outside/secret.txt", 0, buf, sizeof buf),
             __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(slurp("link_dotdot_out", 1, buf, sizeof buf), __WASI_ERRNO_NOTCAPABLE);

    /* Trailing slashes. */
    CHECK_EQ(slurp("file.txt/", 1, buf, sizeof buf), __WASI_ERRNO_NOTDIR);
    CHECK(refused(slurp("link_dir_out/", 1, buf, sizeof buf), 0));
    int e = slurp("link_dir_out/", 0, buf, sizeof buf);
    CHECK(e == __WASI_ERRNO_LOOP || e == __WASI_ERRNO_NOTDIR || e == __WASI_ERRNO_NOTCAPABLE);
    CHECK(refused(slurp("link_dir_out/.", 0, buf, sizeof buf), 0));
    CHECK(refused(slurp("link_dir_out/..", 0, buf, sizeof buf), 0));
    __wasi_fd_t fd;
    CHECK_EQ(open_at(ROOT, 0, "sub/", &fd), 0);
    (void)__wasi_fd_close(fd);
    CHECK_EQ(open_at(ROOT, 0, "sub//", &fd), 0);
    (void)__wasi_fd_close(fd);
    /* A trailing slash resolves a link to the directory, as in POSIX. */
    CHECK_EQ(open_at(ROOT, 0, "link_subdir/", &fd), 0);
    (void)__wasi_fd_close(fd);
    CHECK_EQ(open_at(ROOT, 0, "link_subdir", &fd), __WASI_ERRNO_LOOP);
    __wasi_filestat_t st;
    CHECK_EQ(__wasi_path_filestat_get(ROOT, 0, "link_subdir/", &st), 0);
    CHECK_EQ(st.filetype, __WASI_FILETYPE_DIRECTORY);
    CHECK_EQ(__wasi_path_filestat_get(ROOT, 0, "link_in/", &st), __WASI_ERRNO_NOTDIR);
    CHECK_EQ(__wasi_path_filestat_get(ROOT, 0, "link_dir_out/", &st), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_path_unlink_file(ROOT, "file.txt/"), __WASI_ERRNO_NOTDIR);
    CHECK_EQ(__wasi_path_remove_directory(ROOT, "link_subdir/"), __WASI_ERRNO_NOTDIR);
    /* Names longer than a component may be. */
    static char longname[300];
    memset(longname, 'n', sizeof longname - 1);
    CHECK_EQ(open_at(ROOT, 0, longname, &fd), __WASI_ERRNO_NAMETOOLONG);

    /* Loops, dangling links, odd names. */
    CHECK_EQ(slurp("loop1", 1, buf, sizeof buf), __WASI_ERRNO_LOOP);
    CHECK_EQ(slurp("loop1/x", 0, buf, sizeof buf), __WASI_ERRNO_LOOP);
    CHECK_EQ(slurp("dangling", 1, buf, sizeof buf), __WASI_ERRNO_NOENT);
    CHECK_EQ(slurp("", 1, buf, sizeof buf), __WASI_ERRNO_NOENT);
    CHECK_EQ(open_raw(ROOT, 1, "file.txt\0/../x", 14, 0, __WASI_RIGHTS_FD_READ, &fd),
             __WASI_ERRNO_INVAL);
    CHECK_EQ(open_at(ROOT, 0, ".", &fd), 0);
    (void)__wasi_fd_close(fd);

    /* A directory descriptor is a sandbox of its own. */
    __wasi_fd_t sub;
    CHECK_EQ(open_raw(ROOT, 0, "sub", 3, __WASI_OFLAGS_DIRECTORY, ALL_DIR, &sub), 0);
    CHECK_EQ(open_at(sub, 1, "../file.txt", &fd), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(open_at(sub, 1, "link_up_ok/file.txt", &fd), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(open_at(sub, 1, "inner.txt", &fd), 0);
    (void)__wasi_fd_close(fd);
    (void)__wasi_fd_close(sub);
}

static void test_other_calls(void)
{
    __wasi_filestat_t st;
    CHECK_EQ(__wasi_path_filestat_get(ROOT, FOLLOW, "link_rel_out", &st),
             __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_path_filestat_get(ROOT, 0, "link_rel_out", &st), 0);
    CHECK_EQ(st.filetype, __WASI_FILETYPE_SYMBOLIC_LINK);
    CHECK_EQ(__wasi_path_filestat_get(ROOT, FOLLOW, "link_in", &st), 0);
    CHECK_EQ(st.filetype, __WASI_FILETYPE_REGULAR_FILE);
    CHECK_EQ(st.size, 7);
    CHECK_EQ(__wasi_path_filestat_get(ROOT, 0, "../outside", &st), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_path_filestat_get(ROOT, 0, "link_dir_out/secret.txt", &st),
             __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_path_filestat_set_times(ROOT, FOLLOW, "link_rel_out", 0, 0,
                                            __WASI_FSTFLAGS_MTIM_NOW),
             __WASI_ERRNO_NOTCAPABLE);

    /* Hard links that would reach out, in either direction. */
    CHECK_EQ(__wasi_path_link(ROOT, 0, "../outside/secret.txt", ROOT, "stolen"),
             __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_path_link(ROOT, FOLLOW, "link_rel_out", ROOT, "stolen"),
             __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_path_link(ROOT, 0, "link_dir_out/secret.txt", ROOT, "stolen"),
             __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_path_link(ROOT, 0, "file.txt", ROOT, "../outside/planted"),
             __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_path_link(ROOT, 0, "file.txt", ROOT, "link_dir_out/planted"),
             __WASI_ERRNO_NOTCAPABLE);
    /* A hard link to the link itself stays a link that cannot be followed. */
    CHECK_EQ(__wasi_path_link(ROOT, 0, "link_rel_out", ROOT, "hard_to_link"), 0);
    char buf[64];
    CHECK_EQ(slurp("hard_to_link", 1, buf, sizeof buf), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_path_link(ROOT, 0, "file.txt", ROOT, "hard_in"), 0);
    CHECK_EQ(slurp("hard_in", 0, buf, sizeof buf), 0);
    CHECK(strcmp(buf, "inside\n") == 0);

    /* Renames across the boundary. */
    CHECK_EQ(__wasi_path_rename(ROOT, "hard_in", ROOT, "../outside/moved"),
             __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_path_rename(ROOT, "../outside/secret.txt", ROOT, "got"),
             __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_path_rename(ROOT, "link_dir_out/secret.txt", ROOT, "got"),
             __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_path_rename(ROOT, "hard_in", ROOT, "link_dir_out/moved"),
             __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_path_rename(ROOT, "hard_in", ROOT, "sub/../renamed"), 0);
    CHECK_EQ(__wasi_path_unlink_file(ROOT, "renamed"), 0);

    /* Creating, removing and linking outside. */
    CHECK_EQ(__wasi_path_create_directory(ROOT, "../outside/newdir"), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_path_create_directory(ROOT, "link_dir_out/newdir"),
             __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_path_create_directory(ROOT, "sub/../../newdir"), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_path_unlink_file(ROOT, "../outside/secret.txt"), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_path_unlink_file(ROOT, "link_dir_out/secret.txt"),
             __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_path_remove_directory(ROOT, "link_dir_out/dir"), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_path_remove_directory(ROOT, ".."), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_path_symlink("../outside/secret.txt", ROOT, "../outside/evil"),
             __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_path_symlink("/etc/passwd", ROOT, "abs_made"), __WASI_ERRNO_NOTCAPABLE);
    /* Nor a relative one with "..": kiln would never follow it out, but
     * the host's kernel would. Not even one that stays inside as made
     * ("sub/../x"): moved, or behind a link to ".", it climbs out. */
    CHECK_EQ(__wasi_path_symlink("../outside/secret.txt", ROOT, "rel_made"),
             __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_path_symlink("sub/../../outside", ROOT, "rel_made"),
             __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_path_symlink("..", ROOT, "sub/up"), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_path_symlink("sub/..", ROOT, "rel_made"), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_path_symlink("dot", ROOT, "rel_made"), 0);
    CHECK_EQ(__wasi_path_unlink_file(ROOT, "rel_made"), 0);
    CHECK_EQ(__wasi_path_symlink("sub/...", ROOT, "rel_made"), 0);   /* a name */
    CHECK_EQ(__wasi_path_unlink_file(ROOT, "rel_made"), 0);
    /* Creating through a dangling link must not create its target. */
    __wasi_fd_t fd;
    CHECK_EQ(open_raw(ROOT, 1, "dangling_out", 12, __WASI_OFLAGS_CREAT,
                      __WASI_RIGHTS_FD_WRITE, &fd),
             __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(open_raw(ROOT, 0, "dangling_out", 12, __WASI_OFLAGS_CREAT,
                      __WASI_RIGHTS_FD_WRITE, &fd),
             __WASI_ERRNO_LOOP);

    /* Reading a link's contents is allowed: a string, not a file. */
    __wasi_size_t used;
    CHECK_EQ(__wasi_path_readlink(ROOT, "link_rel_out", (uint8_t *)buf, sizeof buf, &used), 0);
    CHECK(used == 21 && memcmp(buf, "../outside/secret.txt", 21) == 0);
    CHECK_EQ(__wasi_path_readlink(ROOT, "link_rel_out", (uint8_t *)buf, 5, &used), 0);
    CHECK_EQ(used, 5);
    CHECK_EQ(__wasi_path_readlink(ROOT, "../outside/link", (uint8_t *)buf, sizeof buf, &used),
             __WASI_ERRNO_NOTCAPABLE);
}

static void test_rights(void)
{
    __wasi_fd_t fd;
    /* Read-only: no writing, no gaining rights back. */
    CHECK_EQ(open_raw(ROOT, 0, "file.txt", 8, 0, __WASI_RIGHTS_FD_READ, &fd), 0);
    __wasi_ciovec_t iov = {(const uint8_t *)"x", 1};
    __wasi_size_t n;
    CHECK_EQ(__wasi_fd_write(fd, &iov, 1, &n), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &(__wasi_filesize_t){0}),
             __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_fd_fdstat_set_rights(fd, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, 0),
             __WASI_ERRNO_NOTCAPABLE);
    (void)__wasi_fd_close(fd);

    /* A directory whose inheriting rights were cut gives no more. */
    __wasi_fd_t sub;
    CHECK_EQ(open_raw(ROOT, 0, "sub", 3, __WASI_OFLAGS_DIRECTORY, ALL_DIR, &sub), 0);
    CHECK_EQ(__wasi_fd_fdstat_set_rights(sub, __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_FD_READDIR,
                                         __WASI_RIGHTS_FD_READ),
             0);
    CHECK_EQ(open_raw(sub, 0, "inner.txt", 9, 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE,
                      &fd),
             __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(open_raw(sub, 0, "new.txt", 7, __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_READ, &fd),
             __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_path_create_directory(sub, "d"), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_path_unlink_file(sub, "inner.txt"), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(open_raw(sub, 0, "inner.txt", 9, 0, __WASI_RIGHTS_FD_READ, &fd), 0);
    (void)__wasi_fd_close(fd);
    (void)__wasi_fd_close(sub);

    /* Descriptors that are not open. */
    CHECK_EQ(__wasi_fd_close(1000), __WASI_ERRNO_BADF);
    CHECK_EQ(open_at(1000, 0, "file.txt", &fd), __WASI_ERRNO_BADF);
    CHECK_EQ(open_at(0xffffffff, 0, "file.txt", &fd), __WASI_ERRNO_BADF);
    /* A file is no directory to open beneath. */
    CHECK_EQ(open_raw(ROOT, 0, "file.txt", 8, 0, ALL, &fd), 0);
    __wasi_fd_t fd2;
    int e = open_at(fd, 0, "x", &fd2);
    CHECK(e == __WASI_ERRNO_NOTDIR || e == __WASI_ERRNO_NOTCAPABLE);
    (void)__wasi_fd_close(fd);
}

/* Bad guest addresses are EFAULT, never a host access. */
static void test_faults(void)
{
    int32_t out = 0;
    int32_t end = (int32_t)(__builtin_wasm_memory_size(0) * 65536);
    CHECK_EQ(raw_path_open(ROOT, 0, end - 4, 100, 0, 2, 2, 0, (int32_t)(uintptr_t)&out),
             __WASI_ERRNO_FAULT);
    CHECK_EQ(raw_path_open(ROOT, 0, -1, 2, 0, 2, 2, 0, (int32_t)(uintptr_t)&out),
             __WASI_ERRNO_FAULT);
    CHECK_EQ(raw_path_open(ROOT, 0, (int32_t)(uintptr_t)"file.txt", 8, 0, 2, 2, 0, end - 2),
             __WASI_ERRNO_FAULT);
    CHECK_EQ(raw_path_filestat_get(ROOT, 0, (int32_t)(uintptr_t)"file.txt", 8, end - 8),
             __WASI_ERRNO_FAULT);
    /* An iovec whose buffer wraps around 2^32, and iovecs beyond memory. */
    static uint32_t iov[2];
    iov[0] = 0xfffffff0u;
    iov[1] = 0x20;
    CHECK_EQ(raw_fd_write(1, (int32_t)(uintptr_t)iov, 1, (int32_t)(uintptr_t)&out),
             __WASI_ERRNO_FAULT);
    CHECK_EQ(raw_fd_write(1, end - 4, 1, (int32_t)(uintptr_t)&out), __WASI_ERRNO_FAULT);
    CHECK_EQ(raw_fd_write(1, (int32_t)(uintptr_t)iov, 0x20000000, (int32_t)(uintptr_t)&out),
             __WASI_ERRNO_FAULT);
    __wasi_fd_t fd;
    CHECK_EQ(open_raw(ROOT, 0, "file.txt", 8, 0, __WASI_RIGHTS_FD_READ, &fd), 0);
    static char buf[8];
    static uint32_t good[2];
    good[0] = (uint32_t)(uintptr_t)buf;
    good[1] = sizeof buf;
    CHECK_EQ(raw_fd_read((int32_t)fd, (int32_t)(uintptr_t)good, 1, -1), __WASI_ERRNO_FAULT);
    CHECK_EQ(raw_fd_read((int32_t)fd, (int32_t)(uintptr_t)good, 1, end - 3), __WASI_ERRNO_FAULT);
    good[0] = (uint32_t)end - 4;
    CHECK_EQ(raw_fd_read((int32_t)fd, (int32_t)(uintptr_t)good, 1, (int32_t)(uintptr_t)&out),
             __WASI_ERRNO_FAULT);
    (void)__wasi_fd_close(fd);
    CHECK_EQ(raw_args_get(end, end), __WASI_ERRNO_FAULT);
}

int main(void)
{
    test_open();
    test_other_calls();
    test_rights();
    test_faults();
    return check_done("sandbox_escape");
}
