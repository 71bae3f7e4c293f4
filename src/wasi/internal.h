/*
 * internal.h -- what the files of src/wasi share: the WASI ABI's constants
 * (witx: legacy/preview1/witx/typenames.witx; wasi_unstable's differ only
 * where unstable.c says), the descriptor table, guest-memory access and the
 * path resolver's interface.
 *
 * Every file of src/wasi includes this header first: it asks libc for the
 * calls beyond POSIX 2008 that WASI needs (O_PATH, preadv, d_type,
 * getrandom), which must be requested before any system header is read.
 */
#ifndef KN_WASI_INTERNAL_H
#define KN_WASI_INTERNAL_H

#define _GNU_SOURCE 1
#define _DARWIN_C_SOURCE 1

#include <dirent.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>

#include "wasi.h"

/* errno (witx $errno, u16): the values used here. */
enum {
    KW_ESUCCESS = 0, KW_E2BIG = 1, KW_EACCES = 2, KW_EADDRINUSE = 3,
    KW_EADDRNOTAVAIL = 4, KW_EAFNOSUPPORT = 5, KW_EAGAIN = 6, KW_EALREADY = 7,
    KW_EBADF = 8, KW_EBADMSG = 9, KW_EBUSY = 10, KW_ECANCELED = 11,
    KW_ECHILD = 12, KW_ECONNABORTED = 13, KW_ECONNREFUSED = 14,
    KW_ECONNRESET = 15, KW_EDEADLK = 16, KW_EDESTADDRREQ = 17, KW_EDOM = 18,
    KW_EDQUOT = 19, KW_EEXIST = 20, KW_EFAULT = 21, KW_EFBIG = 22,
    KW_EHOSTUNREACH = 23, KW_EIDRM = 24, KW_EILSEQ = 25, KW_EINPROGRESS = 26,
    KW_EINTR = 27, KW_EINVAL = 28, KW_EIO = 29, KW_EISCONN = 30,
    KW_EISDIR = 31, KW_ELOOP = 32, KW_EMFILE = 33, KW_EMLINK = 34,
    KW_EMSGSIZE = 35, KW_EMULTIHOP = 36, KW_ENAMETOOLONG = 37,
    KW_ENETDOWN = 38, KW_ENETRESET = 39, KW_ENETUNREACH = 40, KW_ENFILE = 41,
    KW_ENOBUFS = 42, KW_ENODEV = 43, KW_ENOENT = 44, KW_ENOEXEC = 45,
    KW_ENOLCK = 46, KW_ENOLINK = 47, KW_ENOMEM = 48, KW_ENOMSG = 49,
    KW_ENOPROTOOPT = 50, KW_ENOSPC = 51, KW_ENOSYS = 52, KW_ENOTCONN = 53,
    KW_ENOTDIR = 54, KW_ENOTEMPTY = 55, KW_ENOTRECOVERABLE = 56,
    KW_ENOTSOCK = 57, KW_ENOTSUP = 58, KW_ENOTTY = 59, KW_ENXIO = 60,
    KW_EOVERFLOW = 61, KW_EOWNERDEAD = 62, KW_EPERM = 63, KW_EPIPE = 64,
    KW_EPROTO = 65, KW_EPROTONOSUPPORT = 66, KW_EPROTOTYPE = 67,
    KW_ERANGE = 68, KW_EROFS = 69, KW_ESPIPE = 70, KW_ESRCH = 71,
    KW_ESTALE = 72, KW_ETIMEDOUT = 73, KW_ETXTBSY = 74, KW_EXDEV = 75,
    KW_ENOTCAPABLE = 76
};

/* A host function's result that is not an errno: the call ends the
 * program with this trap (KN_TRAP_EXIT for proc_exit). */
#define KW_TRAP(code) (0x10000u | (uint32_t)(code))

/* filetype (u8). */
enum {
    KW_FILETYPE_UNKNOWN = 0, KW_FILETYPE_BLOCK_DEVICE = 1,
    KW_FILETYPE_CHARACTER_DEVICE = 2, KW_FILETYPE_DIRECTORY = 3,
    KW_FILETYPE_REGULAR_FILE = 4, KW_FILETYPE_SOCKET_DGRAM = 5,
    KW_FILETYPE_SOCKET_STREAM = 6, KW_FILETYPE_SYMBOLIC_LINK = 7
};

