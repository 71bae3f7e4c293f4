/*
 * wait.c -- waiting, and the reads and writes that may have to.
 *
 * No WASI call blocks in the kernel. A call that must wait (fd_read and
 * fd_write on pipes, FIFOs, terminals and sockets, sock_recv/send/accept,
 * poll_oneoff, opening a FIFO for writing) waits in poll() beside the
 * store's wake-up pipe (kn_store_wake_fd), and does its I/O only once the
 * descriptor is ready. So kn_store_interrupt -- the --timeout watchdog,
 * kiln_store_interrupt from another thread -- ends any wait with the trap
 * "interrupted", as it ends a loop.
 *
 * The guest's O_NONBLOCK is kiln's alone (kn_wasi_fd.fdflags): it turns
 * the wait into a look (poll with timeout 0) and "not ready" into EAGAIN.
 * What the host descriptor itself does depends on whose it is:
 * descriptors kiln opened (path_open, sock_accept, the listeners) are
 * non-blocking on the host, so their I/O never blocks; an inherited one
 * (stdio) shares its open file description with the host, whose flags are
 * not kiln's to change, so it stays as the host made it, usually blocking.
 * There a read after POLLIN returns what is there, and a write after
 * POLLOUT writes at most PIPE_BUF bytes, which a pipe with room takes
 * without blocking (Linux and the BSDs wake writers at that much room);
 * sockets get MSG_DONTWAIT.
 */
#include "internal.h"

#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

uint64_t kw_clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return kw_timespec_ns(ts);
}

uint32_t kw_wait(kn_wasi_call *c, struct pollfd *fds, uint32_t n, uint64_t deadline)
{
    int wake = kn_store_wake_fd(c->store);
    if (wake < 0)
        return kw_errno(errno);
    fds[n] = (struct pollfd){.fd = wake, .events = POLLIN};
    for (;;) {
        /* Before every wait, so a request made while the pipe was being
         * made, or during the last wait, is seen. */
        if (kn_store_take_interrupt(c->store))
            return KW_TRAP(KN_TRAP_INTERRUPTED);
        uint64_t now = deadline == 0 || deadline == KW_FOREVER ? 0 : kw_clock_ns(CLOCK_MONOTONIC);
        uint64_t wait = deadline == KW_FOREVER ? KW_FOREVER : deadline > now ? deadline - now : 0;
#if defined(__linux__)
        struct timespec ts = {(time_t)(wait / 1000000000u), (long)(wait % 1000000000u)};
        int r = ppoll(fds, n + 1, wait == KW_FOREVER ? NULL : &ts, NULL);
#else
        /* Milliseconds, rounded up so that the deadline has passed when
         * poll() times out. */
        int ms = wait == KW_FOREVER ? -1
                 : wait / 1000000 >= INT32_MAX ? INT32_MAX
                 : (int)((wait + 999999) / 1000000);
        int r = poll(fds, n + 1, ms);
#endif
        if (r < 0 && errno != EINTR)
            return kw_errno(errno);
        if (r < 0 || fds[n].revents)
            continue;   /* a signal, or the pipe: the loop's head looks */
        if (r > 0 || wait == 0 || wait == KW_FOREVER
            || kw_clock_ns(CLOCK_MONOTONIC) >= deadline)
            return KW_ESUCCESS;
    }
}

bool kw_fd_may_block(const kn_wasi_fd *f)
{
    return f->filetype != KW_FILETYPE_REGULAR_FILE && f->filetype != KW_FILETYPE_DIRECTORY
           && f->filetype != KW_FILETYPE_BLOCK_DEVICE;
}

uint32_t kw_fd_wait(kn_wasi_call *c, kn_wasi_fd *f, short events)
{
    if (!kw_fd_may_block(f))
        return KW_ESUCCESS;
    struct pollfd p[2] = {{.fd = f->host, .events = events}};
    uint32_t err = kw_wait(c, p, 1, f->fdflags & KW_FDFLAG_NONBLOCK ? 0 : KW_FOREVER);
    if (err != KW_ESUCCESS)
        return err;
    /* Ready, or an error or hang-up the I/O call will report. */
    return p[0].revents ? KW_ESUCCESS : KW_EAGAIN;
}

static bool is_socket(const kn_wasi_fd *f)
{
    return f->filetype == KW_FILETYPE_SOCKET_STREAM || f->filetype == KW_FILETYPE_SOCKET_DGRAM;
}

