/*
 * fs.c -- the functions that name files by path (path_*), and fd_readdir.
 *
 * Each resolves its path with kw_path_at (path.c), which checks the
 * directory descriptor's rights and keeps the walk inside it, then acts on
 * the (directory, leaf) pair it returns with a call that does not follow a
 * symbolic link in the leaf: O_NOFOLLOW, AT_SYMLINK_NOFOLLOW, or a call
 * that never follows (mkdirat, unlinkat, renameat, linkat without
 * AT_SYMLINK_FOLLOW, symlinkat, readlinkat). Following, when the guest
 * asks for it, was done by the resolver under its rules.
 *
 * A path that ended in '/' (kw_path.must_dir) must name a directory; as
 * the leaf is never handed to the host with its slash (the kernel would
 * follow a link for it), the checks are made here.
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* How a lookup (open, stat, set times, link source) treats a link in its
 * last component, from the guest's lookupflags. */
static int lookup(uint32_t lookupflags)
{
    return lookupflags & KW_LOOKUP_SYMLINK_FOLLOW ? KW_FOLLOW : KW_FOLLOW_SLASH;
}

/* fstatat without following; 0 or an errno. */
static uint32_t lstat_at(const kw_path *p, struct stat *st)
{
    return fstatat(p->dir, p->leaf, st, AT_SYMLINK_NOFOLLOW) == 0 ? KW_ESUCCESS
                                                                  : kw_errno(errno);
}

/* For calls that create a name: a new name with a trailing slash exists
 * (EEXIST) or cannot be made as a non-directory (ENOENT). */
static uint32_t slash_on_new_name(const kw_path *p)
{
    struct stat st;
    return lstat_at(p, &st) == KW_ESUCCESS ? KW_EEXIST : KW_ENOENT;
}

/* A path with a trailing slash that names something else than a
 * directory is ENOTDIR. */
static uint32_t check_dir(const kw_path *p)
{
    struct stat st;
    if (!p->must_dir)
        return KW_ESUCCESS;
    uint32_t err = lstat_at(p, &st);
    if (err != KW_ESUCCESS)
        return err;
    return S_ISDIR(st.st_mode) ? KW_ESUCCESS : KW_ENOTDIR;
}

KW_FN(path_create_directory)
{
    kw_path p;
    uint32_t err = kw_path_at(c, a[0].i32, KW_R_PATH_CREATE_DIRECTORY, a[1].i32, a[2].i32,
                              KW_NOFOLLOW, &p);
    if (err != KW_ESUCCESS)
        return err;
    err = mkdirat(p.dir, p.leaf, 0777) == 0 ? KW_ESUCCESS : kw_errno(errno);
    kw_path_done(&p);
    return err;
}

KW_FN(path_filestat_get)
{
    uint8_t *out = kw_mem(c, a[4].i32, kw_filestat_size(c));
    if (!out)
        return KW_EFAULT;
    kw_path p;
    uint32_t err = kw_path_at(c, a[0].i32, KW_R_PATH_FILESTAT_GET, a[2].i32, a[3].i32,
                              lookup(a[1].i32), &p);
    if (err != KW_ESUCCESS)
        return err;
    struct stat st;
    err = lstat_at(&p, &st);
    if (err == KW_ESUCCESS && p.must_dir && !S_ISDIR(st.st_mode))
        err = KW_ENOTDIR;
    if (err == KW_ESUCCESS)
        kw_put_filestat(c, out, &st);
    kw_path_done(&p);
    return err;
}

KW_FN(path_filestat_set_times)
{
    struct timespec ts[2];
    uint32_t err = kw_set_times(a[4].i64, a[5].i64, a[6].i32, ts);
    if (err != KW_ESUCCESS)
        return err;
    kw_path p;
    err = kw_path_at(c, a[0].i32, KW_R_PATH_FILESTAT_SET_TIMES, a[2].i32, a[3].i32,
                     lookup(a[1].i32), &p);
    if (err != KW_ESUCCESS)
        return err;
    if ((err = check_dir(&p)) == KW_ESUCCESS)
        err = utimensat(p.dir, p.leaf, ts, AT_SYMLINK_NOFOLLOW) == 0 ? KW_ESUCCESS
                                                                     : kw_errno(errno);
    kw_path_done(&p);
    return err;
}

