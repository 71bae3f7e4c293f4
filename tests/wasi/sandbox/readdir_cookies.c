/*
 * readdir_cookies.c -- fd_readdir over a large directory: cookies, d_next,
 * and the buffer truncation the spec describes ("fills the output buffer
 * as much as possible, potentially truncating the last directory entry").
 *
 * tests/suites/wasi_sandbox.sh preopens (fd 3) a directory holding big/
 * with argv[1] files named f00001, f00002, ...
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

#include "../check.h"

enum { ROOT = 3, MAXN = 20000 };

typedef struct entry {
    __wasi_dircookie_t next;
    char name[16];
} entry;

static entry all[MAXN + 2];
static int nall;

/* Reads the whole directory with buffers of `size` bytes, growing one that
 * cannot hold a single entry, into all[]. Returns the number of calls. */
static int read_all(__wasi_fd_t dir, size_t size)
{
    static uint8_t buf[1 << 16];
    __wasi_dircookie_t cookie = 0;
    int calls = 0;
    nall = 0;
    for (;;) {
        __wasi_size_t used;
        calls++;
        if (__wasi_fd_readdir(dir, buf, size, cookie, &used) != 0)
            return -1;
        size_t pos = 0;
        int got = 0;
        while (pos + sizeof(__wasi_dirent_t) <= used) {
            __wasi_dirent_t d;
            memcpy(&d, buf + pos, sizeof d);
            if (pos + sizeof d + d.d_namlen > used)
                break;   /* truncated: ask again from its cookie */
            if (nall < MAXN + 2 && d.d_namlen < sizeof all[0].name) {
                all[nall].next = d.d_next;
                memcpy(all[nall].name, buf + pos + sizeof d, d.d_namlen);
                all[nall].name[d.d_namlen] = '\0';
                nall++;
            }
            cookie = d.d_next;
            pos += sizeof d + d.d_namlen;
            got++;
        }
        if (used < size)
            return calls;   /* the end */
        if (got == 0)
            size *= 2;      /* not even one entry fit */
    }
}

/* Every f%05d from 1 to n appears exactly once, plus "." and "..". */
static int complete(int n)
{
    static unsigned char seen[MAXN + 1];
    memset(seen, 0, sizeof seen);
    int dots = 0;
    for (int i = 0; i < nall; i++) {
        if (strcmp(all[i].name, ".") == 0 || strcmp(all[i].name, "..") == 0) {
            dots++;
            continue;
        }
        int k = atoi(all[i].name + 1);
        if (all[i].name[0] != 'f' || k < 1 || k > n || seen[k]++)
            return 0;
    }
    return dots == 2 && nall == n + 2;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1000;
    if (n > MAXN)
        n = MAXN;
    __wasi_fd_t dir;
    CHECK_EQ(__wasi_path_open(ROOT, 0, "big", __WASI_OFLAGS_DIRECTORY,
                              __WASI_RIGHTS_FD_READDIR, 0, 0, &dir),
             0);

    /* Big buffer, small buffers (many truncated entries), a buffer too
     * small for any entry (24 bytes: a dirent without its name). */
    CHECK(read_all(dir, 65536) > 0);
    CHECK(complete(n));
    static entry first[MAXN + 2];
    int nfirst = nall;
    memcpy(first, all, sizeof(entry) * (size_t)nall);
    CHECK(read_all(dir, 100) > n / 4);
    CHECK(complete(n));
    CHECK(read_all(dir, 24) > 0);
    CHECK(complete(n));

    /* d_next is the cookie of the entry after: resuming from an entry's
     * d_next gives the entries that followed it, in the same order. */
    int stable = nall == nfirst;
    for (int i = 0; stable && i < nall; i++)
        stable = strcmp(all[i].name, first[i].name) == 0 && all[i].next == first[i].next;
    CHECK(stable);
    for (int k = nfirst - 2; k > 0; k -= nfirst / 7 + 1) {
        uint8_t buf[64];
        __wasi_size_t used;
        CHECK_EQ(__wasi_fd_readdir(dir, buf, sizeof buf, first[k - 1].next, &used), 0);
        __wasi_dirent_t d;
        memcpy(&d, buf, sizeof d);
        CHECK(used == sizeof buf || used >= sizeof d + d.d_namlen);
        CHECK(d.d_namlen == strlen(first[k].name)
              && memcmp(buf + sizeof d, first[k].name, d.d_namlen) == 0);
        CHECK(d.d_next == first[k].next);
    }

    /* Exactly the spec's truncation: 30 bytes hold one dirent and six
     * bytes of its name; bufused is the whole buffer. */
    uint8_t small[30];
    __wasi_size_t used;
    CHECK_EQ(__wasi_fd_readdir(dir, small, sizeof small, first[2].next, &used), 0);
    CHECK_EQ(used, sizeof small);
    CHECK(memcmp(small + 24, first[3].name, 6) == 0);

    /* A cookie past the end: nothing. Reading with cookie 0 starts over. */
    CHECK_EQ(__wasi_fd_readdir(dir, small, sizeof small, first[nfirst - 1].next, &used), 0);
    CHECK_EQ(used, 0);
    CHECK_EQ(__wasi_fd_readdir(dir, small, sizeof small, first[nfirst - 1].next + 100, &used),
             0);
    CHECK_EQ(used, 0);
    CHECK_EQ(__wasi_fd_readdir(dir, small, sizeof small, 0, &used), 0);
    CHECK_EQ(used, sizeof small);

    /* Rights and kinds. */
    __wasi_fd_t file;
    CHECK_EQ(__wasi_path_open(ROOT, 0, "big/f00001", 0, __WASI_RIGHTS_FD_READ, 0, 0, &file), 0);
    CHECK_EQ(__wasi_fd_readdir(file, small, sizeof small, 0, &used), __WASI_ERRNO_NOTCAPABLE);
    (void)__wasi_fd_close(file);
    __wasi_fd_t noread;
    CHECK_EQ(__wasi_path_open(ROOT, 0, "big", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_PATH_OPEN,
                              0, 0, &noread),
             0);
    CHECK_EQ(__wasi_fd_readdir(noread, small, sizeof small, 0, &used), __WASI_ERRNO_NOTCAPABLE);
    (void)__wasi_fd_close(noread);

    /* The stream follows its descriptor through fd_renumber. */
    CHECK_EQ(__wasi_path_open(ROOT, 0, "big", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR,
                              0, 0, &noread),
             0);
    CHECK_EQ(__wasi_fd_renumber(dir, noread), 0);
    CHECK(read_all(noread, 4096) > 0);
    CHECK(complete(n));
    CHECK_EQ(__wasi_fd_close(dir), __WASI_ERRNO_BADF);
    CHECK_EQ(__wasi_fd_close(noread), 0);
    return check_done("readdir_cookies");
}
