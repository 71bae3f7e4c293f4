/*
 * dirs.c -- directories: path_create_directory, path_remove_directory and
 * fd_readdir over a directory of 3,000 entries, through libc's readdir and
 * through raw fd_readdir calls with small buffers, restarting from cookies.
 *
 * fd_readdir (witx: "fd_readdir") fills the buffer with dirent headers
 * (d_next, d_ino, d_namlen, d_type: 24 bytes) each followed by its name;
 * when the buffer is full (bufused == buf_len) the last entry may be cut
 * short, and the reader must call again from the d_next of the last entry
 * it got whole. Every name must come exactly once, whatever the buffer size.
 * Whether "." and ".." are listed the spec leaves open (kiln lists them,
 * as wasmtime does; node does not): both or neither.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

#include "check.h"

enum { N = 3000 };
static unsigned char seen[N];

/* Entry i's name: its number, then a tail of 0 to 99 letters, so names of
 * every length cross every buffer boundary. */
static void name_of(int i, char *out)
{
    int n = sprintf(out, "e%04d-", i);
    int tail = (i * 37) % 100;
    for (int k = 0; k < tail; k++)
        out[n + k] = (char)('a' + (i + k) % 26);
    out[n + tail] = '\0';
}

/* Entry number of a name made by name_of, or -1 (".", "..", anything else). */
static int number_of(const char *name, size_t len)
{
    char want[128];
    if (len < 6 || name[0] != 'e')
        return -1;
    int i = atoi(name + 1);
    if (i < 0 || i >= N)
        return -1;
    name_of(i, want);
    return strlen(want) == len && memcmp(want, name, len) == 0 ? i : -1;
}

/* Reads the whole directory `fd` with raw fd_readdir calls into a buffer of
 * `size` bytes; marks `seen`. Returns the number of entries, or -1. */
static int raw_listing(int fd, size_t size, int *dots)
{
    static unsigned char buf[4096];
    __wasi_dircookie_t cookie = __WASI_DIRCOOKIE_START;
    int entries = 0;
    *dots = 0;
    for (int calls = 0; calls < 100000; calls++) {
        __wasi_size_t used = 0;
        if (__wasi_fd_readdir(fd, buf, size, cookie, &used) != 0 || used > size)
            return -1;
        size_t pos = 0;
        bool whole = false;
        while (pos + sizeof(__wasi_dirent_t) <= used) {
            __wasi_dirent_t d;
            memcpy(&d, buf + pos, sizeof d);
            if (pos + sizeof d + d.d_namlen > used)
                break;   /* cut short: fetch it again from `cookie` */
            const char *name = (const char *)buf + pos + sizeof d;
            int i = number_of(name, d.d_namlen);
            if (i >= 0) {
                seen[i]++;
                if (d.d_type != __WASI_FILETYPE_REGULAR_FILE)
                    return -1;
            } else if ((d.d_namlen == 1 && name[0] == '.') ||
                       (d.d_namlen == 2 && memcmp(name, "..", 2) == 0)) {
                ++*dots;
            } else {
                return -1;   /* a name that was never created */
            }
            entries++;
            cookie = d.d_next;
            whole = true;
            pos += sizeof d + d.d_namlen;
        }
        if (used < size)
            return entries;   /* a short buffer means the end */
        if (!whole)
            return -1;        /* `size` holds not even one entry */
    }
    return -1;
}