/* path_link(old_fd, old_flags, old_path, new_fd, new_path): both paths
 * resolve inside their own directories, so a link can neither reach out
 * nor be made outside. */
KW_FN(path_link)
{
    kw_path from, to;
    uint32_t err = kw_path_at(c, a[0].i32, KW_R_PATH_LINK_SOURCE, a[2].i32, a[3].i32,
                              lookup(a[1].i32), &from);
    if (err != KW_ESUCCESS)
        return err;
    err = kw_path_at(c, a[4].i32, KW_R_PATH_LINK_TARGET, a[5].i32, a[6].i32, KW_NOFOLLOW,
                     &to);
    if (err != KW_ESUCCESS) {
        kw_path_done(&from);
        return err;
    }
    if ((err = check_dir(&from)) == KW_ESUCCESS) {
        if (to.must_dir)
            err = slash_on_new_name(&to);
        else if (linkat(from.dir, from.leaf, to.dir, to.leaf, 0) != 0)
            err = kw_errno(errno);
    }
    kw_path_done(&from);
    kw_path_done(&to);
    return err;
}

/* Opens (dir, leaf) with `flags` (O_NONBLOCK among them, so that opening
 * a FIFO or a device never blocks): a FIFO opened for writing before
 * anyone reads it fails with ENXIO instead of waiting for a reader, and
 * poll() cannot see one come, so a blocking open looks again every 10 ms,
 * interruptibly. */
static uint32_t open_at(kn_wasi_call *c, const kw_path *p, int flags, bool nonblock, int *fd)
{
    enum { RETRY_NS = 10 * 1000 * 1000 };
    for (;;) {
        if ((*fd = openat(p->dir, p->leaf, flags, 0666)) >= 0)
            return KW_ESUCCESS;
        uint32_t err = kw_errno(errno);
        struct stat st;
        if (errno != ENXIO || nonblock || fstatat(p->dir, p->leaf, &st, AT_SYMLINK_NOFOLLOW) != 0
            || !S_ISFIFO(st.st_mode))
            return err;
        struct pollfd none[1];
        if ((err = kw_wait(c, none, 0, kw_clock_ns(CLOCK_MONOTONIC) + RETRY_NS)) != KW_ESUCCESS)
            return err;
    }
}

/* path_open(fd, dirflags, path, oflags, base, inheriting, fdflags, *fd).
 * The new descriptor's rights are those asked for, which must lie within
 * the directory's inheriting rights, less those that do not apply to what
 * was opened. The host access mode follows the rights: reading for
 * fd_read/fd_readdir, writing for fd_write and the rights that change the
 * data (allocate, set size, datasync); a directory is opened for writing
 * only when fd_write is asked, which fails with EISDIR as open(2) does.
 * The sync fdflags need the directory to hand out fd_datasync (dsync) or
 * fd_sync (rsync, sync), as witx says of those rights. */