/* Drops the first `n` bytes of the iovecs *iov[0, *count). */
static void iov_advance(struct iovec **iov, int *count, size_t n)
{
    while (*count > 0 && n >= (*iov)->iov_len) {
        n -= (*iov)->iov_len;
        (*iov)++;
        (*count)--;
    }
    if (*count > 0) {
        (*iov)->iov_base = (uint8_t *)(*iov)->iov_base + n;
        (*iov)->iov_len -= n;
    }
}

uint32_t kw_read(kn_wasi_call *c, kn_wasi_fd *f, struct iovec *iov, int count, int flags,
                 size_t *got, int *msg_flags)
{
    bool waitall = flags & MSG_WAITALL && !(flags & MSG_PEEK);
    size_t total = 0;
    *msg_flags = 0;
    for (;;) {
        while (count > 0 && iov->iov_len == 0)
            iov++, count--;
        if (count == 0)
            break;   /* a read of nothing waits for nothing */
        uint32_t err = kw_fd_wait(c, f, POLLIN);
        if (err == KW_ESUCCESS) {
            ssize_t r;
            if (is_socket(f)) {
                struct msghdr msg = {.msg_iov = iov, .msg_iovlen = (size_t)count};
                r = recvmsg(f->host, &msg, (flags & ~MSG_WAITALL) | MSG_DONTWAIT);
                *msg_flags = msg.msg_flags;
            } else {
                r = readv(f->host, iov, count);
            }
            if (r == 0)
                break;   /* end of file */
            if (r > 0) {
                total += (size_t)r;
                iov_advance(&iov, &count, (size_t)r);
                if (!waitall)
                    break;
                continue;
            }
            if (errno == EINTR)
                continue;
            /* Not ready after all (another reader was faster): a
             * non-blocking slot says so, a blocking one waits again. */
            err = errno == EAGAIN || errno == EWOULDBLOCK ? KW_EAGAIN : kw_errno(errno);
            if (err == KW_EAGAIN && !(f->fdflags & KW_FDFLAG_NONBLOCK))
                continue;
        }
        /* Bytes already read are the result; an error shows next time,
         * as POSIX has it. An interrupt ends the program anyway. */
        if (total > 0 && !(err & KW_TRAP(0)))
            break;
        return err;
    }
    *got = total;
    return KW_ESUCCESS;
}

/* The first PIPE_BUF bytes of iov[0, count) as iovecs in `out`; their
 * count. */
static int first_pipe_buf(const struct iovec *iov, int count, struct iovec *out)
{
    size_t room = PIPE_BUF;
    int n = 0;
    for (; n < count && room > 0; n++) {
        out[n] = iov[n];
        if (out[n].iov_len > room)
            out[n].iov_len = room;
        room -= out[n].iov_len;
    }
    return n;
}

uint32_t kw_write(kn_wasi_call *c, kn_wasi_fd *f, struct iovec *iov, int count, size_t *put)
{
    bool piecewise = f->inherited && kw_fd_may_block(f) && !is_socket(f);
    size_t total = 0;
    for (;;) {
        while (count > 0 && iov->iov_len == 0)
            iov++, count--;
        if (count == 0)
            break;
        uint32_t err = kw_fd_wait(c, f, POLLOUT);
        if (err == KW_ESUCCESS) {
            ssize_t r;
            if (is_socket(f)) {
                /* MSG_NOSIGNAL: a peer that went away is EPIPE, not a
                 * signal that ends kiln. */
                struct msghdr msg = {.msg_iov = iov, .msg_iovlen = (size_t)count};
                r = sendmsg(f->host, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
            } else if (piecewise) {
                struct iovec piece[KW_MAX_IOVS];
                r = writev(f->host, piece, first_pipe_buf(iov, count, piece));
            } else {
                r = writev(f->host, iov, count);
            }
            if (r > 0) {
                total += (size_t)r;
                iov_advance(&iov, &count, (size_t)r);
                continue;
            }
            if (r == 0)
                break;
            if (errno == EINTR)
                continue;
            err = errno == EAGAIN || errno == EWOULDBLOCK ? KW_EAGAIN : kw_errno(errno);
            if (err == KW_EAGAIN && !(f->fdflags & KW_FDFLAG_NONBLOCK))
                continue;
        }
        /* A non-blocking write ends with what fitted; bytes written before
         * an error are the result, the error shows next time. */
        if (total > 0 && !(err & KW_TRAP(0)))
            break;
        return err;
    }
    *put = total;
    return KW_ESUCCESS;
}
