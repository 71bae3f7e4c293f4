/*
 * sandbox_race.c -- path resolution while another process swaps names.
 *
 * tests/suites/wasi_sandbox.sh runs a host process beside this program
 * that keeps turning ROOT/swap from a directory (holding target.txt,
 * "inside") into a symbolic link to ../outside (holding target.txt,
 * "SECRET") and back, and ROOT/swapf from a regular file ("inside") into a
 * link to ../outside/secret.txt and back. Whatever the interleaving, every
 * open either reads "inside" or fails; none may read "SECRET".
 *
 * argv[1]: the number of rounds.
 */
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

#include "../check.h"

enum { ROOT = 3 };

/* 1 read "inside", 0 failed with an allowed errno, -1 read anything else
 * or failed otherwise. */
static int attempt(const char *path)
{
    __wasi_fd_t fd;
    __wasi_errno_t e = __wasi_path_open(ROOT, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, path, 0,
                                        __WASI_RIGHTS_FD_READ, 0, 0, &fd);
    if (e)
        return e == __WASI_ERRNO_NOTCAPABLE || e == __WASI_ERRNO_NOENT
                       || e == __WASI_ERRNO_LOOP || e == __WASI_ERRNO_NOTDIR
                   ? 0
                   : -1;
    char buf[16] = {0};
    __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf - 1};
    __wasi_size_t n = 0;
    e = __wasi_fd_read(fd, &iov, 1, &n);
    (void)__wasi_fd_close(fd);
    if (e)
        return -1;
    if (strcmp(buf, "inside\n") == 0)
        return 1;
    printf("read %s through %s\n", buf, path);
    return -1;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 1000;
    int ok[2] = {0, 0}, refused[2] = {0, 0}, bad = 0;
    const char *paths[2] = {"swap/target.txt", "swapf"};
    for (int i = 0; i < rounds; i++) {
        for (int p = 0; p < 2; p++) {
            int r = attempt(paths[p]);
            if (r > 0)
                ok[p]++;
            else if (r == 0)
                refused[p]++;
            else
                bad++;
        }
    }
    printf("swap/target.txt: %d read inside, %d refused; swapf: %d read inside, %d refused\n",
           ok[0], refused[0], ok[1], refused[1]);
    CHECK_EQ(bad, 0);
    CHECK_EQ(ok[0] + refused[0], rounds);
    return check_done("sandbox_race");
}