KW_FN(path_open)
{
    uint32_t oflags = a[4].i32, fdflags = a[7].i32;
    uint64_t base = a[5].i64, inheriting = a[6].i64;
    if ((oflags & ~0xfu) || (fdflags & ~0x1fu))
        return KW_EINVAL;
    uint64_t need = KW_R_PATH_OPEN;
    if (oflags & KW_OFLAG_CREAT)
        need |= KW_R_PATH_CREATE_FILE;
    if (oflags & KW_OFLAG_TRUNC)
        need |= KW_R_PATH_FILESTAT_SET_SIZE;
    uint32_t err;
    kn_wasi_fd *d = kw_fd(c->w, a[0].i32, need, &err);
    if (!d)
        return err;
    uint64_t sync_rights = (fdflags & KW_FDFLAG_DSYNC ? KW_R_FD_DATASYNC : 0)
                           | (fdflags & (KW_FDFLAG_RSYNC | KW_FDFLAG_SYNC) ? KW_R_FD_SYNC : 0);
    if ((base & ~d->inheriting) || (inheriting & ~d->inheriting)
        || (sync_rights & ~d->inheriting))
        return KW_ENOTCAPABLE;
    if (!kw_mem(c, a[8].i32, 4))
        return KW_EFAULT;

    kw_path p;
    err = kw_path_at(c, a[0].i32, need, a[2].i32, a[3].i32, lookup(a[1].i32), &p);
    if (err != KW_ESUCCESS)
        return err;
    int flags = O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK;
    bool rd = base & (KW_R_FD_READ | KW_R_FD_READDIR);
    bool wr = base & (KW_R_FD_WRITE | KW_R_FD_ALLOCATE | KW_R_FD_FILESTAT_SET_SIZE
                      | KW_R_FD_DATASYNC);
    /* A directory (asked for, or named with a trailing '/'): the rights
     * that change data do not apply to it and are dropped below, but
     * fd_write is asked for writing, which open(2) refuses (EISDIR). */
    if (oflags & KW_OFLAG_DIRECTORY || p.must_dir) {
        flags |= O_DIRECTORY;
        wr = base & KW_R_FD_WRITE;
    }
    if (oflags & KW_OFLAG_CREAT)
        flags |= O_CREAT;
    if (oflags & KW_OFLAG_EXCL)
        flags |= O_EXCL;
    if (oflags & KW_OFLAG_TRUNC)
        flags |= O_TRUNC;
    if (fdflags & KW_FDFLAG_APPEND)
        flags |= O_APPEND;
    if (fdflags & KW_FDFLAG_DSYNC)
        flags |= O_DSYNC;
    if (fdflags & KW_FDFLAG_SYNC)
        flags |= O_SYNC;
#if defined(O_RSYNC)
    if (fdflags & KW_FDFLAG_RSYNC)
        flags |= O_RSYNC;
#else
    if (fdflags & KW_FDFLAG_RSYNC)
        flags |= O_SYNC;
#endif
    flags |= rd && wr ? O_RDWR : wr ? O_WRONLY : O_RDONLY;
    int fd;
    err = open_at(c, &p, flags, fdflags & KW_FDFLAG_NONBLOCK, &fd);
    kw_path_done(&p);
    if (err != KW_ESUCCESS)
        return err;
    uint8_t type = kw_fd_filetype(fd);
    base &= kw_type_rights(type, fd);
    if (type != KW_FILETYPE_DIRECTORY)
        inheriting = 0;   /* nothing is opened through a file */
    uint32_t slot;
    if ((err = kw_fd_add(c->w, fd, type, base, inheriting, &slot)) != KW_ESUCCESS) {
        close(fd);
        return err;
    }
    /* The flags as asked: O_RSYNC may be O_SYNC on the host. */
    c->w->fds[slot].fdflags = (uint16_t)fdflags;
    kw_out32(c, a[8].i32, slot);
    return KW_ESUCCESS;
}

/* path_readlink(fd, path, buf, buf_len, *bufused): the link's contents,
 * truncated to the buffer like POSIX readlink; no NUL is added. Reading a
 * link that points outside is allowed: it reveals a string, not a file. */
KW_FN(path_readlink)
{
    uint8_t *buf = kw_mem(c, a[3].i32, a[4].i32);
    if (!buf || !kw_mem(c, a[5].i32, 4))
        return KW_EFAULT;
    kw_path p;
    uint32_t err = kw_path_at(c, a[0].i32, KW_R_PATH_READLINK, a[1].i32, a[2].i32,
                              KW_NOFOLLOW, &p);
    if (err != KW_ESUCCESS)
        return err;
    char target[PATH_MAX];
    ssize_t n = p.must_dir ? (errno = ENOTDIR, -1)
                           : readlinkat(p.dir, p.leaf, target, sizeof target);
    err = n < 0 ? kw_errno(errno) : KW_ESUCCESS;
    kw_path_done(&p);
    if (err != KW_ESUCCESS)
        return err;
    uint32_t used = (uint64_t)n < a[4].i32 ? (uint32_t)n : a[4].i32;
    memcpy(buf, target, used);
    kw_out32(c, a[5].i32, used);
    return KW_ESUCCESS;
}

KW_FN(path_remove_directory)
{
    kw_path p;
    uint32_t err = kw_path_at(c, a[0].i32, KW_R_PATH_REMOVE_DIRECTORY, a[1].i32, a[2].i32,
                              KW_NOFOLLOW, &p);
    if (err != KW_ESUCCESS)
        return err;
    err = unlinkat(p.dir, p.leaf, AT_REMOVEDIR) == 0 ? KW_ESUCCESS : kw_errno(errno);
    kw_path_done(&p);
    return err;
}

