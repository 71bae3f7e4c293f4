/*
 * unstable.c -- where `wasi_unstable` (snapshot 0, legacy/preview0/witx)
 * differs from `wasi_snapshot_preview1` in memory, and nowhere else:
 *
 *   - whence (u8): preview1 numbers SET=0 CUR=1 END=2; snapshot 0 numbers
 *     CUR=0 END=1 SET=2;
 *   - filestat: preview1's nlink is a u64 (record of 64 bytes); snapshot 0's
 *     linkcount is a u32, so size and the times move up (56 bytes);
 *   - subscription_clock: snapshot 0 begins with a u64 `identifier`, so a
 *     subscription is 56 bytes instead of 48 and the clock fields move by 8.
 *
 * Every other record (fdstat, dirent, event, prestat, iovec) and every
 * function signature is the same; snapshot 0 lacks sock_accept (wasi.c).
 */
#include "internal.h"

#include <unistd.h>

uint64_t kw_timespec_ns(struct timespec ts)
{
    if (ts.tv_sec < 0)
        return 0;
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint32_t kw_filestat_size(const kn_wasi_call *c)
{
    return c->unstable ? 56 : 64;
}

/* dev u64 @0, ino u64 @8, filetype u8 @16, then
 *   preview1:   nlink u64 @24, size @32, atim @40, mtim @48, ctim @56;
 *   snapshot 0: nlink u32 @20, size @24, atim @32, mtim @40, ctim @48. */
void kw_put_filestat(const kn_wasi_call *c, uint8_t *p, const struct stat *st)
{
    memset(p, 0, kw_filestat_size(c));
    kw_put64(p, (uint64_t)st->st_dev);
    kw_put64(p + 8, (uint64_t)st->st_ino);
    p[16] = kw_filetype(st);
    uint32_t at;
    if (c->unstable) {
        uint64_t n = (uint64_t)st->st_nlink;
        kw_put32(p + 20, n > UINT32_MAX ? UINT32_MAX : (uint32_t)n);
        at = 24;
    } else {
        kw_put64(p + 24, (uint64_t)st->st_nlink);
        at = 32;
    }
    kw_put64(p + at, st->st_size > 0 ? (uint64_t)st->st_size : 0);
    kw_put64(p + at + 8, kw_timespec_ns(st->st_atim));
    kw_put64(p + at + 16, kw_timespec_ns(st->st_mtim));
    kw_put64(p + at + 24, kw_timespec_ns(st->st_ctim));
}

int kw_whence(const kn_wasi_call *c, uint32_t whence)
{
    static const int preview1[3] = {SEEK_SET, SEEK_CUR, SEEK_END};
    static const int snapshot0[3] = {SEEK_CUR, SEEK_END, SEEK_SET};
    if (whence > 2)
        return -1;
    return c->unstable ? snapshot0[whence] : preview1[whence];
}

/* A subscription is userdata u64 @0, the tag u8 @8 and the union @16
 * (fd_readwrite's descriptor u32 @16 in both). */
uint32_t kw_subscription_size(const kn_wasi_call *c)
{
    return c->unstable ? 56 : 48;
}

kw_clock_layout kw_clock_fields(const kn_wasi_call *c)
{
    if (c->unstable)
        return (kw_clock_layout){24, 32, 40, 48};
    return (kw_clock_layout){16, 24, 32, 40};
}
