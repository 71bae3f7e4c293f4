/*
 * fd.c -- the descriptor table and the fd_* functions that need no path:
 * reading and writing, seeking, flags, rights, sizes and times, sync,
 * renumbering and the preopens' descriptions.
 *
 * A guest descriptor is an index into w->fds; each slot holds a host
 * descriptor and the rights the guest has on it. Every function first
 * checks the rights it needs (witx $rights says which), then checks every
 * guest address it will touch, and only then acts, so an EFAULT never
 * leaves half an operation behind.
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

/* The table never grows beyond this many slots; the host's own limit on
 * open descriptors is usually far lower. */
enum { MAX_FDS = 1 << 20 };

kn_wasi_fd *kw_fd(kn_wasi *w, uint32_t fd, uint64_t rights, uint32_t *err)
{
    if (fd >= w->nfds || w->fds[fd].host < 0) {
        *err = KW_EBADF;
        return NULL;
    }
    kn_wasi_fd *f = &w->fds[fd];
    if ((f->base & rights) != rights) {
        *err = KW_ENOTCAPABLE;
        return NULL;
    }
    return f;
}

uint32_t kw_fd_add(kn_wasi *w, int host, uint8_t filetype, uint64_t base,
                   uint64_t inheriting, uint32_t *out)
{
    uint32_t i = 0;
    while (i < w->nfds && w->fds[i].host >= 0)
        i++;
    if (i == w->nfds) {
        if (w->nfds >= MAX_FDS)
            return KW_EMFILE;
        uint32_t n = w->nfds < 8 ? 16 : w->nfds * 2;
        kn_wasi_fd *fds = realloc(w->fds, n * sizeof *fds);
        if (!fds)
            return KW_ENOMEM;
        for (uint32_t j = w->nfds; j < n; j++)
            fds[j] = (kn_wasi_fd){.host = -1};
        w->fds = fds;
        w->nfds = n;
    }
    w->fds[i] = (kn_wasi_fd){.host = host, .filetype = filetype, .base = base,
                             .inheriting = inheriting};
    *out = i;
    return KW_ESUCCESS;
}

void kw_fd_release(kn_wasi_fd *f)
{
    if (f->host >= 0)
        close(f->host);
    if (f->dir) {
        if (f->dir->stream)
            closedir(f->dir->stream);
        free(f->dir);
    }
    free(f->preopen);
    *f = (kn_wasi_fd){.host = -1};
}

uint8_t kw_filetype(const struct stat *st)
{
    if (S_ISREG(st->st_mode))
        return KW_FILETYPE_REGULAR_FILE;
    if (S_ISDIR(st->st_mode))
        return KW_FILETYPE_DIRECTORY;
    if (S_ISLNK(st->st_mode))
        return KW_FILETYPE_SYMBOLIC_LINK;
    if (S_ISCHR(st->st_mode))
        return KW_FILETYPE_CHARACTER_DEVICE;
    if (S_ISBLK(st->st_mode))
        return KW_FILETYPE_BLOCK_DEVICE;
    if (S_ISSOCK(st->st_mode))
        return KW_FILETYPE_SOCKET_STREAM;
    return KW_FILETYPE_UNKNOWN;   /* FIFOs: WASI has no type for them */
}