/* fdflags (u16), oflags (u16), lookupflags (u32), fstflags (u16). */
enum {
    KW_FDFLAG_APPEND = 1, KW_FDFLAG_DSYNC = 2, KW_FDFLAG_NONBLOCK = 4,
    KW_FDFLAG_RSYNC = 8, KW_FDFLAG_SYNC = 16,
    KW_OFLAG_CREAT = 1, KW_OFLAG_DIRECTORY = 2, KW_OFLAG_EXCL = 4, KW_OFLAG_TRUNC = 8,
    KW_LOOKUP_SYMLINK_FOLLOW = 1,
    KW_FST_ATIM = 1, KW_FST_ATIM_NOW = 2, KW_FST_MTIM = 4, KW_FST_MTIM_NOW = 8
};

/* rights (u64): bit n is the n-th flag of witx $rights. */
#define KW_R(n) (UINT64_C(1) << (n))
#define KW_R_FD_DATASYNC            KW_R(0)
#define KW_R_FD_READ                KW_R(1)
#define KW_R_FD_SEEK                KW_R(2)
#define KW_R_FD_FDSTAT_SET_FLAGS    KW_R(3)
#define KW_R_FD_SYNC                KW_R(4)
#define KW_R_FD_TELL                KW_R(5)
#define KW_R_FD_WRITE               KW_R(6)
#define KW_R_FD_ADVISE              KW_R(7)
#define KW_R_FD_ALLOCATE            KW_R(8)
#define KW_R_PATH_CREATE_DIRECTORY  KW_R(9)
#define KW_R_PATH_CREATE_FILE       KW_R(10)
#define KW_R_PATH_LINK_SOURCE       KW_R(11)
#define KW_R_PATH_LINK_TARGET       KW_R(12)
#define KW_R_PATH_OPEN              KW_R(13)
#define KW_R_FD_READDIR             KW_R(14)
#define KW_R_PATH_READLINK          KW_R(15)
#define KW_R_PATH_RENAME_SOURCE     KW_R(16)
#define KW_R_PATH_RENAME_TARGET     KW_R(17)
#define KW_R_PATH_FILESTAT_GET      KW_R(18)
#define KW_R_PATH_FILESTAT_SET_SIZE KW_R(19)
#define KW_R_PATH_FILESTAT_SET_TIMES KW_R(20)
#define KW_R_FD_FILESTAT_GET        KW_R(21)
#define KW_R_FD_FILESTAT_SET_SIZE   KW_R(22)
#define KW_R_FD_FILESTAT_SET_TIMES  KW_R(23)
#define KW_R_PATH_SYMLINK           KW_R(24)
#define KW_R_PATH_REMOVE_DIRECTORY  KW_R(25)
#define KW_R_PATH_UNLINK_FILE       KW_R(26)
#define KW_R_POLL_FD_READWRITE      KW_R(27)
#define KW_R_SOCK_SHUTDOWN          KW_R(28)
#define KW_R_SOCK_ACCEPT            KW_R(29)   /* preview1 only */
#define KW_RIGHTS_ALL               (KW_R(30) - 1)

/* The rights that apply to each kind of descriptor: path_open drops the
 * others ("fewer rights ... if and only if those rights do not apply to the
 * type of file being opened"). */
#define KW_RIGHTS_FILE                                                      \
    (KW_R_FD_DATASYNC | KW_R_FD_READ | KW_R_FD_SEEK | KW_R_FD_FDSTAT_SET_FLAGS \
     | KW_R_FD_SYNC | KW_R_FD_TELL | KW_R_FD_WRITE | KW_R_FD_ADVISE           \
     | KW_R_FD_ALLOCATE | KW_R_FD_FILESTAT_GET | KW_R_FD_FILESTAT_SET_SIZE    \
     | KW_R_FD_FILESTAT_SET_TIMES | KW_R_POLL_FD_READWRITE)