KW_FN(path_unlink_file)
{
    kw_path p;
    uint32_t err = kw_path_at(c, a[0].i32, KW_R_PATH_UNLINK_FILE, a[1].i32, a[2].i32,
                              KW_NOFOLLOW, &p);
    if (err != KW_ESUCCESS)
        return err;
    struct stat st;
    if (p.must_dir) {
        /* "x/" names a directory, which unlink does not remove. */
        err = lstat_at(&p, &st);
        if (err == KW_ESUCCESS)
            err = S_ISDIR(st.st_mode) ? KW_EISDIR : KW_ENOTDIR;
    } else if (unlinkat(p.dir, p.leaf, 0) != 0) {
        err = kw_errno(errno);
        /* Some hosts (macOS) say EPERM for a directory; POSIX allows it,
         * WASI programs expect EISDIR. */
        if (err == KW_EPERM && lstat_at(&p, &st) == KW_ESUCCESS && S_ISDIR(st.st_mode))
            err = KW_EISDIR;
    }
    kw_path_done(&p);
    return err;
}

/* path_rename(fd, old_path, new_fd, new_path). */
KW_FN(path_rename)
{
    kw_path from, to;
    uint32_t err = kw_path_at(c, a[0].i32, KW_R_PATH_RENAME_SOURCE, a[1].i32, a[2].i32,
                              KW_NOFOLLOW, &from);
    if (err != KW_ESUCCESS)
        return err;
    err = kw_path_at(c, a[3].i32, KW_R_PATH_RENAME_TARGET, a[4].i32, a[5].i32, KW_NOFOLLOW,
                     &to);
    if (err != KW_ESUCCESS) {
        kw_path_done(&from);
        return err;
    }
    struct stat st;
    if (from.must_dir || to.must_dir) {
        err = lstat_at(&from, &st);
        if (err == KW_ESUCCESS && !S_ISDIR(st.st_mode))
            err = KW_ENOTDIR;
    }
    if (err == KW_ESUCCESS && renameat(from.dir, from.leaf, to.dir, to.leaf) != 0)
        err = kw_errno(errno);
    kw_path_done(&from);
    kw_path_done(&to);
    return err;
}

/* Whether a link target has a ".." component. */
static bool climbs(const uint8_t *t, uint32_t len)
{
    for (uint32_t i = 0; i < len;) {
        uint32_t j = i;
        while (j < len && t[j] != '/')
            j++;
        if (j - i == 2 && t[i] == '.' && t[i + 1] == '.')
            return true;
        i = j + 1;
    }
    return false;
}

/* path_symlink(old_path, fd, new_path): makes a link whose contents are
 * old_path. A target that is absolute or has a ".." component is refused
 * (ENOTCAPABLE): kiln's resolver would never follow it out of the preopen,
 * but the host's kernel would, for whoever uses the directory next on the
 * host. ".." is refused wherever it stands, because where it leads is not
 * known when the link is made: the link, or a directory above it, can be
 * renamed closer to the preopen's root, and a component before it can be
 * a link to "." ("x/../y" then climbs out). A target of plain names only
 * leads below the link's own directory, wherever that moves. */
KW_FN(path_symlink)
{
    uint32_t tlen = a[1].i32;
    const uint8_t *t = kw_mem(c, a[0].i32, tlen);
    if (!t)
        return KW_EFAULT;
    if (tlen == 0)
        return KW_ENOENT;
    if (tlen >= PATH_MAX)
        return KW_ENAMETOOLONG;
    if (memchr(t, '\0', tlen))
        return KW_EINVAL;
    if (t[0] == '/' || climbs(t, tlen))
        return KW_ENOTCAPABLE;
    char target[PATH_MAX];
    memcpy(target, t, tlen);
    target[tlen] = '\0';
    kw_path p;
    uint32_t err = kw_path_at(c, a[2].i32, KW_R_PATH_SYMLINK, a[3].i32, a[4].i32,
                              KW_NOFOLLOW, &p);
    if (err != KW_ESUCCESS)
        return err;
    if (p.must_dir)
        err = slash_on_new_name(&p);
    else if (symlinkat(target, p.dir, p.leaf) != 0)
        err = kw_errno(errno);
    kw_path_done(&p);
    return err;
}

/* fd_readdir: see kn_wasi_dir (internal.h) for the cookies. The entry at
 * the current position is read into `pending` before it is written, so an
 * entry the buffer truncated is still there for the next call. */
