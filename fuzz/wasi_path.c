/*
 * wasi_path.c -- libFuzzer target: the WASI path resolver
 * (kw_path_resolve, src/wasi/path.c), the sandbox's wall.
 *
 * The fixture is a real directory tree, made once per process: a sandbox
 * `box/` with files, subdirectories and symbolic links of every kind (within
 * the box, up and out of it, absolute, looping, dangling), and beside it an
 * `outside/` directory that no resolution may reach. An input is one flags
 * byte (bit 0: follow a final symbolic link) and a path.
 *
 * Properties, for every input: a successful resolution yields a directory
 * inside the box (checked by walking `..` from it up to the box or to the
 * host's root) and a leaf that is a single name, not `..`, and not a
 * symbolic link when links are followed; no descriptor leaks; never a
 * crash or a hang.
 */
#define _GNU_SOURCE 1
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi/internal.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The fixture, made by LLVMFuzzerInitialize and read only afterwards:
 * libFuzzer's entry points have no other way to share it. */
static char fixture[64];
static int box_fd = -1;
static struct stat box_st, root_st;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void remove_fixture(void)
{
    nftw(fixture, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void make(const char *kind, const char *path, const char *target)
{
    char full[256];
    snprintf(full, sizeof full, "%s/%s", fixture, path);
    int ok;
    if (kind[0] == 'd') {
        ok = mkdir(full, 0755) == 0;
    } else if (kind[0] == 'f') {
        int fd = open(full, O_WRONLY | O_CREAT | O_EXCL, 0644);
        ok = fd >= 0 && close(fd) == 0;
    } else {
        ok = symlink(target, full) == 0;
    }
    if (!ok) {
        perror(full);
        exit(1);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    snprintf(fixture, sizeof fixture, "%s", "/tmp/kiln-wasi-path-XXXXXX");
    if (!mkdtemp(fixture)) {
        perror("mkdtemp");
        exit(1);
    }
    atexit(remove_fixture);
    static const char *const tree[][3] = {
        {"d", "box", NULL},           {"d", "outside", NULL},
        {"f", "outside/secret", NULL}, {"f", "box/file", NULL},
        {"d", "box/a", NULL},         {"d", "box/a/b", NULL},
        {"f", "box/a/b/deep", NULL},  {"l", "box/a/up", ".."},
        {"l", "box/a/upup", "../.."}, {"l", "box/a/b/ok", "../../file"},
        {"l", "box/a/b/out", "../../../outside/secret"},
        {"l", "box/esc", "../outside"}, {"l", "box/abs", "/"},
        {"l", "box/tmp", "/tmp"},     {"l", "box/loop", "loop"},
        {"l", "box/l1", "l2"},        {"l", "box/l2", "l1"},
        {"l", "box/chain", "a/up/a/up/a/b"}, {"l", "box/dir", "a/"},
        {"l", "box/dangling", "nope"}, {"l", "box/self", "."},
        {"l", "box/a/b/back", "../../self/esc"},
    };
    for (size_t i = 0; i < sizeof tree / sizeof tree[0]; i++)
        make(tree[i][0], tree[i][1], tree[i][2]);
    char box[128];
    snprintf(box, sizeof box, "%s/box", fixture);
    box_fd = open(box, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (box_fd < 0 || fstat(box_fd, &box_st) != 0 || stat("/", &root_st) != 0) {
        perror(box);
        exit(1);
    }
    return 0;
}

static bool same(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* Whether directory `fd` lies within the box: walks `..` upwards. */
static bool inside_box(int fd)
{
    int cur = dup(fd);
    bool inside = false;
    for (int steps = 0; cur >= 0 && steps < 4096; steps++) {
        struct stat st;
        if (fstat(cur, &st) != 0)
            break;
        if (same(&st, &box_st)) {
            inside = true;
            break;
        }
        if (same(&st, &root_st))
            break;
        int up = openat(cur, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
        close(cur);
        cur = up;
    }
    if (cur >= 0)
        close(cur);
    return inside;
}

/* The lowest free descriptor: the same before and after a resolution, or
 * the resolver leaked one. */
static int lowest_free_fd(void)
{
    int fd = dup(0);
    if (fd >= 0)
        close(fd);
    return fd;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    bool follow = data[0] & 1;
    int before = lowest_free_fd();
    kw_path p;
    uint32_t err = kw_path_resolve(box_fd, (const char *)data + 1, size - 1, follow, &p);
    if (err == KW_ESUCCESS) {
        if (!inside_box(p.dir))
            abort();   /* escaped the sandbox */
        if (strchr(p.leaf, '/') || strcmp(p.leaf, "..") == 0 || p.leaf[0] == '\0')
            abort();   /* the caller would act on more than one name */
        struct stat st;
        if (follow && fstatat(p.dir, p.leaf, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISLNK(st.st_mode))
            abort();   /* a final link that should have been followed */
        kw_path_done(&p);
    }
    if (lowest_free_fd() != before)
        abort();   /* a descriptor leaked */
    return 0;
}
