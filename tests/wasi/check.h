/*
 * check.h -- the checks of kiln's WASI test programs (tests/wasi/NAME.c, built
 * with clang --target=wasm32-wasi, run by tests/suites/wasi.sh).
 *
 * CHECK(cond) counts one passed or failed check and names a failure with
 * its line; CHECK_EQ does the same for two integers and prints both. A
 * program ends with `return check_done("name");`, which prints
 * "name: N passed, M failed" (the suite adds these up) and gives status 1
 * when anything failed. A guest program is single-threaded, so the two
 * counters may be plain statics.
 */
#ifndef KN_WASI_CHECK_H
#define KN_WASI_CHECK_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

static void check_result(int ok, int line, const char *what)
{
    if (ok) {
        check_passed++;
        return;
    }
    check_failed++;
    printf("FAIL line %d: %s (errno %d: %s)\n", line, what, errno, strerror(errno));
}

static void check_eq(long long got, long long want, int line, const char *what)
{
    if (got == want) {
        check_passed++;
        return;
    }
    check_failed++;
    printf("FAIL line %d: %s: got %lld, want %lld (errno %d: %s)\n", line, what, got,
           want, errno, strerror(errno));
}

#define CHECK(cond) check_result((cond) != 0, __LINE__, #cond)
#define CHECK_EQ(got, want) check_eq((long long)(got), (long long)(want), __LINE__, #got)

static int check_done(const char *name)
{
    printf("%s: %d passed, %d failed\n", name, check_passed, check_failed);
    return check_failed ? 1 : 0;
}

#endif