static uint8_t dirent_type(DIR *stream, const struct dirent *e)
{
#if defined(DT_UNKNOWN)
    switch (e->d_type) {
    case DT_REG: return KW_FILETYPE_REGULAR_FILE;
    case DT_DIR: return KW_FILETYPE_DIRECTORY;
    case DT_LNK: return KW_FILETYPE_SYMBOLIC_LINK;
    case DT_CHR: return KW_FILETYPE_CHARACTER_DEVICE;
    case DT_BLK: return KW_FILETYPE_BLOCK_DEVICE;
    case DT_SOCK: return KW_FILETYPE_SOCKET_STREAM;
    case DT_FIFO: return KW_FILETYPE_UNKNOWN;
    default: break;
    }
#endif
    struct stat st;
    if (fstatat(dirfd(stream), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return KW_FILETYPE_UNKNOWN;
    return kw_filetype(&st);
}

/* Makes the entry at d->next pending: false at the end of the directory
 * or on an error (*err set). */
static bool peek(kn_wasi_dir *d, uint32_t *err)
{
    if (d->has_pending)
        return true;
    errno = 0;
    struct dirent *e = readdir(d->stream);
    if (!e) {
        *err = errno ? kw_errno(errno) : KW_ESUCCESS;
        return false;
    }
    size_t len = strlen(e->d_name);
    if (len > NAME_MAX)
        len = NAME_MAX;
    memcpy(d->pending_name, e->d_name, len);
    d->pending_len = (uint32_t)len;
    d->pending_ino = (uint64_t)e->d_ino;
    d->pending_type = dirent_type(d->stream, e);
    d->has_pending = true;
    return true;
}

/* fd_readdir(fd, buf, buf_len, cookie, *bufused): as many entries (a
 * 24-byte dirent then the name, unterminated) as fit, the last one
 * truncated if it does not; bufused < buf_len means the end was reached. */
KW_FN(fd_readdir)
{
    uint32_t err;
    kn_wasi_fd *f = kw_fd(c->w, a[0].i32, KW_R_FD_READDIR, &err);
    if (!f)
        return err;
    uint32_t len = a[2].i32;
    uint64_t cookie = a[3].i64;
    uint8_t *buf = kw_mem(c, a[1].i32, len);
    if (!buf || !kw_mem(c, a[4].i32, 4))
        return KW_EFAULT;
    if (f->filetype != KW_FILETYPE_DIRECTORY)
        return KW_ENOTDIR;
    if (!f->dir && !(f->dir = calloc(1, sizeof *f->dir)))
        return KW_ENOMEM;
    kn_wasi_dir *d = f->dir;
    if (!d->stream) {
        /* A descriptor of its own: the stream's position must not be
         * shared with the guest's descriptor. */
        int fd = openat(f->host, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
            return kw_errno(errno);
        if (!(d->stream = fdopendir(fd))) {
            err = kw_errno(errno);
            close(fd);
            return err;
        }
        /* d is as calloc made it: position 0, nothing pending. */
    }
    /* The buffer's size is the guest's to choose: fuel for it all, what
     * was not filled given back. */
    if ((err = kw_fuel(c, len)) != KW_ESUCCESS)
        return err;
    if (cookie < d->next) {
        rewinddir(d->stream);
        d->next = 0;
        d->has_pending = false;
    }
    err = KW_ESUCCESS;
    while (d->next < cookie && peek(d, &err)) {
        d->has_pending = false;
        d->next++;
    }
    uint32_t used = 0;
    while (err == KW_ESUCCESS && used < len && peek(d, &err)) {
        uint8_t entry[24 + NAME_MAX];
        memset(entry, 0, 24);
        kw_put64(entry, d->next + 1);
        kw_put64(entry + 8, d->pending_ino);
        kw_put32(entry + 16, d->pending_len);
        entry[20] = d->pending_type;
        memcpy(entry + 24, d->pending_name, d->pending_len);
        uint32_t size = 24 + d->pending_len;
        uint32_t n = size < len - used ? size : len - used;
        memcpy(buf + used, entry, n);
        used += n;
        if (n < size)
            break;   /* truncated: stays pending */
        d->has_pending = false;
        d->next++;
    }
    kw_fuel_return(c, len, err == KW_ESUCCESS ? used : 0);
    if (err != KW_ESUCCESS)
        return err;
    kw_out32(c, a[4].i32, used);
    return KW_ESUCCESS;
}
