/*
 * sock.c -- sock_accept, sock_recv, sock_send, sock_shutdown.
 *
 * Preview 1 cannot create sockets: a guest only accepts connections on
 * listening sockets the host handed over (kn_wasi_config.listener_fds,
 * `kiln run --tcplisten`), then talks on the accepted ones. Each call
 * waits as wait.c says, so an interrupt ends it; on a descriptor that is
 * no socket each is ENOTSOCK, as a native call would be.
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

enum {
    RIFLAG_PEEK = 1, RIFLAG_WAITALL = 2, ROFLAG_TRUNCATED = 1,
    SDFLAG_RD = 1, SDFLAG_WR = 2
};

/* The open socket `fd` with `rights`: EBADF, ENOTSOCK for a descriptor
 * that is no socket (whatever its rights), or ENOTCAPABLE. */
static kn_wasi_fd *socket_fd(kn_wasi_call *c, uint32_t fd, uint64_t rights, uint32_t *err)
{
    kn_wasi_fd *f = kw_fd(c->w, fd, 0, err);
    if (!f)
        return NULL;
    if (f->filetype != KW_FILETYPE_SOCKET_STREAM && f->filetype != KW_FILETYPE_SOCKET_DGRAM) {
        *err = KW_ENOTSOCK;
        return NULL;
    }
    return kw_fd(c->w, fd, rights, err);
}

/* sock_accept(fd, fdflags, *fd): only fdflags::nonblock is meaningful,
 * and kiln's own (wait.c): the new socket is non-blocking on the host. */
KW_FN(sock_accept)
{
    uint32_t err;
    kn_wasi_fd *f = socket_fd(c, a[0].i32, KW_R_SOCK_ACCEPT, &err);
    if (!f)
        return err;
    if (a[1].i32 & ~(uint32_t)KW_FDFLAG_NONBLOCK)
        return KW_EINVAL;
    if (!kw_mem(c, a[2].i32, 4))
        return KW_EFAULT;
    int fd;
    for (;;) {
        if ((err = kw_fd_wait(c, f, POLLIN)) != KW_ESUCCESS)
            return err;
        if ((fd = accept(f->host, NULL, NULL)) >= 0)
            break;
        /* A connection that went away before it was taken, or taken by
         * another process: wait for the next. */
        if (errno != EINTR && errno != ECONNABORTED && errno != EAGAIN
            && errno != EWOULDBLOCK)
            return kw_errno(errno);
        if (f->fdflags & KW_FDFLAG_NONBLOCK && errno != EINTR)
            return KW_EAGAIN;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fcntl(fd, F_SETFD, FD_CLOEXEC) != 0 || fl < 0
        || fcntl(fd, F_SETFL, fl | O_NONBLOCK) != 0) {
        err = kw_errno(errno);
        close(fd);
        return err;
    }
    uint32_t slot;
    if ((err = kw_fd_add(c->w, fd, KW_FILETYPE_SOCKET_STREAM,
                         KW_RIGHTS_SOCKET & ~KW_R_SOCK_ACCEPT, 0, &slot)) != KW_ESUCCESS) {
        close(fd);
        return err;
    }
    c->w->fds[slot].fdflags = (uint16_t)a[1].i32;
    kw_out32(c, a[2].i32, slot);
    return KW_ESUCCESS;
}

/* sock_recv(fd, ri_data, ri_data_len, ri_flags, *ro_datalen, *ro_flags). */
KW_FN(sock_recv)
{
    uint32_t err;
    kn_wasi_fd *f = socket_fd(c, a[0].i32, KW_R_FD_READ, &err);
    if (!f)
        return err;
    uint32_t riflags = a[3].i32;
    if (riflags & ~(uint32_t)(RIFLAG_PEEK | RIFLAG_WAITALL))
        return KW_EINVAL;
    if (!kw_mem(c, a[4].i32, 4) || !kw_mem(c, a[5].i32, 2))
        return KW_EFAULT;
    struct iovec iov[KW_MAX_IOVS];
    int n_iov, msg_flags;
    size_t asked, got = 0;
    if ((err = kw_iovs(c, a[1].i32, a[2].i32, iov, &n_iov, &asked)) != KW_ESUCCESS)
        return err;
    if ((err = kw_fuel(c, asked)) != KW_ESUCCESS)
        return err;
    int flags = (riflags & RIFLAG_PEEK ? MSG_PEEK : 0)
                | (riflags & RIFLAG_WAITALL ? MSG_WAITALL : 0);
    err = kw_read(c, f, iov, n_iov, flags, &got, &msg_flags);
    kw_fuel_return(c, asked, err == KW_ESUCCESS ? got : 0);
    if (err != KW_ESUCCESS)
        return err;
    kw_out32(c, a[4].i32, (uint32_t)got);
    kw_put16(kw_mem(c, a[5].i32, 2), msg_flags & MSG_TRUNC ? ROFLAG_TRUNCATED : 0);
    return KW_ESUCCESS;
}

/* sock_send(fd, si_data, si_data_len, si_flags, *so_datalen): no si_flags
 * are defined. */
KW_FN(sock_send)
{
    uint32_t err;
    kn_wasi_fd *f = socket_fd(c, a[0].i32, KW_R_FD_WRITE, &err);
    if (!f)
        return err;
    if (a[3].i32 != 0)
        return KW_EINVAL;
    if (!kw_mem(c, a[4].i32, 4))
        return KW_EFAULT;
    struct iovec iov[KW_MAX_IOVS];
    int n_iov;
    size_t asked, put = 0;
    if ((err = kw_iovs(c, a[1].i32, a[2].i32, iov, &n_iov, &asked)) != KW_ESUCCESS)
        return err;
    if ((err = kw_fuel(c, asked)) != KW_ESUCCESS)
        return err;
    err = kw_write(c, f, iov, n_iov, &put);
    kw_fuel_return(c, asked, err == KW_ESUCCESS ? put : 0);
    if (err != KW_ESUCCESS)
        return err;
    kw_out32(c, a[4].i32, (uint32_t)put);
    return KW_ESUCCESS;
}

KW_FN(sock_shutdown)
{
    static const int how[4] = {0, SHUT_RD, SHUT_WR, SHUT_RDWR};
    uint32_t err;
    kn_wasi_fd *f = socket_fd(c, a[0].i32, KW_R_SOCK_SHUTDOWN, &err);
    if (!f)
        return err;
    uint32_t sd = a[1].i32;
    if (sd == 0 || sd > (SDFLAG_RD | SDFLAG_WR))
        return KW_EINVAL;
    return shutdown(f->host, how[sd]) == 0 ? KW_ESUCCESS : kw_errno(errno);
}