#define KW_RIGHTS_DIR                                                       \
    (KW_R_FD_FDSTAT_SET_FLAGS | KW_R_FD_SYNC | KW_R_FD_ADVISE                \
     | KW_R_PATH_CREATE_DIRECTORY | KW_R_PATH_CREATE_FILE                    \
     | KW_R_PATH_LINK_SOURCE | KW_R_PATH_LINK_TARGET | KW_R_PATH_OPEN        \
     | KW_R_FD_READDIR | KW_R_PATH_READLINK | KW_R_PATH_RENAME_SOURCE        \
     | KW_R_PATH_RENAME_TARGET | KW_R_PATH_FILESTAT_GET                      \
     | KW_R_PATH_FILESTAT_SET_SIZE | KW_R_PATH_FILESTAT_SET_TIMES            \
     | KW_R_FD_FILESTAT_GET | KW_R_FD_FILESTAT_SET_TIMES | KW_R_PATH_SYMLINK  \
     | KW_R_PATH_REMOVE_DIRECTORY | KW_R_PATH_UNLINK_FILE                    \
     | KW_R_POLL_FD_READWRITE)
/* A terminal has no offset: without fd_seek and fd_tell, wasi-libc's
 * isatty() recognises it (and line-buffers stdout). */
#define KW_RIGHTS_TTY                                                       \
    (KW_R_FD_READ | KW_R_FD_FDSTAT_SET_FLAGS | KW_R_FD_WRITE                 \
     | KW_R_FD_FILESTAT_GET | KW_R_POLL_FD_READWRITE)
#define KW_RIGHTS_SOCKET (KW_RIGHTS_TTY | KW_R_SOCK_SHUTDOWN | KW_R_SOCK_ACCEPT)
/* What a read-only preopen withholds from itself and all it opens. */
#define KW_RIGHTS_WRITING                                                   \
    (KW_R_FD_DATASYNC | KW_R_FD_WRITE | KW_R_FD_ALLOCATE                     \
     | KW_R_FD_FILESTAT_SET_SIZE | KW_R_FD_FILESTAT_SET_TIMES                \
     | KW_R_PATH_CREATE_DIRECTORY | KW_R_PATH_CREATE_FILE                    \
     | KW_R_PATH_LINK_SOURCE | KW_R_PATH_LINK_TARGET                         \
     | KW_R_PATH_RENAME_SOURCE | KW_R_PATH_RENAME_TARGET                     \
     | KW_R_PATH_FILESTAT_SET_SIZE | KW_R_PATH_FILESTAT_SET_TIMES            \
     | KW_R_PATH_SYMLINK | KW_R_PATH_REMOVE_DIRECTORY | KW_R_PATH_UNLINK_FILE)

/* What an inherited descriptor (kn_wasi_fd.inherited) withholds: moving
 * the shared offset, and changing the host's file beyond writing to it.
 * Reading and writing still move the offset, as they must. A character
 * device keeps fd_seek and fd_tell (see kw_fd_inherit). */
#define KW_RIGHTS_INHERITED_WITHHELD                                        \
    (KW_R_FD_SEEK | KW_R_FD_TELL | KW_R_FD_ALLOCATE | KW_R_FD_FILESTAT_SET_SIZE \
     | KW_R_FD_FILESTAT_SET_TIMES)

/* fd_readdir's position in a directory: cookies are entry indices, so
 * entry n (from 0) has d_next n + 1. The entry at `next` may already have
 * been read from the stream and kept in `pending`: the one a full buffer
 * truncated, which the guest asks for again with the same cookie. */
typedef struct kn_wasi_dir {
    DIR *stream;
    uint64_t next;
    bool has_pending;
    uint64_t pending_ino;
    uint8_t pending_type;
    uint32_t pending_len;
    char pending_name[NAME_MAX + 1];
} kn_wasi_dir;

