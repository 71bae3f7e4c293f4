/*
 * stdio.c -- inherited stdio: its open file descriptions are the host's,
 * shared with whoever else holds them, so the guest reads and writes them
 * but does not change them. argv[1] says what to check:
 *   "append"    stdout is the host's `>> log`: it stays appended to, and
 *               its offset, size and times are not the guest's to change
 *               (the suite checks the log kept its first line);
 *   "nonblock"  stdin is an empty FIFO held open: O_NONBLOCK set on it is
 *               the guest's alone (read says EAGAIN) and left set at exit
 *               (the suite checks the host's description is blocking).
 */
#include <fcntl.h>
#include <unistd.h>
#include <wasi/api.h>

#include "check.h"

static __wasi_fdflags_t flags_of(int fd)
{
    __wasi_fdstat_t st;
    return __wasi_fd_fdstat_get(fd, &st) == 0 ? st.fs_flags : 0xffff;
}

static void append(void)
{
    CHECK_EQ(flags_of(1), __WASI_FDFLAGS_APPEND);
    /* Clearing O_APPEND would let the guest write over the host's log. */
    CHECK_EQ(__wasi_fd_fdstat_set_flags(1, 0), __WASI_ERRNO_NOTSUP);
    CHECK_EQ(__wasi_fd_fdstat_set_flags(1, __WASI_FDFLAGS_APPEND), 0);   /* no change */
    CHECK_EQ(flags_of(1), __WASI_FDFLAGS_APPEND);
    __wasi_filesize_t pos;
    CHECK_EQ(__wasi_fd_seek(1, 0, __WASI_WHENCE_SET, &pos), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_fd_tell(1, &pos), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_fd_filestat_set_size(1, 0), __WASI_ERRNO_NOTCAPABLE);
    CHECK_EQ(__wasi_fd_filestat_set_times(1, 0, 0, __WASI_FSTFLAGS_MTIM_NOW),
             __WASI_ERRNO_NOTCAPABLE);
    __wasi_size_t n;
    __wasi_ciovec_t iov = {(const uint8_t *)"X", 1};
    CHECK_EQ(__wasi_fd_pwrite(1, &iov, 1, 0, &n), __WASI_ERRNO_NOTCAPABLE);
    __wasi_fdstat_t st;
    CHECK_EQ(__wasi_fd_fdstat_get(1, &st), 0);
    CHECK(st.fs_rights_base & __WASI_RIGHTS_FD_WRITE);
    CHECK(!(st.fs_rights_base & __WASI_RIGHTS_FD_SEEK));
    CHECK_EQ(write(1, "guest\n", 6), 6);
}

static void nonblock(void)
{
    CHECK_EQ(flags_of(0), 0);
    CHECK_EQ(fcntl(0, F_SETFL, O_NONBLOCK), 0);
    CHECK_EQ(flags_of(0), __WASI_FDFLAGS_NONBLOCK);
    char c;
    errno = 0;
    CHECK_EQ(read(0, &c, 1), -1);
    CHECK_EQ(errno, EAGAIN);
    /* poll_oneoff looks at the host's descriptor, blocking or not. */
    __wasi_subscription_t in[2];
    __wasi_event_t out[2];
    __wasi_size_t n = 0;
    memset(in, 0, sizeof in);
    in[0].userdata = 1;
    in[0].u.tag = __WASI_EVENTTYPE_FD_READ;
    in[0].u.u.fd_read.file_descriptor = 0;
    in[1].userdata = 2;
    in[1].u.tag = __WASI_EVENTTYPE_CLOCK;
    in[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    in[1].u.u.clock.timeout = 1000000;
    CHECK_EQ(__wasi_poll_oneoff(in, out, 2, &n), 0);
    CHECK_EQ(n, 1);
    CHECK_EQ(out[0].userdata, 2);
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    if (strcmp(mode, "append") == 0)
        append();
    else if (strcmp(mode, "nonblock") == 0)
        nonblock();
    else
        CHECK(!"argv[1] must be append or nonblock");
    return check_done("stdio");
}
