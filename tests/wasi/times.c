/*
 * times.c -- fd_filestat_set_times and path_filestat_set_times: explicit
 * times to the nanosecond, "now", leaving one time alone, and not following
 * a symlink when told so. argv[1] is the host's time in seconds when the
 * suite started the program (a "now" must be within a minute of it).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

#include "check.h"

static long long ns(struct timespec t)
{
    return t.tv_sec * 1000000000ll + t.tv_nsec;
}

int main(int argc, char **argv)
{
    long long host = argc > 1 ? atoll(argv[1]) : 0;
    int fd = open("/t/f", O_RDWR | O_CREAT, 0644);
    CHECK(fd >= 0);
    struct stat st;

    /* Explicit times through the descriptor, nanoseconds included. */
    struct timespec t[2] = {{1000000000, 500000000}, {1234567890, 250000001}};
    CHECK_EQ(futimens(fd, t), 0);
    CHECK_EQ(fstat(fd, &st), 0);
    CHECK_EQ(ns(st.st_atim), 1000000000500000000ll);
    CHECK_EQ(ns(st.st_mtim), 1234567890250000001ll);

    /* MTIM_NOW alone: mtime becomes now, atime stays. (The raw call:
     * this wasi-libc's futimens rejects UTIME_OMIT itself.) */
    CHECK_EQ(__wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_MTIM_NOW), 0);
    CHECK_EQ(fstat(fd, &st), 0);
    CHECK_EQ(ns(st.st_atim), 1000000000500000000ll);
    CHECK(st.st_mtim.tv_sec >= host - 60 && st.st_mtim.tv_sec <= host + 60);

    /* The raw call: a time and its _NOW flag together are invalid. */
    CHECK_EQ(__wasi_fd_filestat_set_times(fd, 5, 5,
                                          __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW),
             __WASI_ERRNO_INVAL);
    CHECK_EQ(__wasi_fd_filestat_set_times(fd, 0, 7000000000ll, __WASI_FSTFLAGS_MTIM), 0);
    CHECK_EQ(fstat(fd, &st), 0);
    CHECK_EQ(ns(st.st_mtim), 7000000000ll);
    CHECK_EQ(ns(st.st_atim), 1000000000500000000ll);
    close(fd);

    /* Through a path. */
    struct timespec t3[2] = {{42, 0}, {43, 0}};
    CHECK_EQ(utimensat(AT_FDCWD, "/t/f", t3, 0), 0);
    CHECK_EQ(stat("/t/f", &st), 0);
    CHECK_EQ(st.st_atim.tv_sec, 42);
    CHECK_EQ(st.st_mtim.tv_sec, 43);

    /* A symlink: followed by default, its own times with NOFOLLOW. */
    CHECK_EQ(symlink("f", "/t/link"), 0);
    struct timespec t4[2] = {{100, 0}, {200, 0}};
    CHECK_EQ(utimensat(AT_FDCWD, "/t/link", t4, 0), 0);
    CHECK_EQ(stat("/t/f", &st), 0);
    CHECK_EQ(st.st_mtim.tv_sec, 200);
    struct timespec t5[2] = {{300, 0}, {400, 0}};
    CHECK_EQ(utimensat(AT_FDCWD, "/t/link", t5, AT_SYMLINK_NOFOLLOW), 0);
    CHECK_EQ(stat("/t/f", &st), 0);
    CHECK_EQ(st.st_mtim.tv_sec, 200);   /* the target kept its time */
    CHECK_EQ(lstat("/t/link", &st), 0);
    CHECK_EQ(st.st_mtim.tv_sec, 400);

    /* Directories have times too; a missing path is ENOENT. */
    CHECK_EQ(mkdir("/t/d", 0755), 0);
    CHECK_EQ(utimensat(AT_FDCWD, "/t/d", t3, 0), 0);
    CHECK_EQ(stat("/t/d", &st), 0);
    CHECK_EQ(st.st_mtim.tv_sec, 43);
    errno = 0;
    CHECK_EQ(utimensat(AT_FDCWD, "/t/none", t3, 0), -1);
    CHECK_EQ(errno, ENOENT);

    /* Both now, through a path (raw: this wasi-libc's utimensat sends
     * zeros for NULL times); descriptor 3 is the preopen /t. */
    CHECK_EQ(__wasi_path_filestat_set_times(3, 0, "d", 0, 0, __WASI_FSTFLAGS_ATIM_NOW |
                                            __WASI_FSTFLAGS_MTIM_NOW), 0);
    CHECK_EQ(stat("/t/d", &st), 0);
    CHECK(st.st_atim.tv_sec >= host - 60 && st.st_mtim.tv_sec >= host - 60);

    /* Writing updates mtime to about now. */
    fd = open("/t/f", O_WRONLY);
    CHECK_EQ(write(fd, "x", 1), 1);
    CHECK_EQ(fstat(fd, &st), 0);
    CHECK(st.st_mtim.tv_sec >= host - 60);
    close(fd);
    return check_done("times");
}
