/*
 * rights.c -- rights and fdflags: a descriptor does only what its rights
 * allow (read-only, write-only, rights dropped with fd_fdstat_set_rights,
 * which can never be regained, and the inheriting rights a directory hands
 * to what is opened beneath it); O_APPEND, O_NONBLOCK and the sync flags are
 * reported by fd_fdstat_get and honoured; a directory is never opened for
 * writing (EISDIR). The suite preopens /t.
 *
 * Missing rights fail with ENOTCAPABLE (WASI's errno) or EBADF (POSIX's,
 * for reading a write-only descriptor): either is accepted.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

#include "check.h"

#define DENIED(call) (errno = 0, (call) == -1 && (errno == ENOTCAPABLE || errno == EBADF))

static __wasi_fdflags_t flags_of(int fd)
{
    __wasi_fdstat_t st;
    return __wasi_fd_fdstat_get(fd, &st) == 0 ? st.fs_flags : 0xffff;
}

int main(void)
{
    char buf[32];
    int fd = open("/t/f", O_WRONLY | O_CREAT, 0644);
    CHECK(fd >= 0);
    CHECK_EQ(write(fd, "0123456789", 10), 10);
    CHECK(DENIED(read(fd, buf, 1)));
    close(fd);
    fd = open("/t/f", O_RDONLY);
    CHECK(DENIED(write(fd, "x", 1)));
    CHECK(DENIED(ftruncate(fd, 0)));
    CHECK_EQ(read(fd, buf, 4), 4);
    __wasi_fdstat_t st;
    CHECK_EQ(__wasi_fd_fdstat_get(fd, &st), 0);
    CHECK(st.fs_rights_base & __WASI_RIGHTS_FD_READ);
    CHECK(!(st.fs_rights_base & __WASI_RIGHTS_FD_WRITE));
    close(fd);

    /* Dropping rights: gone for good. */
    fd = open("/t/f", O_RDWR);
    CHECK_EQ(__wasi_fd_fdstat_get(fd, &st), 0);
    __wasi_rights_t all = st.fs_rights_base;
    CHECK_EQ(__wasi_fd_fdstat_set_rights(fd, all & ~(__WASI_RIGHTS_FD_WRITE |
                                                     __WASI_RIGHTS_FD_SEEK), 0), 0);
    CHECK(DENIED(write(fd, "x", 1)));
    __wasi_filesize_t pos;
    CHECK_EQ(__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(read(fd, buf, 2), 2);
    CHECK_EQ(__wasi_fd_fdstat_set_rights(fd, all, 0), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_fd_fdstat_get(fd, &st), 0);
    CHECK(!(st.fs_rights_base & __WASI_RIGHTS_FD_WRITE));
    close(fd);

    /* Inheriting rights: a directory opened without FD_WRITE among them
     * opens files beneath it that cannot be written. */
    CHECK_EQ(mkdir("/t/d", 0755), 0);
    __wasi_fd_t dfd, ffd;
    __wasi_rights_t dir_rights = __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_FD_READDIR |
                                 __WASI_RIGHTS_PATH_CREATE_FILE;
    __wasi_rights_t file_rights = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK;
    CHECK_EQ(__wasi_path_open(3, 0, "d", __WASI_OFLAGS_DIRECTORY, dir_rights, file_rights,
                              0, &dfd), 0);
    CHECK_EQ(__wasi_path_open(dfd, 0, "g", __WASI_OFLAGS_CREAT, file_rights, 0, 0, &ffd), 0);
    CHECK(DENIED(write((int)ffd, "x", 1)));
    CHECK_EQ(__wasi_fd_close(ffd), 0);
    /* Asking for more than the directory may hand out fails. */
    CHECK_EQ(__wasi_path_open(dfd, 0, "g", 0, file_rights | __WASI_RIGHTS_FD_WRITE, 0, 0,
                              &ffd), __WASI_ERRNO_NOTCAPABLE);
    /* And the directory itself cannot do what it was not given. */
    CHECK_EQ(__wasi_path_create_directory(dfd, "sub"), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_fd_close(dfd), 0);

    /* O_APPEND: every write goes to the end, wherever the offset was. */
    fd = open("/t/app", O_WRONLY | O_CREAT | O_APPEND, 0644);
    CHECK(flags_of(fd) & __WASI_FDFLAGS_APPEND);
    CHECK_EQ(write(fd, "abc", 3), 3);
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
    CHECK_EQ(write(fd, "def", 3), 3);
    CHECK_EQ(fcntl(fd, F_GETFL) & O_APPEND, O_APPEND);
    close(fd);
    fd = open("/t/app", O_RDONLY);
    memset(buf, 0, sizeof buf);
    CHECK_EQ(read(fd, buf, sizeof buf), 6);
    CHECK(strcmp(buf, "abcdef") == 0);
    CHECK_EQ(flags_of(fd), 0);

    /* O_NONBLOCK set and cleared with fd_fdstat_set_flags (fcntl). */
    CHECK_EQ(fcntl(fd, F_SETFL, O_NONBLOCK), 0);
    CHECK_EQ(flags_of(fd), __WASI_FDFLAGS_NONBLOCK);
    CHECK_EQ(fcntl(fd, F_GETFL) & O_NONBLOCK, O_NONBLOCK);
    CHECK_EQ(pread(fd, buf, 3, 0), 3);   /* a regular file never blocks anyway */
    CHECK_EQ(fcntl(fd, F_SETFL, 0), 0);
    CHECK_EQ(flags_of(fd), 0);
    close(fd);

    /* The sync flags are accepted, reported and writes still work. */
    fd = open("/t/sync", O_WRONLY | O_CREAT | O_SYNC, 0644);
    CHECK(fd >= 0);
    CHECK(flags_of(fd) & __WASI_FDFLAGS_SYNC);
    CHECK_EQ(write(fd, "s", 1), 1);
    close(fd);
    fd = open("/t/sync", O_WRONLY | O_DSYNC);
    CHECK(fd >= 0);
    CHECK(flags_of(fd) & __WASI_FDFLAGS_DSYNC);
    CHECK_EQ(write(fd, "d", 1), 1);
    close(fd);
    struct stat s;
    CHECK_EQ(stat("/t/sync", &s), 0);
    CHECK_EQ(s.st_size, 1);
    /* Opened for reading only, whose rights hold fd_sync but not
     * fd_datasync: the directory's rights allow the flags (witx: the
     * right "includes the right to invoke path_open with" the flag). */
    const int syncs[3] = {O_DSYNC, O_RSYNC, O_SYNC};
    const __wasi_fdflags_t reported[3] = {__WASI_FDFLAGS_DSYNC, __WASI_FDFLAGS_RSYNC,
                                          __WASI_FDFLAGS_SYNC};
    for (int i = 0; i < 3; i++) {
        fd = open("/t/sync", O_RDONLY | syncs[i]);
        CHECK(fd >= 0);
        CHECK_EQ(flags_of(fd), reported[i]);
        CHECK_EQ(read(fd, buf, sizeof buf), 1);
        close(fd);
    }

    /* A directory is not read like a file. */
    fd = open("/t/d", O_RDONLY | O_DIRECTORY);
    CHECK(fd >= 0);
    errno = 0;
    CHECK_EQ(read(fd, buf, 1), -1);
    CHECK(errno == EISDIR || errno == EBADF || errno == ENOTCAPABLE);
    close(fd);
    /* Nor opened for writing: fd_write among the rights is EISDIR, with
     * O_DIRECTORY or without, as open(2) says; the rights that do not
     * apply to a directory (allocate, set size) are dropped. */
    CHECK_EQ(__wasi_path_open(3, 0, "d", __WASI_OFLAGS_DIRECTORY,
                              __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, 0, 0, &dfd),
             __WASI_ERRNO_ISDIR);
    CHECK_EQ(__wasi_path_open(3, 0, "d/", 0, __WASI_RIGHTS_FD_WRITE, 0, 0, &dfd),
             __WASI_ERRNO_ISDIR);
    CHECK_EQ(__wasi_path_open(3, 0, "d", 0, __WASI_RIGHTS_FD_WRITE, 0, 0, &dfd),
             __WASI_ERRNO_ISDIR);
    errno = 0;
    CHECK_EQ(open("/t/d", O_WRONLY | O_DIRECTORY), -1);
    CHECK_EQ(errno, EISDIR);
    CHECK_EQ(__wasi_path_open(3, 0, "d", __WASI_OFLAGS_DIRECTORY,
                              __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE,
                              0, 0, &dfd), 0);
    CHECK_EQ(__wasi_fd_fdstat_get(dfd, &st), 0);
    CHECK_EQ(st.fs_filetype, __WASI_FILETYPE_DIRECTORY);
    CHECK_EQ(st.fs_rights_base, __WASI_RIGHTS_FD_READDIR);
    CHECK_EQ(__wasi_fd_close(dfd), 0);
    return check_done("rights");
}