/* A slot of the descriptor table; host < 0 marks a free slot. */
typedef struct kn_wasi_fd {
    int host;
    uint8_t filetype;
    uint64_t base, inheriting;   /* rights */
    /* The fdflags the guest sees. APPEND and the sync flags are the host
     * description's; NONBLOCK is kiln's alone (wait.c). */
    uint16_t fdflags;
    /* The open file description is the host's, shared with whoever else
     * holds it (stdio): kiln never changes its flags, and the guest may not
     * move its offset or change its file (KW_RIGHTS_INHERITED_WITHHELD). */
    bool inherited;
    char *preopen;               /* the guest's name of a preopened directory */
    kn_wasi_dir *dir;            /* fd_readdir's stream, made on first use */
    /* An output the embedder takes through a callback (kn_wasi_config's
     * stdout_write): fd_write hands it the bytes; `host` is then /dev/null,
     * so every other call behaves as on a character device. */
    bool (*sink)(void *data, const uint8_t *bytes, size_t len);
    void *sink_data;
} kn_wasi_fd;

typedef struct kn_wasi_def kn_wasi_def;

/* What a host function's env points at: one per function of each module,
 * kept in the kn_wasi so they live as long as it does. */
typedef struct kn_wasi_binding {
    kn_wasi *w;
    const kn_wasi_def *def;
    bool unstable;               /* imported from wasi_unstable */
} kn_wasi_binding;

struct kn_wasi {
    uint32_t argc, argv_size;    /* argv_size: the strings' bytes with NULs */
    char **argv;
    uint32_t envc, env_size;
    char **envp;
    kn_wasi_fd *fds;
    uint32_t nfds;               /* slots allocated */
    kn_meminst *memory;
    kn_wasi_binding *bindings;
};

/* One call of a WASI function: its instance of WASI, the store (for
 * traps) and the memory as it is during the call. A WASI function never
 * runs wasm code, so the memory cannot move or grow while it runs. */
typedef struct kn_wasi_call {
    kn_wasi *w;
    kn_store *store;
    uint8_t *mem;
    uint64_t size;
    bool unstable;
} kn_wasi_call;

/* A WASI function: reads its arguments, returns an errno or KW_TRAP(). */
typedef uint32_t (*kn_wasi_fn)(kn_wasi_call *c, const kn_value *a);

struct kn_wasi_def {
    const char *name;
    const char *params;          /* 'i' i32, 'I' i64 */
    bool has_result;             /* an errno; false only for proc_exit */
    kn_wasi_fn fn;
};

/* Guest memory. kw_mem is the host address of [ptr, ptr+len), or NULL
 * when any of it lies outside the memory (64-bit sums: no wrap-around). */
static inline uint8_t *kw_mem(const kn_wasi_call *c, uint32_t ptr, uint64_t len)
{
    if (!c->mem || (uint64_t)ptr + len > c->size)
        return NULL;
    return c->mem + ptr;
}

/* Little-endian loads and stores, wherever the host's byte order. */
static inline void kw_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8);
}
static inline void kw_put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}
static inline void kw_put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}
static inline uint16_t kw_get16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}
static inline uint32_t kw_get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16
           | (uint32_t)p[3] << 24;
}
static inline uint64_t kw_get64(const uint8_t *p)
{
    return (uint64_t)kw_get32(p) | (uint64_t)kw_get32(p + 4) << 32;
}

/* Stores a u32/u64 result at a guest address: false when out of bounds. */
bool kw_out32(kn_wasi_call *c, uint32_t ptr, uint32_t v);
bool kw_out64(kn_wasi_call *c, uint32_t ptr, uint64_t v);

/* Guest iovecs (or ciovecs) at `iovs` as host iovecs: at most KW_MAX_IOVS
 * of them and INT32_MAX bytes in all (*total), which makes a short read or
 * write as POSIX allows and keeps every count a u32; every buffer lies
 * inside the memory, or the result is EFAULT. */
enum { KW_MAX_IOVS = 1024 };
uint32_t kw_iovs(kn_wasi_call *c, uint32_t iovs, uint32_t n, struct iovec *out,
                 int *count, size_t *total);

/* wasi.c: the WASI errno for a host errno. */
uint32_t kw_errno(int host_errno);

