/*
 * args_env.c -- args_get/args_sizes_get and environ_get/environ_sizes_get.
 *
 * tests/suites/wasi.sh runs it as
 *   kiln run --argv0 prog --env A=1 --env EMPTY= --env HOSTVAR args_env.wasm \
 *       one "two words" "" héllo
 * with HOSTVAR=from-host in kiln's own environment, and checks here that the
 * guest sees exactly these arguments and exactly these three variables:
 * nothing else of the host's environment leaks in.
 */
#include <stdlib.h>
#include <wasi/api.h>

#include "check.h"

extern char **environ;

int main(int argc, char **argv)
{
    CHECK_EQ(argc, 5);
    if (argc == 5) {
        CHECK(strcmp(argv[0], "prog") == 0);
        CHECK(strcmp(argv[1], "one") == 0);
        CHECK(strcmp(argv[2], "two words") == 0);
        CHECK(strcmp(argv[3], "") == 0);
        CHECK(strcmp(argv[4], "h\xc3\xa9llo") == 0);   /* UTF-8 bytes pass unchanged */
    }
    CHECK(argv[argc] == NULL);

    const char *a = getenv("A"), *empty = getenv("EMPTY"), *host = getenv("HOSTVAR");
    CHECK(a && strcmp(a, "1") == 0);
    CHECK(empty && strcmp(empty, "") == 0);
    CHECK(host && strcmp(host, "from-host") == 0);
    CHECK(getenv("PATH") == NULL);
    CHECK(getenv("HOME") == NULL);
    int n = 0;
    for (char **e = environ; e && *e; e++)
        n++;
    CHECK_EQ(n, 3);

    /* The sizes the raw calls report agree with the strings themselves. */
    __wasi_size_t count, bufsize;
    CHECK_EQ(__wasi_args_sizes_get(&count, &bufsize), 0);
    CHECK_EQ(count, 5);
    size_t want = 0;
    for (int i = 0; i < argc; i++)
        want += strlen(argv[i]) + 1;
    CHECK_EQ(bufsize, want);
    CHECK_EQ(__wasi_environ_sizes_get(&count, &bufsize), 0);
    CHECK_EQ(count, 3);
    CHECK_EQ(bufsize, sizeof "A=1" + sizeof "EMPTY=" + sizeof "HOSTVAR=from-host");

    /* Raw args_get: pointers into one buffer, each string NUL-terminated. */
    uint8_t *ptrs[5], buf[64];
    if (__wasi_args_sizes_get(&count, &bufsize) == 0 && count == 5 && bufsize <= sizeof buf) {
        CHECK_EQ(__wasi_args_get(ptrs, buf), 0);
        CHECK(ptrs[0] == buf);
        CHECK(strcmp((char *)ptrs[2], "two words") == 0);
        CHECK(ptrs[4] + strlen((char *)ptrs[4]) + 1 == buf + bufsize);
    }
    return check_done("args_env");
}