uint8_t kw_fd_filetype(int host)
{
    struct stat st;
    if (fstat(host, &st) != 0)
        return KW_FILETYPE_UNKNOWN;
    uint8_t t = kw_filetype(&st);
    if (t == KW_FILETYPE_SOCKET_STREAM) {
        int type;
        socklen_t len = sizeof type;
        if (getsockopt(host, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_DGRAM)
            t = KW_FILETYPE_SOCKET_DGRAM;
    }
    return t;
}

uint64_t kw_type_rights(uint8_t filetype, int host)
{
    switch (filetype) {
    case KW_FILETYPE_DIRECTORY:
        return KW_RIGHTS_DIR;
    case KW_FILETYPE_SOCKET_STREAM:
    case KW_FILETYPE_SOCKET_DGRAM:
        return KW_RIGHTS_SOCKET;
    case KW_FILETYPE_CHARACTER_DEVICE:
        return isatty(host) ? KW_RIGHTS_TTY : KW_RIGHTS_FILE;
    default:
        return KW_RIGHTS_FILE;
    }
}

uint32_t kw_iovs(kn_wasi_call *c, uint32_t iovs, uint32_t n, struct iovec *out,
                 int *count, size_t *total)
{
    const uint8_t *p = kw_mem(c, iovs, (uint64_t)n * 8);
    if (!p)
        return KW_EFAULT;
    if (n > KW_MAX_IOVS)
        n = KW_MAX_IOVS;
    size_t sum = 0;
    uint32_t i = 0;
    for (; i < n; i++) {
        uint32_t buf = kw_get32(p + 8 * i), len = kw_get32(p + 8 * i + 4);
        uint8_t *b = kw_mem(c, buf, len);
        if (!b)
            return KW_EFAULT;
        /* iovecs may overlap, so the sum can pass any size: stop short. */
        if (len > INT32_MAX - sum)
            len = (uint32_t)(INT32_MAX - sum);
        out[i].iov_base = b;
        out[i].iov_len = len;
        sum += len;
    }
    *count = (int)i;
    *total = sum;
    return KW_ESUCCESS;
}

/* fd_read, fd_write, fd_pread, fd_pwrite: one body. `positioned` reads or
 * writes at an offset, which only a seekable file has (so it never
 * waits); the others may wait (wait.c). */
static uint32_t transfer(kn_wasi_call *c, const kn_value *a, bool write, bool positioned)
{
    uint64_t rights = write ? KW_R_FD_WRITE : KW_R_FD_READ;
    if (positioned)
        rights |= KW_R_FD_SEEK;
    uint32_t err;
    kn_wasi_fd *f = kw_fd(c->w, a[0].i32, rights, &err);
    if (!f)
        return err;
    uint32_t nread_ptr = positioned ? a[4].i32 : a[3].i32;
    if (!kw_mem(c, nread_ptr, 4))
        return KW_EFAULT;
    if (positioned && a[3].i64 > INT64_MAX)
        return KW_EINVAL;
    struct iovec iov[KW_MAX_IOVS];
    int n;
    size_t asked, moved = 0;
    if ((err = kw_iovs(c, a[1].i32, a[2].i32, iov, &n, &asked)) != KW_ESUCCESS)
        return err;
    if ((err = kw_fuel(c, asked)) != KW_ESUCCESS)
        return err;
    if (write && !positioned && f->sink) {
        for (int i = 0; i < n && err == KW_ESUCCESS; i++) {
            if (f->sink(f->sink_data, iov[i].iov_base, iov[i].iov_len))
                moved += iov[i].iov_len;
            else
                err = KW_EIO;
        }
    } else if (positioned) {
        ssize_t r = write ? pwritev(f->host, iov, n, (off_t)a[3].i64)
                          : preadv(f->host, iov, n, (off_t)a[3].i64);
        err = r < 0 ? kw_errno(errno) : KW_ESUCCESS;
        moved = r < 0 ? 0 : (size_t)r;
    } else {
        int flags;
        err = write ? kw_write(c, f, iov, n, &moved) : kw_read(c, f, iov, n, 0, &moved, &flags);
    }
    kw_fuel_return(c, asked, err == KW_ESUCCESS ? moved : 0);
    if (err == KW_ESUCCESS)
        kw_out32(c, nread_ptr, (uint32_t)moved);
    return err;
}

KW_FN(fd_read) { return transfer(c, a, false, false); }
KW_FN(fd_write) { return transfer(c, a, true, false); }
KW_FN(fd_pread) { return transfer(c, a, false, true); }
KW_FN(fd_pwrite) { return transfer(c, a, true, true); }

KW_FN(fd_seek)
{
    int whence = kw_whence(c, a[2].i32);
    int64_t offset = (int64_t)a[1].i64;
    /* fd_tell's right suffices for a seek that does not move. */
    uint64_t right = whence == SEEK_CUR && offset == 0 ? KW_R_FD_TELL : KW_R_FD_SEEK;
    uint32_t err;
    kn_wasi_fd *f = kw_fd(c->w, a[0].i32, 0, &err);
    if (!f)
        return err;
    if (!(f->base & (right | KW_R_FD_SEEK)))
        return KW_ENOTCAPABLE;
    if (whence < 0)
        return KW_EINVAL;
    if (!kw_mem(c, a[3].i32, 8))
        return KW_EFAULT;
    off_t r = lseek(f->host, (off_t)offset, whence);
    if (r < 0)
        return kw_errno(errno);
    kw_out64(c, a[3].i32, (uint64_t)r);
    return KW_ESUCCESS;
}

KW_FN(fd_tell)
{
    uint32_t err;
    kn_wasi_fd *f = kw_fd(c->w, a[0].i32, KW_R_FD_TELL, &err);
    if (!f)
        return err;
    if (!kw_mem(c, a[1].i32, 8))
        return KW_EFAULT;
    off_t r = lseek(f->host, 0, SEEK_CUR);
    if (r < 0)
        return kw_errno(errno);
    kw_out64(c, a[1].i32, (uint64_t)r);
    return KW_ESUCCESS;
}

KW_FN(fd_close)
{
    uint32_t err;
    kn_wasi_fd *f = kw_fd(c->w, a[0].i32, 0, &err);
    if (!f)
        return err;
    kw_fd_release(f);
    return KW_ESUCCESS;
}

/* fd_renumber(from, to): `to` must be open; it is closed and `from`'s
 * slot, rights, preopen name and directory stream move to it. */
KW_FN(fd_renumber)
{
    uint32_t err;
    kn_wasi_fd *from = kw_fd(c->w, a[0].i32, 0, &err);
    kn_wasi_fd *to = kw_fd(c->w, a[1].i32, 0, &err);
    if (!from || !to)
        return KW_EBADF;
    if (from == to)
        return KW_ESUCCESS;
    kw_fd_release(to);
    *to = *from;
    *from = (kn_wasi_fd){.host = -1};
    return KW_ESUCCESS;
}

static uint32_t sync_fd(kn_wasi_call *c, uint32_t fd, bool data)
{
    uint32_t err;
    kn_wasi_fd *f = kw_fd(c->w, fd, data ? KW_R_FD_DATASYNC : KW_R_FD_SYNC, &err);
    if (!f)
        return err;
#if defined(__APPLE__)
    int r = fsync(f->host);   /* macOS has no fdatasync */
#else
    int r = data ? fdatasync(f->host) : fsync(f->host);
#endif
    return r == 0 ? KW_ESUCCESS : kw_errno(errno);
}

KW_FN(fd_datasync) { return sync_fd(c, a[0].i32, true); }
KW_FN(fd_sync) { return sync_fd(c, a[0].i32, false); }

KW_FN(fd_advise)
{
    static const int advice[6] = {POSIX_FADV_NORMAL, POSIX_FADV_SEQUENTIAL,
                                  POSIX_FADV_RANDOM, POSIX_FADV_WILLNEED,
                                  POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE};
    uint32_t err;
    kn_wasi_fd *f = kw_fd(c->w, a[0].i32, KW_R_FD_ADVISE, &err);
    if (!f)
        return err;
    uint64_t off = a[1].i64, len = a[2].i64;
    if (a[3].i32 > 5 || off > INT64_MAX || len > INT64_MAX)
        return KW_EINVAL;
    if (f->filetype == KW_FILETYPE_DIRECTORY)
        return KW_EBADF;
    int r = posix_fadvise(f->host, (off_t)off, (off_t)len, advice[a[3].i32]);
    return kw_errno(r);
}

KW_FN(fd_allocate)
{
    uint32_t err;
    kn_wasi_fd *f = kw_fd(c->w, a[0].i32, KW_R_FD_ALLOCATE, &err);
    if (!f)
        return err;
    uint64_t off = a[1].i64, len = a[2].i64;
    if (off > INT64_MAX || len > INT64_MAX - off)
        return KW_EFBIG;
    if (len == 0)
        return KW_EINVAL;   /* as posix_fallocate */
    int r = posix_fallocate(f->host, (off_t)off, (off_t)len);
    return kw_errno(r);
}

/* The fdflags a host descriptor's status flags show, but nonblock, which
 * is kiln's own (wait.c). O_SYNC includes O_DSYNC on Linux, and O_RSYNC
 * may equal O_SYNC: each is reported only when all its bits are set and
 * it is a flag of its own. */
static uint16_t fdflags_of(int flags)
{
    uint16_t r = 0;
    if (flags & O_APPEND)
        r |= KW_FDFLAG_APPEND;
    if ((flags & O_SYNC) == O_SYNC)
        r |= KW_FDFLAG_SYNC;
    if ((flags & O_DSYNC) == O_DSYNC && (flags & O_SYNC) != O_SYNC)
        r |= KW_FDFLAG_DSYNC;
#if defined(O_RSYNC) && O_RSYNC != O_SYNC
    if ((flags & O_RSYNC) == O_RSYNC)
        r |= KW_FDFLAG_RSYNC;
#endif
    return r;
}

void kw_fd_inherit(kn_wasi_fd *f, int host)
{
    uint8_t type = kw_fd_filetype(host);
    /* A character device keeps fd_seek and fd_tell: it has no offset
     * worth keeping, and without them wasi-libc's isatty() would take
     * /dev/null for a terminal. */
    uint64_t withheld = KW_RIGHTS_INHERITED_WITHHELD;
    if (type == KW_FILETYPE_CHARACTER_DEVICE)
        withheld &= ~(KW_R_FD_SEEK | KW_R_FD_TELL);
    int flags = fcntl(host, F_GETFL);
    *f = (kn_wasi_fd){.host = host, .filetype = type,
                      .base = kw_type_rights(type, host) & ~withheld,
                      .fdflags = flags < 0 ? 0 : fdflags_of(flags),
                      .inherited = true};
}

KW_FN(fd_fdstat_get)
{
    uint32_t err;
    kn_wasi_fd *f = kw_fd(c->w, a[0].i32, 0, &err);
    if (!f)
        return err;
    uint8_t *p = kw_mem(c, a[1].i32, 24);
    if (!p)
        return KW_EFAULT;
    memset(p, 0, 24);
    p[0] = f->filetype;
    kw_put16(p + 2, f->fdflags);
    kw_put64(p + 8, f->base);
    kw_put64(p + 16, f->inheriting);
    return KW_ESUCCESS;
}

/* fd_fdstat_set_flags: nonblock is kiln's own (wait.c); append changes the
 * host description with F_SETFL, which an inherited one refuses (ENOTSUP:
 * the host's `>> log` must stay appended to); the sync flags cannot change
 * on an open descriptor on most hosts, so asking for a change of them is
 * ENOTSUP rather than a silent no-op. */
KW_FN(fd_fdstat_set_flags)
{
    uint32_t err;
    kn_wasi_fd *f = kw_fd(c->w, a[0].i32, KW_R_FD_FDSTAT_SET_FLAGS, &err);
    if (!f)
        return err;
    uint32_t want = a[1].i32;
    if (want & ~0x1fu)
        return KW_EINVAL;
    uint32_t sync = KW_FDFLAG_DSYNC | KW_FDFLAG_RSYNC | KW_FDFLAG_SYNC;
    if ((want ^ f->fdflags) & sync)
        return KW_ENOTSUP;
    if ((want ^ f->fdflags) & KW_FDFLAG_APPEND) {
        if (f->inherited)
            return KW_ENOTSUP;
        int flags = fcntl(f->host, F_GETFL);
        if (flags < 0)
            return kw_errno(errno);
        flags = want & KW_FDFLAG_APPEND ? flags | O_APPEND : flags & ~O_APPEND;
        if (fcntl(f->host, F_SETFL, flags) != 0)
            return kw_errno(errno);
    }
    f->fdflags = (uint16_t)want;
    return KW_ESUCCESS;
}

/* Rights only ever shrink. */
KW_FN(fd_fdstat_set_rights)
{
    uint32_t err;
    kn_wasi_fd *f = kw_fd(c->w, a[0].i32, 0, &err);
    if (!f)
        return err;
    uint64_t base = a[1].i64, inheriting = a[2].i64;
    if ((base & ~f->base) || (inheriting & ~f->inheriting))
        return KW_ENOTCAPABLE;
    f->base = base;
    f->inheriting = inheriting;
    return KW_ESUCCESS;
}

KW_FN(fd_filestat_get)
{
    uint32_t err;
    kn_wasi_fd *f = kw_fd(c->w, a[0].i32, KW_R_FD_FILESTAT_GET, &err);
    if (!f)
        return err;
    uint8_t *p = kw_mem(c, a[1].i32, kw_filestat_size(c));
    if (!p)
        return KW_EFAULT;
    struct stat st;
    if (fstat(f->host, &st) != 0)
        return kw_errno(errno);
    kw_put_filestat(c, p, &st);
    p[16] = f->filetype;   /* a socket's kind, which stat cannot tell */
    return KW_ESUCCESS;
}

KW_FN(fd_filestat_set_size)
{
    uint32_t err;
    kn_wasi_fd *f = kw_fd(c->w, a[0].i32, KW_R_FD_FILESTAT_SET_SIZE, &err);
    if (!f)
        return err;
    if (a[1].i64 > INT64_MAX)
        return KW_EINVAL;
    return ftruncate(f->host, (off_t)a[1].i64) == 0 ? KW_ESUCCESS : kw_errno(errno);
}

uint32_t kw_set_times(uint64_t atim, uint64_t mtim, uint32_t fst, struct timespec ts[2])
{
    if (fst & ~0xfu)
        return KW_EINVAL;
    if ((fst & KW_FST_ATIM && fst & KW_FST_ATIM_NOW)
        || (fst & KW_FST_MTIM && fst & KW_FST_MTIM_NOW))
        return KW_EINVAL;
    const uint64_t t[2] = {atim, mtim};
    const uint32_t set[2] = {KW_FST_ATIM, KW_FST_MTIM}, now[2] = {KW_FST_ATIM_NOW,
                                                                    KW_FST_MTIM_NOW};
    for (int i = 0; i < 2; i++) {
        if (fst & set[i]) {
            ts[i].tv_sec = (time_t)(t[i] / 1000000000u);
            ts[i].tv_nsec = (long)(t[i] % 1000000000u);
        } else {
            ts[i].tv_sec = 0;
            ts[i].tv_nsec = fst & now[i] ? UTIME_NOW : UTIME_OMIT;
        }
    }
    return KW_ESUCCESS;
}

KW_FN(fd_filestat_set_times)
{
    uint32_t err;
    kn_wasi_fd *f = kw_fd(c->w, a[0].i32, KW_R_FD_FILESTAT_SET_TIMES, &err);
    if (!f)
        return err;
    struct timespec ts[2];
    if ((err = kw_set_times(a[1].i64, a[2].i64, a[3].i32, ts)) != KW_ESUCCESS)
        return err;
    return futimens(f->host, ts) == 0 ? KW_ESUCCESS : kw_errno(errno);
}

/* fd_prestat_get: EBADF for any descriptor that is not a preopen, which
 * is how wasi-libc's start-up scan knows the preopens have ended. */
KW_FN(fd_prestat_get)
{
    uint32_t err;
    kn_wasi_fd *f = kw_fd(c->w, a[0].i32, 0, &err);
    if (!f)
        return err;
    if (!f->preopen)
        return KW_EBADF;
    uint8_t *p = kw_mem(c, a[1].i32, 8);
    if (!p)
        return KW_EFAULT;
    memset(p, 0, 8);   /* tag 0: preopentype::dir */
    kw_put32(p + 4, (uint32_t)strlen(f->preopen));
    return KW_ESUCCESS;
}

KW_FN(fd_prestat_dir_name)
{
    uint32_t err;
    kn_wasi_fd *f = kw_fd(c->w, a[0].i32, 0, &err);
    if (!f)
        return err;
    if (!f->preopen)
        return KW_EBADF;
    size_t len = strlen(f->preopen);
    if (a[2].i32 < len)
        return KW_ENAMETOOLONG;
    uint8_t *p = kw_mem(c, a[1].i32, len);
    if (!p)
        return KW_EFAULT;
    memcpy(p, f->preopen, len);
    return KW_ESUCCESS;
}