/* wasi.c: fuel. A call that moves a number of bytes the guest chose takes
 * one unit of fuel per 2^KN_BULK_FUEL_SHIFT of them, as bulk memory
 * operations do, before it acts: KW_TRAP(KN_TRAP_OUT_OF_FUEL) when the
 * store has too little. A call that may move fewer than it was asked for
 * (a read) charges what was asked and gives back, with kw_fuel_return,
 * what it did not move. */
uint32_t kw_fuel(kn_wasi_call *c, uint64_t bytes);
void kw_fuel_return(kn_wasi_call *c, uint64_t asked, uint64_t moved);

/* wait.c: waiting, always beside the store's wake-up pipe, so that an
 * interrupt ends it. */
#define KW_FOREVER UINT64_MAX
/* Now on clock `id`, in nanoseconds. */
uint64_t kw_clock_ns(clockid_t id);
/* Waits until an entry of fds[0, n) has an event, CLOCK_MONOTONIC reaches
 * `deadline` (ns; KW_FOREVER: never; 0: look without waiting) or the store
 * is interrupted. fds has room for n + 1 entries: the last is the wake-up
 * pipe's. Returns KW_ESUCCESS (the caller reads the revents, all 0 at the
 * deadline), KW_TRAP(KN_TRAP_INTERRUPTED) or an errno. */
uint32_t kw_wait(kn_wasi_call *c, struct pollfd *fds, uint32_t n, uint64_t deadline);
/* Whether I/O on `f` can block: on anything but regular files,
 * directories and block devices. */
bool kw_fd_may_block(const kn_wasi_fd *f);
/* Waits until `f` is ready for `events` (POLLIN, POLLOUT), at once when it
 * cannot block; KW_EAGAIN when the guest made it non-blocking and it is not
 * ready. */
uint32_t kw_fd_wait(kn_wasi_call *c, kn_wasi_fd *f, short events);
/* A read into iov[0, count) as the guest's read() would be (sockets with
 * recvmsg and `flags`, *msg_flags set; MSG_WAITALL reads until the buffers
 * are full or the stream ends): waits while nothing is there unless `f` is
 * non-blocking. *got is the byte count. */
uint32_t kw_read(kn_wasi_call *c, kn_wasi_fd *f, struct iovec *iov, int count, int flags,
                 size_t *got, int *msg_flags);
/* A write of iov[0, count) as the guest's write() would be: all of it,
 * waiting as needed, or what fits now when `f` is non-blocking. *put is
 * the byte count. */
uint32_t kw_write(kn_wasi_call *c, kn_wasi_fd *f, struct iovec *iov, int count, size_t *put);

/* fd.c: the descriptor table. */
/* The open descriptor `fd`, if it has all of `rights`; else NULL with
 * *err set to EBADF or ENOTCAPABLE. */
kn_wasi_fd *kw_fd(kn_wasi *w, uint32_t fd, uint64_t rights, uint32_t *err);
/* Enters host descriptor `host` in the lowest free slot; on failure (an
 * errno) the caller still owns `host`. */
uint32_t kw_fd_add(kn_wasi *w, int host, uint8_t filetype, uint64_t base,
                   uint64_t inheriting, uint32_t *out);
/* Releases a slot and what it holds. */
void kw_fd_release(kn_wasi_fd *f);
/* Fills free slot `f` with `host`, kiln's duplicate of a descriptor whose
 * open file description the host shares (stdio): kn_wasi_fd.inherited. */
void kw_fd_inherit(kn_wasi_fd *f, int host);
/* The filetype of a host descriptor or stat, and the rights that apply. */
uint8_t kw_filetype(const struct stat *st);
uint8_t kw_fd_filetype(int host);
uint64_t kw_type_rights(uint8_t filetype, int host);

