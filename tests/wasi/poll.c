/*
 * poll.c -- poll_oneoff: clock subscriptions (relative and absolute), fd
 * readiness (read on stdin and a file, write on stdout) and per-event
 * errors, and sched_yield. argv[1] says what stdin is:
 *   "data"  a pipe holding "hello\n": readable at once;
 *   "empty" a FIFO held open with nothing in it: never readable here.
 * The suite preopens /t. Waits are checked from below only (a 20 ms
 * timeout does not fire before 20 ms); a timeout that must not fire is 10 s
 * long, so no load can make it fire during the test.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <wasi/api.h>

#include "check.h"

static __wasi_timestamp_t mono(void)
{
    __wasi_timestamp_t t = 0;
    CHECK_EQ(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t), 0);
    return t;
}

static __wasi_subscription_t clock_sub(__wasi_userdata_t ud, __wasi_timestamp_t timeout,
                                       __wasi_subclockflags_t flags)
{
    __wasi_subscription_t s;
    memset(&s, 0, sizeof s);
    s.userdata = ud;
    s.u.tag = __WASI_EVENTTYPE_CLOCK;
    s.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    s.u.u.clock.timeout = timeout;
    s.u.u.clock.flags = flags;
    return s;
}

static __wasi_subscription_t fd_sub(__wasi_userdata_t ud, __wasi_eventtype_t type, int fd)
{
    __wasi_subscription_t s;
    memset(&s, 0, sizeof s);
    s.userdata = ud;
    s.u.tag = type;
    s.u.u.fd_read.file_descriptor = (__wasi_fd_t)fd;   /* fd_write has the same layout */
    return s;
}

enum { MS = 1000000 };

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    __wasi_subscription_t in[4];
    __wasi_event_t out[4];
    __wasi_size_t n = 0;

    /* Relative clocks: the earlier one fires alone. */
    in[0] = clock_sub(10, 10000ull * MS, 0);
    in[1] = clock_sub(11, 20 * MS, 0);
    __wasi_timestamp_t t0 = mono();
    CHECK_EQ(__wasi_poll_oneoff(in, out, 2, &n), 0);
    CHECK(mono() - t0 >= 20 * MS);
    CHECK_EQ(n, 1);
    CHECK_EQ(out[0].userdata, 11);
    CHECK_EQ(out[0].type, __WASI_EVENTTYPE_CLOCK);
    CHECK_EQ(out[0].error, 0);

    /* An absolute deadline. */
    __wasi_timestamp_t deadline = mono() + 15 * MS;
    in[0] = clock_sub(20, deadline, __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME);
    CHECK_EQ(__wasi_poll_oneoff(in, out, 1, &n), 0);
    CHECK(mono() >= deadline);
    CHECK_EQ(n, 1);
    CHECK_EQ(out[0].userdata, 20);

    /* A zero timeout, a deadline in the past: at once. */
    in[0] = clock_sub(30, 0, 0);
    in[1] = clock_sub(31, 1, __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME);
    CHECK_EQ(__wasi_poll_oneoff(in, out, 2, &n), 0);
    CHECK_EQ(n, 2);
    CHECK(out[0].userdata + out[1].userdata == 61);

    /* No subscriptions: EINVAL (the spec's rule; nothing to wait for). */
    CHECK_EQ(__wasi_poll_oneoff(in, out, 0, &n), __WASI_ERRNO_INVAL);

    /* A regular file is always readable, stdout always writable. */
    int fd = open("/t/p", O_RDWR | O_CREAT, 0644);
    CHECK(fd >= 0);
    CHECK_EQ(write(fd, "xyz", 3), 3);
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
    in[0] = fd_sub(40, __WASI_EVENTTYPE_FD_READ, fd);
    in[1] = fd_sub(41, __WASI_EVENTTYPE_FD_WRITE, 1);
    in[2] = clock_sub(42, 10000ull * MS, 0);
    CHECK_EQ(__wasi_poll_oneoff(in, out, 3, &n), 0);
    CHECK_EQ(n, 2);
    int got = 0;
    for (__wasi_size_t i = 0; i < n && i < 2; i++) {
        CHECK_EQ(out[i].error, 0);
        if (out[i].userdata == 40 && out[i].type == __WASI_EVENTTYPE_FD_READ)
            got |= 1;
        if (out[i].userdata == 41 && out[i].type == __WASI_EVENTTYPE_FD_WRITE)
            got |= 2;
    }
    CHECK_EQ(got, 3);
    close(fd);

    /* A closed descriptor: its event carries EBADF. */
    in[0] = fd_sub(50, __WASI_EVENTTYPE_FD_READ, 999);
    in[1] = clock_sub(51, 10000ull * MS, 0);
    CHECK_EQ(__wasi_poll_oneoff(in, out, 2, &n), 0);
    CHECK_EQ(n, 1);
    CHECK_EQ(out[0].userdata, 50);
    CHECK_EQ(out[0].error, __WASI_ERRNO_BADF);

    /* stdin. */
    in[0] = fd_sub(60, __WASI_EVENTTYPE_FD_READ, 0);
    if (strcmp(mode, "data") == 0) {
        in[1] = clock_sub(61, 10000ull * MS, 0);
        CHECK_EQ(__wasi_poll_oneoff(in, out, 2, &n), 0);
        CHECK_EQ(n, 1);
        CHECK_EQ(out[0].userdata, 60);
        CHECK_EQ(out[0].type, __WASI_EVENTTYPE_FD_READ);
        CHECK_EQ(out[0].error, 0);
        char buf[16] = {0};
        CHECK_EQ(read(0, buf, sizeof buf - 1), 6);
        CHECK(strcmp(buf, "hello\n") == 0);
    } else if (strcmp(mode, "empty") == 0) {
        in[1] = clock_sub(61, 30 * MS, 0);
        t0 = mono();
        CHECK_EQ(__wasi_poll_oneoff(in, out, 2, &n), 0);
        CHECK(mono() - t0 >= 30 * MS);
        CHECK_EQ(n, 1);
        CHECK_EQ(out[0].userdata, 61);
    } else {
        CHECK(!"argv[1] must be data or empty");
    }

    CHECK_EQ(__wasi_sched_yield(), 0);
    return check_done("poll");
}
