/*
 * sockets.c -- a tiny HTTP server on the listening socket kiln hands over
 * with --tcplisten: sock_accept (blocking and non-blocking), sock_recv
 * (with RECV_PEEK), sock_send, sock_shutdown, poll_oneoff on a listener,
 * fd_fdstat_get of sockets. argv[1] is how many requests to serve.
 *
 * The listener is the first descriptor after the preopens; it is found by
 * its file type. The program prints "ready" once a client may connect
 * (before that it checks that accepting with nothing pending says EAGAIN),
 * then answers each "GET /PATH" with "hello from kiln: /PATH".
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <wasi/api.h>

#include "check.h"

static int find_listener(void)
{
    for (int fd = 3; fd < 64; fd++) {
        __wasi_fdstat_t st;
        if (__wasi_fd_fdstat_get((__wasi_fd_t)fd, &st) == 0 &&
            st.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM)
            return fd;
    }
    return -1;
}

/* Receives until the end of the request head; returns its length. */
static size_t recv_head(__wasi_fd_t c, char *buf, size_t size)
{
    size_t len = 0;
    while (len < size - 1) {
        __wasi_iovec_t iov = {(uint8_t *)buf + len, size - 1 - len};
        __wasi_size_t n;
        __wasi_roflags_t flags;
        if (__wasi_sock_recv(c, &iov, 1, 0, &n, &flags) != 0 || n == 0)
            break;
        len += n;
        buf[len] = '\0';
        if (strstr(buf, "\r\n\r\n"))
            break;
    }
    buf[len] = '\0';
    return len;
}

static void send_all(__wasi_fd_t c, const char *s, size_t len)
{
    while (len > 0) {
        /* Two buffers per call: sock_send gathers. */
        size_t half = len / 2;
        __wasi_ciovec_t iov[2] = {{(const uint8_t *)s, half},
                                  {(const uint8_t *)s + half, len - half}};
        __wasi_size_t n = 0;
        if (__wasi_sock_send(c, iov, 2, 0, &n) != 0 || n == 0) {
            CHECK(!"sock_send failed");
            return;
        }
        s += n;
        len -= n;
    }
}

int main(int argc, char **argv)
{
    int requests = argc > 1 ? atoi(argv[1]) : 1;
    int l = find_listener();
    CHECK(l >= 3);
    if (l < 0)
        return check_done("sockets");
    __wasi_fd_t lfd = (__wasi_fd_t)l, c;

    /* Nothing pending yet: a non-blocking accept says EAGAIN. */
    CHECK_EQ(__wasi_fd_fdstat_set_flags(lfd, __WASI_FDFLAGS_NONBLOCK), 0);
    CHECK_EQ(__wasi_sock_accept(lfd, 0, &c), __WASI_ERRNO_AGAIN);
    CHECK_EQ(__wasi_fd_fdstat_set_flags(lfd, 0), 0);
    /* A listener is not read or written like a file. */
    __wasi_prestat_t pre;
    CHECK_EQ(__wasi_fd_prestat_get(lfd, &pre), __WASI_ERRNO_BADF);
    printf("ready\n");
    fflush(stdout);

    for (int i = 0; i < requests; i++) {
        /* The listener polls readable when a connection is pending. */
        __wasi_subscription_t in[2];
        memset(in, 0, sizeof in);
        in[0].userdata = 1;
        in[0].u.tag = __WASI_EVENTTYPE_FD_READ;
        in[0].u.u.fd_read.file_descriptor = lfd;
        in[1].userdata = 2;
        in[1].u.tag = __WASI_EVENTTYPE_CLOCK;
        in[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
        in[1].u.u.clock.timeout = 30ull * 1000 * 1000 * 1000;
        __wasi_event_t out[2];
        __wasi_size_t n = 0;
        CHECK_EQ(__wasi_poll_oneoff(in, out, 2, &n), 0);
        CHECK(n >= 1 && out[0].userdata == 1 && out[0].error == 0);
        if (n < 1 || out[0].userdata != 1)
            break;

        CHECK_EQ(__wasi_sock_accept(lfd, 0, &c), 0);
        __wasi_fdstat_t st;
        CHECK_EQ(__wasi_fd_fdstat_get(c, &st), 0);
        CHECK_EQ(st.fs_filetype, __WASI_FILETYPE_SOCKET_STREAM);

        /* Peek at the method without consuming it. */
        char peek[4];
        __wasi_iovec_t iov = {(uint8_t *)peek, 4};
        __wasi_roflags_t roflags;
        CHECK_EQ(__wasi_sock_recv(c, &iov, 1, __WASI_RIFLAGS_RECV_PEEK, &n, &roflags), 0);
        CHECK(n >= 1 && n <= 4 && memcmp(peek, "GET ", n) == 0);

        char req[2048], path[256] = "?";
        recv_head(c, req, sizeof req);
        CHECK(strncmp(req, "GET /", 5) == 0);
        CHECK(strstr(req, "\r\n\r\n") != NULL);
        sscanf(req, "GET %255s", path);

        char body[512], resp[1024];
        int blen = snprintf(body, sizeof body, "hello from kiln: %s\n", path);
        int rlen = snprintf(resp, sizeof resp,
                            "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n"
                            "Content-Length: %d\r\nConnection: close\r\n\r\n%s",
                            blen, body);
        send_all(c, resp, (size_t)rlen);
        CHECK_EQ(__wasi_sock_shutdown(c, __WASI_SDFLAGS_WR), 0);
        CHECK_EQ(__wasi_fd_close(c), 0);
    }
    /* sock_* on a descriptor that is no socket (stdout: whatever its
     * rights), as on a native descriptor. */
    __wasi_size_t n;
    __wasi_ciovec_t civ = {(const uint8_t *)"x", 1};
    char rbuf[4];
    __wasi_iovec_t riov = {(uint8_t *)rbuf, sizeof rbuf};
    __wasi_roflags_t roflags;
    CHECK_EQ(__wasi_sock_send(1, &civ, 1, 0, &n), __WASI_ERRNO_NOTSOCK);
    CHECK_EQ(__wasi_sock_recv(1, &riov, 1, 0, &n, &roflags), __WASI_ERRNO_NOTSOCK);
    CHECK_EQ(__wasi_sock_shutdown(1, __WASI_SDFLAGS_WR), __WASI_ERRNO_NOTSOCK);
    CHECK_EQ(__wasi_sock_accept(1, 0, &c), __WASI_ERRNO_NOTSOCK);
    CHECK_EQ(__wasi_sock_shutdown(99, __WASI_SDFLAGS_WR), __WASI_ERRNO_BADF);
    return check_done("sockets");
}