/* unstable.c: the layouts that differ between preview1 and wasi_unstable. */
uint32_t kw_filestat_size(const kn_wasi_call *c);
void kw_put_filestat(const kn_wasi_call *c, uint8_t *p, const struct stat *st);
/* The host whence for a guest whence, or -1. */
int kw_whence(const kn_wasi_call *c, uint32_t whence);
uint32_t kw_subscription_size(const kn_wasi_call *c);
/* Offsets of a clock subscription's fields within a subscription. */
typedef struct kw_clock_layout {
    uint32_t id, timeout, precision, flags;
} kw_clock_layout;
kw_clock_layout kw_clock_fields(const kn_wasi_call *c);
/* Nanoseconds since the epoch, 0 for times before it. */
uint64_t kw_timespec_ns(struct timespec ts);

/* path.c: resolution beneath a directory. */
enum { KW_MAX_DEPTH = 128, KW_MAX_SYMLINKS = 40, KW_MAX_PATH = 65536 };

/* A resolved path: the directory holding its last component and that
 * component's name ("." when the path names the directory itself). */
typedef struct kw_path {
    int dir;                     /* owned when != the starting descriptor */
    bool owned;
    bool must_dir;               /* the path ended in '/' */
    char leaf[NAME_MAX + 1];
} kw_path;

/* Whether a symbolic link in the last component is expanded: never
 * (calls that act on the name itself: unlink, rename, mkdir...), always
 * (lookupflags::symlink_follow), or when the path ends in '/' (lookups
 * without symlink_follow: POSIX resolves "link/" to the directory). */
enum { KW_NOFOLLOW = 0, KW_FOLLOW = 1, KW_FOLLOW_SLASH = 2 };

/* Resolves guest path [ptr, ptr+len) beneath the directory `fd`, which
 * must have `rights`. Returns an errno; on success kw_path_done releases
 * `p`. */
uint32_t kw_path_at(kn_wasi_call *c, uint32_t fd, uint64_t rights, uint32_t ptr,
                    uint32_t len, int follow, kw_path *p);
/* The same from a host directory descriptor and a host string. */
uint32_t kw_path_resolve(int dirfd, const char *path, size_t len, int follow,
                         kw_path *p);
void kw_path_done(kw_path *p);
/* Opens for searching only (O_PATH where there is one). */
int kw_open_search_flags(void);

/* The WASI functions, by file. */
#define KW_FN(name) uint32_t kw_##name(kn_wasi_call *c, const kn_value *a)
/* wasi.c */
KW_FN(args_get); KW_FN(args_sizes_get); KW_FN(environ_get);
KW_FN(environ_sizes_get); KW_FN(proc_exit); KW_FN(proc_raise);
KW_FN(sched_yield); KW_FN(random_get);
/* fd.c */
KW_FN(fd_advise); KW_FN(fd_allocate); KW_FN(fd_close); KW_FN(fd_datasync);
KW_FN(fd_fdstat_get); KW_FN(fd_fdstat_set_flags); KW_FN(fd_fdstat_set_rights);
KW_FN(fd_filestat_get); KW_FN(fd_filestat_set_size);
KW_FN(fd_filestat_set_times); KW_FN(fd_pread); KW_FN(fd_prestat_get);
KW_FN(fd_prestat_dir_name); KW_FN(fd_pwrite); KW_FN(fd_read);
KW_FN(fd_renumber); KW_FN(fd_seek); KW_FN(fd_sync); KW_FN(fd_tell);
KW_FN(fd_write);
/* fs.c */
KW_FN(fd_readdir); KW_FN(path_create_directory); KW_FN(path_filestat_get);
KW_FN(path_filestat_set_times); KW_FN(path_link); KW_FN(path_open);
KW_FN(path_readlink); KW_FN(path_remove_directory); KW_FN(path_rename);
KW_FN(path_symlink); KW_FN(path_unlink_file);
/* clock_poll.c */
KW_FN(clock_res_get); KW_FN(clock_time_get); KW_FN(poll_oneoff);
/* sock.c */
KW_FN(sock_accept); KW_FN(sock_recv); KW_FN(sock_send); KW_FN(sock_shutdown);

/* Times for futimens/utimensat from fd_/path_filestat_set_times'
 * arguments; an errno (EINVAL for contradictory flags). */
uint32_t kw_set_times(uint64_t atim, uint64_t mtim, uint32_t fst, struct timespec ts[2]);

#endif
