/*
 * unstable_layouts.c -- the `wasi_unstable` (snapshot 0) functions whose
 * memory layouts differ from preview1's: fd_seek's whence numbering,
 * filestat's 32-bit link count, poll_oneoff's 56-byte subscriptions.
 * The same calls through wasi_snapshot_preview1 serve as the reference.
 *
 * tests/suites/wasi_sandbox.sh preopens (fd 3) a directory holding
 * file.txt ("inside\n", 7 bytes).
 */
#include <stdint.h>
#include <string.h>
#include <wasi/api.h>

#include "../check.h"

#define OLD(name) __attribute__((import_module("wasi_unstable"), import_name(name)))
OLD("fd_seek") int32_t old_fd_seek(int32_t fd, int64_t offset, int32_t whence, int32_t out);
OLD("fd_filestat_get") int32_t old_fd_filestat_get(int32_t fd, int32_t out);
OLD("path_filestat_get") int32_t old_path_filestat_get(int32_t fd, int32_t flags, int32_t path,
                                                      int32_t len, int32_t out);
OLD("poll_oneoff") int32_t old_poll_oneoff(int32_t in, int32_t out, int32_t n, int32_t nout);
OLD("fd_write") int32_t old_fd_write(int32_t fd, int32_t iovs, int32_t n, int32_t out);

enum { ROOT = 3, OLD_CUR = 0, OLD_END = 1, OLD_SET = 2 };

#define P(x) ((int32_t)(uintptr_t)(x))

static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t get64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

int main(void)
{
    __wasi_fd_t fd;
    CHECK_EQ(__wasi_path_open(ROOT, 0, "file.txt", 0,
                              __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK
                                  | __WASI_RIGHTS_FD_TELL | __WASI_RIGHTS_FD_FILESTAT_GET,
                              0, 0, &fd),
             0);
    uint64_t pos = 99;
    CHECK_EQ(old_fd_seek(fd, 3, OLD_SET, P(&pos)), 0);
    CHECK_EQ(pos, 3);
    CHECK_EQ(old_fd_seek(fd, 1, OLD_CUR, P(&pos)), 0);
    CHECK_EQ(pos, 4);
    CHECK_EQ(old_fd_seek(fd, -2, OLD_END, P(&pos)), 0);
    CHECK_EQ(pos, 5);
    CHECK_EQ(old_fd_seek(fd, 0, 3, P(&pos)), __WASI_ERRNO_INVAL);
    /* preview1's numbering for comparison: 2 is END there. */
    __wasi_filesize_t p1;
    CHECK_EQ(__wasi_fd_seek(fd, 0, __WASI_WHENCE_END, &p1), 0);
    CHECK_EQ(p1, 7);

    /* filestat: dev @0, ino @8, filetype @16, nlink u32 @20, size @24,
     * times @32, @40, @48; 56 bytes, nothing written beyond. */
    uint8_t st[64];
    memset(st, 0xAA, sizeof st);
    CHECK_EQ(old_fd_filestat_get(fd, P(st)), 0);
    __wasi_filestat_t ref;
    CHECK_EQ(__wasi_fd_filestat_get(fd, &ref), 0);
    CHECK_EQ(get64(st), ref.dev);
    CHECK_EQ(get64(st + 8), ref.ino);
    CHECK_EQ(st[16], __WASI_FILETYPE_REGULAR_FILE);
    CHECK_EQ(get32(st + 20), ref.nlink);
    CHECK_EQ(get64(st + 24), 7);
    CHECK_EQ(get64(st + 40), ref.mtim);
    CHECK_EQ(get64(st + 48), ref.ctim);
    CHECK_EQ(st[56], 0xAA);
    memset(st, 0xAA, sizeof st);
    CHECK_EQ(old_path_filestat_get(ROOT, 0, P("file.txt"), 8, P(st)), 0);
    CHECK_EQ(get64(st + 24), 7);
    CHECK_EQ(get64(st + 8), ref.ino);
    CHECK_EQ(st[56], 0xAA);
    (void)__wasi_fd_close(fd);

    /* poll_oneoff: two 56-byte clock subscriptions (identifier u64 @16,
     * clock id @24, timeout @32, precision @40, flags @48); the 1 ms one
     * fires, the 1 hour one does not. */
    uint8_t subs[2 * 56], events[2 * 32];
    memset(subs, 0, sizeof subs);
    for (int i = 0; i < 2; i++) {
        uint64_t userdata = 100 + i, timeout = i ? 3600000000000ull : 1000000;
        uint32_t monotonic = 1;
        memcpy(subs + 56 * i, &userdata, 8);
        subs[56 * i + 8] = __WASI_EVENTTYPE_CLOCK;
        memcpy(subs + 56 * i + 24, &monotonic, 4);
        memcpy(subs + 56 * i + 32, &timeout, 8);
    }
    uint32_t nevents = 0;
    CHECK_EQ(old_poll_oneoff(P(subs), P(events), 2, P(&nevents)), 0);
    CHECK_EQ(nevents, 1);
    CHECK_EQ(get64(events), 100);
    CHECK_EQ(events[8] | events[9] << 8, 0);
    CHECK_EQ(events[10], __WASI_EVENTTYPE_CLOCK);

    /* The classic hello: fd_write through wasi_unstable. */
    static const char msg[] = "unstable hello\n";
    uint32_t iov[2] = {(uint32_t)P(msg), sizeof msg - 1}, written = 0;
    CHECK_EQ(old_fd_write(1, P(iov), 1, P(&written)), 0);
    CHECK_EQ(written, sizeof msg - 1);
    return check_done("unstable_layouts");
}
