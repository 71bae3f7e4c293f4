/*
 * fdops.c -- operations on descriptors: fd_renumber, fd_advise,
 * fd_allocate, fd_fdstat_get, fd_prestat_get/fd_prestat_dir_name, fd_close.
 * The suite preopens an empty temporary directory as /t (descriptor 3).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

#include "check.h"

static int make(const char *path, const char *text)
{
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0 && write(fd, text, strlen(text)) != (ssize_t)strlen(text))
        CHECK(0);
    if (fd >= 0)
        lseek(fd, 0, SEEK_SET);
    return fd;
}

int main(void)
{
    /* The preopen: descriptor 3, a directory named "/t"; 4 is none. */
    __wasi_prestat_t pre;
    CHECK_EQ(__wasi_fd_prestat_get(3, &pre), 0);
    CHECK_EQ(pre.tag, __WASI_PREOPENTYPE_DIR);
    CHECK_EQ(pre.u.dir.pr_name_len, 2);
    char pname[8] = {0};
    CHECK_EQ(__wasi_fd_prestat_dir_name(3, (uint8_t *)pname, 2), 0);
    CHECK(memcmp(pname, "/t", 2) == 0);
    CHECK_EQ(__wasi_fd_prestat_get(4, &pre), __WASI_ERRNO_BADF);
    __wasi_errno_t e = __wasi_fd_prestat_get(0, &pre);   /* stdin is no preopen */
    CHECK(e == __WASI_ERRNO_BADF || e == __WASI_ERRNO_INVAL);

    /* fd_renumber: `to` becomes `from`'s file, `from` is closed. */
    int a = make("/t/a", "from a");
    int b = make("/t/b", "from b");
    CHECK(a >= 0 && b >= 0);
    CHECK_EQ(__wasi_fd_renumber(a, b), 0);
    char buf[16] = {0};
    CHECK_EQ(read(b, buf, sizeof buf - 1), 6);
    CHECK(strcmp(buf, "from a") == 0);
    __wasi_fdstat_t st;
    CHECK_EQ(__wasi_fd_fdstat_get(a, &st), __WASI_ERRNO_BADF);
    CHECK_EQ(__wasi_fd_renumber(a, b), __WASI_ERRNO_BADF);    /* from is closed */
    CHECK_EQ(__wasi_fd_renumber(b, 9999), __WASI_ERRNO_BADF); /* to is not open */
    CHECK_EQ(__wasi_fd_renumber(b, b), 0);                    /* to itself: nothing */
    CHECK_EQ(lseek(b, 0, SEEK_SET), 0);
    CHECK_EQ(read(b, buf, 4), 4);
    /* The freed number is reused by the next open. */
    int c = make("/t/c", "c");
    CHECK_EQ(c, a);
    close(c);

    /* fd_fdstat_get of a file opened read-write. */
    CHECK_EQ(__wasi_fd_fdstat_get(b, &st), 0);
    CHECK_EQ(st.fs_filetype, __WASI_FILETYPE_REGULAR_FILE);
    CHECK(st.fs_rights_base & __WASI_RIGHTS_FD_READ);
    CHECK(st.fs_rights_base & __WASI_RIGHTS_FD_WRITE);
    CHECK(st.fs_rights_base & __WASI_RIGHTS_FD_SEEK);
    CHECK_EQ(st.fs_flags, 0);
    CHECK_EQ(__wasi_fd_fdstat_get(3, &st), 0);
    CHECK_EQ(st.fs_filetype, __WASI_FILETYPE_DIRECTORY);
    CHECK(st.fs_rights_base & __WASI_RIGHTS_PATH_OPEN);

    /* fd_advise: every advice is accepted, a bad one is not. */
    const int advice[] = {POSIX_FADV_NORMAL, POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                          POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE};
    for (int i = 0; i < 6; i++)
        CHECK_EQ(posix_fadvise(b, 0, 100, advice[i]), 0);
    CHECK_EQ(__wasi_fd_advise(b, 0, 100, 6), __WASI_ERRNO_INVAL);
    CHECK_EQ(__wasi_fd_advise(9999, 0, 100, 0), __WASI_ERRNO_BADF);

    /* fd_allocate: grows the file to offset + len, never shrinks it; the
     * new bytes read as zeros. */
    CHECK_EQ(__wasi_fd_allocate(b, 0, 1 << 20), 0);
    struct stat s;
    CHECK_EQ(fstat(b, &s), 0);
    CHECK_EQ(s.st_size, 1 << 20);
    CHECK_EQ(posix_fallocate(b, 10, 20), 0);
    CHECK_EQ(fstat(b, &s), 0);
    CHECK_EQ(s.st_size, 1 << 20);
    char z[4] = {1, 1, 1, 1};
    CHECK_EQ(pread(b, z, 4, 1000), 4);
    CHECK(z[0] == 0 && z[3] == 0);
    CHECK_EQ(pread(b, buf, 6, 0), 6);
    CHECK(memcmp(buf, "from a", 6) == 0);   /* the old contents stay */

    /* fd_close: once. */
    CHECK_EQ(__wasi_fd_close(b), 0);
    CHECK_EQ(__wasi_fd_close(b), __WASI_ERRNO_BADF);
    return check_done("fdops");
}