int main(void)
{
    char name[128], path[160];
    CHECK_EQ(mkdir("/t/big", 0755), 0);
    int made = 0;
    for (int i = 0; i < N; i++) {
        name_of(i, name);
        snprintf(path, sizeof path, "/t/big/%s", name);
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
        made += fd >= 0;
        if (fd >= 0)
            close(fd);
    }
    CHECK_EQ(made, N);

    /* libc's readdir. */
    DIR *dir = opendir("/t/big");
    CHECK(dir != NULL);
    int others = 0, dots = 0;
    memset(seen, 0, sizeof seen);
    struct dirent *e;
    while (dir && (e = readdir(dir))) {
        int i = number_of(e->d_name, strlen(e->d_name));
        if (i >= 0)
            seen[i]++;
        else if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            dots++;
        else
            others++;
    }
    int once = 0;
    for (int i = 0; i < N; i++)
        once += seen[i] == 1;
    CHECK_EQ(once, N);
    CHECK_EQ(others, 0);
    CHECK(dots == 0 || dots == 2);

    /* telldir/seekdir are fd_readdir cookies: after seeking back to a
     * position, the same entries follow. */
    if (dir) {
        rewinddir(dir);
        for (int k = 0; k < 1234; k++)
            readdir(dir);
        long mark = telldir(dir);
        char after[3][128];
        for (int k = 0; k < 3; k++) {
            e = readdir(dir);
            strcpy(after[k], e ? e->d_name : "");
        }
        for (int k = 0; k < 500; k++)
            readdir(dir);
        seekdir(dir, mark);
        for (int k = 0; k < 3; k++) {
            e = readdir(dir);
            CHECK(e && strcmp(e->d_name, after[k]) == 0);
        }
        closedir(dir);
    }

    /* Raw fd_readdir with buffers from barely one entry up. */
    int fd = open("/t/big", O_RDONLY | O_DIRECTORY);
    CHECK(fd >= 0);
    const size_t sizes[] = {24 + 106, 24 + 107, 200, 333, 1024, 4096};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        memset(seen, 0, sizeof seen);
        int d;
        int n = raw_listing(fd, sizes[s], &d);
        CHECK(d == 0 || d == 2);
        CHECK_EQ(n, N + d);
        once = 0;
        for (int i = 0; i < N; i++)
            once += seen[i] == 1;
        CHECK_EQ(once, N);
    }
    /* A buffer smaller than a header still succeeds, filled to its end. */
    unsigned char tiny[10];
    __wasi_size_t used = 0;
    CHECK_EQ(__wasi_fd_readdir(fd, tiny, sizeof tiny, 0, &used), 0);
    CHECK_EQ(used, sizeof tiny);
    /* A cookie past the end gives nothing. */
    static unsigned char buf[256];
    CHECK_EQ(__wasi_fd_readdir(fd, buf, sizeof buf, 1000000, &used), 0);
    CHECK_EQ(used, 0);
    close(fd);

    /* d_ino agrees with path_filestat_get. */
    fd = open("/t/big", O_RDONLY | O_DIRECTORY);
    CHECK_EQ(__wasi_fd_readdir(fd, buf, sizeof buf, 0, &used), 0);
    __wasi_dirent_t d;
    memcpy(&d, buf, sizeof d);
    if (d.d_namlen < 100) {
        memcpy(name, buf + sizeof d, d.d_namlen);
        name[d.d_namlen] = '\0';
        snprintf(path, sizeof path, "/t/big/%s", name);
        struct stat st;
        CHECK_EQ(lstat(path, &st), 0);
        CHECK_EQ(st.st_ino, d.d_ino);
    }
    close(fd);

    /* Removing: a full directory cannot go, an empty one can. */
    errno = 0;
    CHECK_EQ(rmdir("/t/big"), -1);
    CHECK_EQ(errno, ENOTEMPTY);
    int removed = 0;
    for (int i = 0; i < N; i++) {
        name_of(i, name);
        snprintf(path, sizeof path, "/t/big/%s", name);
        removed += unlink(path) == 0;
    }
    CHECK_EQ(removed, N);
    CHECK_EQ(rmdir("/t/big"), 0);
    struct stat st;
    errno = 0;
    CHECK_EQ(stat("/t/big", &st), -1);
    CHECK_EQ(errno, ENOENT);

    /* Nested directories; rmdir of a file, of a missing path. */
    CHECK_EQ(mkdir("/t/a", 0755), 0);
    CHECK_EQ(mkdir("/t/a/b", 0755), 0);
    CHECK_EQ(mkdir("/t/a/b/c", 0755), 0);
    CHECK_EQ(stat("/t/a/b/c", &st), 0);
    CHECK(S_ISDIR(st.st_mode));
    errno = 0;
    CHECK_EQ(mkdir("/t/x/y", 0755), -1);
    CHECK_EQ(errno, ENOENT);
    fd = open("/t/a/f", O_WRONLY | O_CREAT, 0644);
    close(fd);
    errno = 0;
    CHECK_EQ(rmdir("/t/a/f"), -1);
    CHECK_EQ(errno, ENOTDIR);
    errno = 0;
    CHECK_EQ(rmdir("/t/a/nope"), -1);
    CHECK_EQ(errno, ENOENT);
    CHECK_EQ(rmdir("/t/a/b/c"), 0);
    /* A ".." that stays inside the preopen is fine. */
    CHECK_EQ(stat("/t/a/b/../f", &st), 0);
    CHECK(S_ISREG(st.st_mode));
    return check_done("dirs");
}
